"""FilterSets shared by the HTML pages and the API: one definition per list."""

import django_filters
from django import forms
from django.core.validators import RegexValidator

from careerguide.filters import (
    MONEY_BOUNDS,
    PERCENT_BOUNDS,
    SEARCH_MAX_LENGTH,
    FilterForm,
    IntegerFilter,
    LongSelect,
    StableOrderingFilter,
)
from careerguide.pickers import SlugOrTitleChoiceField
from salaries.models import Currency, Region

from .models import CareerLevel, RegionalSalary, Role, Skill


class RoleFilter(django_filters.FilterSet):
    """Filters the role list. Expects a queryset from `Role.objects.published().with_headline_figures()`."""

    q = django_filters.CharFilter(
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        label="Search",
        help_text="Words in title, summary or skills.",
    )
    search = django_filters.CharFilter(
        method="filter_search", max_length=SEARCH_MAX_LENGTH, help_text="Same as q (API convention)."
    )
    skill = django_filters.ModelChoiceFilter(
        queryset=Skill.objects.all(),
        to_field_name="slug",
        method="filter_skill",
        empty_label="Any skill",
        widget=LongSelect,
        help_text="Slug of a skill the role must need.",
    )
    min_median_usd = django_filters.NumberFilter(
        field_name="median_pay_usd", lookup_expr="gte", **MONEY_BOUNDS, help_text="Headline median pay at least (USD)."
    )
    max_median_usd = django_filters.NumberFilter(
        field_name="median_pay_usd", lookup_expr="lte", **MONEY_BOUNDS, help_text="Headline median pay at most (USD)."
    )
    min_growth_pct = django_filters.NumberFilter(
        field_name="growth_pct",
        lookup_expr="gte",
        **PERCENT_BOUNDS,
        help_text="Headline projected growth at least (percent).",
    )
    ordering = StableOrderingFilter(
        fields=(("title", "title"), ("median_pay_usd", "median_pay"), ("growth_pct", "growth")),
        empty_label="Title (default)",
        help_text="title, median_pay or growth; prefix with - for descending.",
    )

    class Meta:
        model = Role
        fields = ["q", "search", "skill", "min_median_usd", "max_median_usd", "min_growth_pct"]
        form = FilterForm

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_skill(self, queryset, name, value: Skill):
        return queryset.needing_skill(value)


class SkillFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", max_length=SEARCH_MAX_LENGTH, label="Search")
    search = django_filters.CharFilter(method="filter_search", max_length=SEARCH_MAX_LENGTH)
    category = django_filters.ChoiceFilter(choices=Skill.Category.choices, help_text="technical or soft.")

    class Meta:
        model = Skill
        fields = ["q", "search", "category"]
        form = FilterForm

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class CareerLevelFilter(django_filters.FilterSet):
    """Filters ladder levels. Ordering by `salary` needs `CareerLevel.objects.with_us_salary()`."""

    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.published(), to_field_name="slug", help_text="Slug of the role."
    )
    min_years = IntegerFilter(
        field_name="years_total_min",
        lookup_expr="gte",
        min_value=0,
        max_value=100,
        help_text="Levels starting at or after N years.",
    )
    max_years = IntegerFilter(
        method="filter_max_years",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput,
        help_text="Levels whose experience band ends by N years (open-ended levels never do).",
    )
    ordering = StableOrderingFilter(
        fields=(("order", "order"), ("us_median_yearly", "salary")),
        help_text="order or salary (US median, an hourly one at 2,080 hours a year).",
    )

    class Meta:
        model = CareerLevel
        fields = ["role", "min_years", "max_years"]
        form = FilterForm

    def filter_max_years(self, queryset, name, value: int):
        return queryset.filter(years_total_max__isnull=False, years_total_max__lte=value)


class RegionalSalaryFilter(django_filters.FilterSet):
    """Filters regional salary ranges. Expects `RegionalSalary.objects.published().for_listing()` (which
    annotates the yearly equivalents the amounts and the order use)."""

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
    # Amounts are yearly: an hourly range is compared as its yearly equivalent (2,080 hours, `with_yearly_usd`).
    min_usd = django_filters.NumberFilter(
        field_name="usd_min_yearly",
        lookup_expr="gte",
        **MONEY_BOUNDS,
        help_text="Whole range at or above this yearly USD amount (hourly ranges at 2,080 hours a year).",
    )
    max_usd = django_filters.NumberFilter(
        field_name="usd_max_yearly",
        lookup_expr="lte",
        **MONEY_BOUNDS,
        help_text="Whole range at or below this yearly USD amount (hourly ranges at 2,080 hours a year).",
    )
    ordering = StableOrderingFilter(
        fields=(("usd_min_yearly", "usd_min"), ("usd_max_yearly", "usd_max")),
        help_text="usd_min or usd_max (yearly equivalents); prefix with - for descending.",
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
