"""API endpoints of BLS's OEWS figures: occupations, areas, industries and wage estimates.

Read-only, cached, ETagged and throttled like every endpoint (`ModelEndpointMixin`); lists use the
FilterSets of `oews_filters.py` and the QuerySet methods of `oews_models.py`. `/api/v1/wages/?format=csv`
streams every matching estimate as CSV.
"""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, viewsets

from careerguide.api import CSVRenderer, ModelEndpointMixin, csv_stream

from .models import Occupation, OewsArea, OewsFootnote, OewsIndustry, OewsRelease, WageEstimate
from .oews_filters import OccupationFilter, OewsAreaFilter, WageEstimateFilter
from .oews_serializers import (
    OccupationDetailSerializer,
    OccupationSerializer,
    OewsAreaSerializer,
    OewsIndustrySerializer,
    WageEstimateCSVSerializer,
    WageEstimateSerializer,
)

CSV_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="`csv` returns every matching estimate (not one page) as CSV, nested fields as dotted columns.",
)
WAGE_EXAMPLE = OpenApiExample(
    "Computer and Information Systems Managers in California, May 2025",
    response_only=True,
    value={
        "occupation": {
            "soc_code": "11-3021",
            "title": "Computer and Information Systems Managers",
            "level": "detailed",
        },
        "area": {"code": "0600000", "name": "California", "type": "state"},
        "industry": {"code": "000000", "name": "Cross-Industry, Private, Federal, State, and Local"},
        "release": {"code": "2025A01", "name": "May 2025", "reference_date": "2025-05-01", "published": "2026-05-15"},
        "employment": 94720,
        "annual_median": 218290,
        "annual_p90": 325970,
        "footnotes": {},
    },
)


class FootnotesContextMixin:
    """Puts every OEWS footnote in the serializer context (one query), for the figures' footnotes."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "footnotes": OewsFootnote.objects.by_code()}


@extend_schema_view(
    list=extend_schema(summary="Occupations (SOC), with their latest national pay"),
    retrieve=extend_schema(summary="An occupation: its groups, latest national estimate and release"),
)
class OccupationViewSet(FootnotesContextMixin, ModelEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Every occupation of the Standard Occupational Classification that BLS's OEWS covers."""

    lookup_field = "soc_code"
    lookup_value_regex = "[0-9]{2}-[0-9]{4}"
    filterset_class = OccupationFilter

    def get_public_queryset(self):
        if self.action == "retrieve":
            return Occupation.objects.for_detail()
        return Occupation.objects.for_listing(OewsRelease.objects.latest_release())

    def get_serializer_class(self):
        return OccupationDetailSerializer if self.action == "retrieve" else OccupationSerializer


@extend_schema_view(list=extend_schema(summary="OEWS areas"), retrieve=extend_schema(summary="An OEWS area"))
class OewsAreaViewSet(ModelEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """The nation, the states and territories, and the metropolitan and nonmetropolitan areas."""

    lookup_field = "code"
    lookup_value_regex = "[0-9]{7}"
    filterset_class = OewsAreaFilter
    serializer_class = OewsAreaSerializer

    def get_public_queryset(self):
        return OewsArea.objects.for_listing()


@extend_schema_view(list=extend_schema(summary="OEWS industries"), retrieve=extend_schema(summary="An OEWS industry"))
class OewsIndustryViewSet(ModelEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """BLS's industries (NAICS-based), in BLS's order, parents before their children."""

    lookup_field = "code"
    lookup_value_regex = "[0-9A-Z-]{6}"
    serializer_class = OewsIndustrySerializer

    def get_public_queryset(self):
        return OewsIndustry.objects.select_related("parent").order_by("position", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Wage estimates by occupation, area and industry",
        parameters=[CSV_FORMAT],
        responses={
            (200, "application/json"): WageEstimateSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="All matching estimates as CSV."),
        },
        examples=[WAGE_EXAMPLE],
    ),
    retrieve=extend_schema(summary="One wage estimate, by id"),
)
class WageEstimateViewSet(FootnotesContextMixin, ModelEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """BLS's estimates: employment and pay of an occupation in an area and industry, for a release.

    Without `industry` or `release`: all industries, latest release. A figure BLS did not publish is null
    and its footnote says why; a top-coded wage is null with its `floor` in `footnotes`.
    """

    lookup_value_regex = "[0-9]+"
    filterset_class = WageEstimateFilter
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    def get_public_queryset(self):
        return WageEstimate.objects.for_listing()

    def get_serializer_class(self):
        return (
            WageEstimateCSVSerializer
            if isinstance(self.request.accepted_renderer, CSVRenderer)
            else WageEstimateSerializer
        )

    def list(self, request, *args, **kwargs):
        if not isinstance(request.accepted_renderer, CSVRenderer):
            return super().list(request, *args, **kwargs)
        # Every matching estimate, streamed from a database cursor: constant memory at any size.
        self.paginator.check_query(request)
        queryset = self.filter_queryset(self.get_queryset())
        rows = csv_stream(self.get_serializer(), queryset.iterator(chunk_size=2000))
        return StreamingHttpResponse(rows, content_type=f"text/csv; charset={CSVRenderer.charset}")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            response["Content-Disposition"] = 'attachment; filename="careerguide-wages.csv"'
        return response
