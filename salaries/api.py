"""API endpoints for regional salary ranges, regions and currencies.

The salary list uses `RegionalSalary.objects.published().for_listing()` and the shared
`RegionalSalaryFilter`, like the salary explorer page. `?format=csv` exports every matching
row (all pages) in the same order, as CSV.
"""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, viewsets

from careerguide.api import SLUG_PATTERN, CSVRenderer, ModelEndpointMixin, csv_stream

from .filters import RegionalSalaryFilter
from .models import Currency, Region, RegionalSalary
from .serializers import (
    CurrencySerializer,
    RegionalSalarySerializer,
    RegionalSalaryWriteSerializer,
    RegionSerializer,
)

CSV_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="`csv` returns every matching row (not one page) as CSV, nested fields as dotted columns.",
)


@extend_schema_view(
    list=extend_schema(
        summary="Regional salary ranges",
        parameters=[CSV_FORMAT],
        responses={
            (200, "application/json"): RegionalSalarySerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="All matching rows as CSV."),
        },
    ),
    destroy=extend_schema(responses={204: None}),
)
class RegionalSalaryViewSet(ModelEndpointMixin, viewsets.ModelViewSet):
    """Salary ranges by role and region, in local currency and USD, each with its source and date."""

    lookup_value_regex = "[0-9]+"
    filterset_class = RegionalSalaryFilter
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    def get_public_queryset(self):
        return RegionalSalary.objects.published().for_listing()

    def get_serializer_class(self):
        return RegionalSalarySerializer if self.action in ("list", "retrieve") else RegionalSalaryWriteSerializer

    def list(self, request, *args, **kwargs):
        if not isinstance(request.accepted_renderer, CSVRenderer):
            return super().list(request, *args, **kwargs)
        # A CSV export is the whole result, not one page of it, streamed row by row from a database
        # cursor: constant memory and a quick first byte at any size.
        self.paginator.check_query(request)
        queryset = self.filter_queryset(self.get_queryset())
        rows = csv_stream(self.get_serializer(), queryset.iterator(chunk_size=2000))
        return StreamingHttpResponse(rows, content_type=f"text/csv; charset={CSVRenderer.charset}")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            response["Content-Disposition"] = 'attachment; filename="careerguide-salaries.csv"'
        return response


class RegionViewSet(ModelEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Countries and named groups of countries that salaries are quoted for."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = RegionSerializer

    def get_public_queryset(self):
        return Region.objects.for_listing()


class CurrencyViewSet(ModelEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """ISO 4217 currencies that amounts are quoted in."""

    lookup_field = "code"
    lookup_value_regex = "[A-Z]{3}"
    serializer_class = CurrencySerializer

    def get_public_queryset(self):
        return Currency.objects.all()
