"""FilterSets shared by the salary explorer page and the salaries API."""

import django_filters
from django.core.validators import RegexValidator

from careerguide.filters import MONEY_BOUNDS, FilterForm, StableOrderingFilter
from careerguide.pickers import SlugOrTitleChoiceField
from roles.models import Role

from .models import Currency, Region, RegionalSalary


class RegionalSalaryFilter(django_filters.FilterSet):
    """Filters regional salary ranges. Expects `RegionalSalary.objects.published().for_listing()`."""

    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.published(), to_field_name="slug", empty_label="Any role", help_text="Slug of the role."
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label="Any region",
        help_text="Slug of the country or region.",
    )
    country = django_filters.CharFilter(
        method="filter_country",
        max_length=2,
        min_length=2,
        validators=[RegexValidator(r"^[A-Za-z]{2}$", "Use a two-letter ISO 3166-1 country code, e.g. DE.")],
        help_text="ISO 3166-1 alpha-2 code; also matches regions that include the country.",
    )
    currency = django_filters.ModelChoiceFilter(
        queryset=Currency.objects.all(), help_text="ISO 4217 code of the local currency, e.g. EUR."
    )
    min_usd = django_filters.NumberFilter(
        field_name="usd_min", lookup_expr="gte", **MONEY_BOUNDS, help_text="Whole range at or above this USD amount."
    )
    max_usd = django_filters.NumberFilter(
        field_name="usd_max", lookup_expr="lte", **MONEY_BOUNDS, help_text="Whole range at or below this USD amount."
    )
    ordering = StableOrderingFilter(
        fields=(("usd_min", "usd_min"), ("usd_max", "usd_max")),
        help_text="usd_min or usd_max; prefix with - for descending.",
    )

    class Meta:
        model = RegionalSalary
        fields = ["role", "region", "country", "currency", "min_usd", "max_usd"]
        form = FilterForm

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)


class RolePickerFilter(django_filters.ModelChoiceFilter):
    field_class = SlugOrTitleChoiceField


class SalaryExplorerFilter(RegionalSalaryFilter):
    """The salary explorer page's filters: as `RegionalSalaryFilter`, but on that page `?currency=`
    chooses the currency amounts are shown in (see `salaries.forms.DisplayCurrencyForm`)."""

    currency = None
    # A text input with suggestions, not a <select> of every role; a typed title works too.
    role = RolePickerFilter(
        queryset=Role.objects.published(),
        to_field_name="slug",
        error_messages={"invalid_choice": "No published role has that title or slug; check the spelling."},
    )

    class Meta(RegionalSalaryFilter.Meta):
        fields = ["role", "region", "country", "min_usd", "max_usd"]
