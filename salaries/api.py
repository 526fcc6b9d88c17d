"""API endpoints for regional salary ranges, regions and currencies.

The salary list uses `RegionalSalary.objects.published().for_listing()` and the shared
`RegionalSalaryFilter`, like the salary explorer page. `?format=csv` exports every matching
row (all pages) in the same order, as CSV.
"""

from rest_framework import viewsets

from careerguide.api import SLUG_PATTERN, ModelEndpointMixin

from .models import Currency, Region
from .serializers import (
    CurrencySerializer,
    RegionSerializer,
)


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
