"""API endpoints for regional salary ranges, regions and currencies.

The salary list uses `RegionalSalary.objects.published().for_listing()` and the shared
`RegionalSalaryFilter`, like the salary explorer page. `?format=csv` exports every matching
row (all pages) in the same order, as CSV, as every list does (`careerguide.api.CSVExportMixin`).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import renderers, viewsets

from careerguide.api import SLUG_PATTERN, CSVExportMixin, CSVRenderer, ModelEndpointMixin

from .filters import RegionalSalaryFilter
from .models import Currency, Region, RegionalSalary
from .serializers import (
    CurrencySerializer,
    RegionalSalarySerializer,
    RegionalSalaryWriteSerializer,
    RegionSerializer,
)


@extend_schema_view(
    list=extend_schema(
        summary="Regional salary ranges",
    ),
    destroy=extend_schema(responses={204: None}),
)
class RegionalSalaryViewSet(CSVExportMixin, ModelEndpointMixin, viewsets.ModelViewSet):
    """Salary ranges by role and region, in local currency and USD, each with its source and date."""

    lookup_value_regex = "[0-9]+"
    filterset_class = RegionalSalaryFilter
    csv_file_name = "careerguide-salaries.csv"
    # One salary range in CSV, too (as before every list had a CSV file).
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    def get_public_queryset(self):
        return RegionalSalary.objects.published().for_listing()

    def get_serializer_class(self):
        return (
            RegionalSalarySerializer
            if self.action in ("list", "export_csv", "retrieve")
            else RegionalSalaryWriteSerializer
        )


class RegionViewSet(CSVExportMixin, ModelEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Countries and named groups of countries that salaries are quoted for."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = RegionSerializer
    csv_file_name = "careerguide-regions.csv"

    def get_public_queryset(self):
        return Region.objects.for_listing()


class CurrencyViewSet(CSVExportMixin, ModelEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """ISO 4217 currencies that amounts are quoted in."""

    lookup_field = "code"
    lookup_value_regex = "[A-Z]{3}"
    serializer_class = CurrencySerializer
    csv_file_name = "careerguide-currencies.csv"

    def get_public_queryset(self):
        return Currency.objects.all()
