"""API endpoints for regions and currencies; `?format=csv` exports every matching row, as every list does
(`careerguide.api.CSVExportMixin`)."""

from rest_framework import viewsets

from careerguide.api import SLUG_PATTERN, CSVExportMixin, ModelEndpointMixin

from .models import Currency, Region
from .serializers import (
    CurrencySerializer,
    RegionSerializer,
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
