"""FilterSets shared by the HTML pages and the API: one definition per list."""

import django_filters
from django import forms

from careerguide.filters import (
    MONEY_BOUNDS,
    PERCENT_BOUNDS,
    SEARCH_MAX_LENGTH,
    FilterForm,
    IntegerFilter,
    StableOrderingFilter,
)

from .models import CareerLevel, Role, Skill


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
        fields=(("order", "order"), ("us_median", "salary")), help_text="order or salary (US median)."
    )

    class Meta:
        model = CareerLevel
        fields = ["role", "min_years", "max_years"]
        form = FilterForm

    def filter_max_years(self, queryset, name, value: int):
        return queryset.filter(years_total_max__isnull=False, years_total_max__lte=value)
