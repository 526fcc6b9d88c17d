"""FilterSets of the OEWS API (occupations, areas, wages): one per list, each a thin layer over the
models' QuerySet methods. Every bad value is a 400 naming the parameter (careerguide.api_policies)."""

import django_filters
from django.core.validators import RegexValidator

from careerguide.filters import SEARCH_MAX_LENGTH, FilterForm, IntegerFilter, StableOrderingFilter

from .models import OEWS_FIGURES, Occupation, OewsArea, WageEstimate

SOC_CODE = RegexValidator(r"^[0-9]{2}-[0-9]{4}$", "Use a SOC code: two digits, a hyphen, four digits, e.g. 11-3021.")
MAJOR_GROUP = RegexValidator(r"^[0-9]{2}-0000$", "Use a major group's SOC code, e.g. 11-0000.")
AREA_CODE = RegexValidator(r"^[0-9]{7}$", "Use BLS's 7-digit area code, e.g. 0600000 for California.")
STATE_CODE = RegexValidator(r"^[0-9]{2}$", "Use the state's 2-digit FIPS code, e.g. 06 for California.")
INDUSTRY_CODE = RegexValidator(r"^[0-9A-Z-]{6}$", "Use BLS's 6-character industry code, e.g. 000000 or 11--12.")
RELEASE_CODE = RegexValidator(r"^[0-9]{4}A[0-9]{2}$", "Use BLS's release code, e.g. 2025A01.")
ANNUAL_BOUNDS = {"min_value": 0, "max_value": 9_999_999}
LEVELS = [(value, label) for value, label in Occupation.Level.choices if value != Occupation.Level.TOTAL]


class OccupationFilter(django_filters.FilterSet):
    """Filters the occupation list. Expects `Occupation.objects.for_listing(release)`."""

    level = django_filters.ChoiceFilter(choices=LEVELS, help_text="major, minor, broad or detailed.")
    group = django_filters.CharFilter(
        method="filter_group", max_length=7, validators=[MAJOR_GROUP], help_text="Major group's SOC code, e.g. 15-0000."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words of the title or a SOC code, typo-tolerant (“electrcian”).",
    )
    min_median = IntegerFilter(
        field_name="national_annual_median",
        lookup_expr="gte",
        **ANNUAL_BOUNDS,
        help_text="National annual median wage at least this (USD).",
    )
    max_median = IntegerFilter(
        field_name="national_annual_median",
        lookup_expr="lte",
        **ANNUAL_BOUNDS,
        help_text="National annual median wage at most this (USD).",
    )
    min_employment = IntegerFilter(
        field_name="national_employment",
        lookup_expr="gte",
        min_value=0,
        max_value=999_999_999,
        help_text="National employment at least this many jobs.",
    )
    ordering = StableOrderingFilter(
        fields=(
            ("national_annual_median", "annual_median"),
            ("national_employment", "employment"),
            ("title", "title"),
            ("soc_code", "soc_code"),
        ),
        help_text="annual_median, employment, title or soc_code; prefix with - for descending.",
    )

    class Meta:
        model = Occupation
        fields = ["level", "group", "search", "min_median", "max_median", "min_employment"]
        form = FilterForm

    def filter_group(self, queryset, name, value):
        return queryset.filter(soc_code__startswith=value[:3])

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class OccupationPageFilter(OccupationFilter):
    """The occupation list page's filters: the API's, showing detailed occupations unless a level is chosen
    (the major groups have their own list at the top of the page)."""

    def __init__(self, data=None, *args, **kwargs):
        # Always bound (an empty query is valid), so that `filter_queryset` applies the default level.
        super().__init__(data if data is not None else {}, *args, **kwargs)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("level"):
            queryset = queryset.filter(level=Occupation.Level.DETAILED)
        return queryset


class OewsAreaFilter(django_filters.FilterSet):
    """Filters the area list. Expects `OewsArea.objects.for_listing()`."""

    type = django_filters.ChoiceFilter(
        field_name="kind", choices=OewsArea.Kind.choices, help_text="national, state or metro."
    )
    state = django_filters.CharFilter(
        field_name="state_code", max_length=2, validators=[STATE_CODE], help_text="2-digit FIPS code, e.g. 06."
    )

    class Meta:
        model = OewsArea
        fields = ["type", "state"]
        form = FilterForm


class WageEstimateFilter(django_filters.FilterSet):
    """Filters wage estimates. Expects `WageEstimate.objects.for_listing()`; without `industry` or
    `release`, all industries (000000) of the latest release."""

    occupation = django_filters.CharFilter(
        field_name="occupation__soc_code", max_length=7, validators=[SOC_CODE], help_text="SOC code, e.g. 11-3021."
    )
    area = django_filters.CharFilter(
        field_name="area__code", max_length=7, validators=[AREA_CODE], help_text="BLS area code, e.g. 0600000."
    )
    area_type = django_filters.ChoiceFilter(
        field_name="area__kind", choices=OewsArea.Kind.choices, help_text="national, state or metro."
    )
    state = django_filters.CharFilter(
        field_name="area__state_code",
        max_length=2,
        validators=[STATE_CODE],
        help_text="2-digit FIPS code of the areas' state, e.g. 06.",
    )
    industry = django_filters.CharFilter(
        method="filter_industry",
        max_length=6,
        validators=[INDUSTRY_CODE],
        help_text="BLS industry code (default 000000, all industries).",
    )
    release = django_filters.CharFilter(
        method="filter_release", max_length=7, validators=[RELEASE_CODE], help_text="Release code (default the latest)."
    )
    ordering = StableOrderingFilter(
        fields=tuple((figure.field, figure.field) for figure in OEWS_FIGURES),
        help_text="Any figure, e.g. -annual_median; unknown figures sort last.",
    )

    class Meta:
        model = WageEstimate
        fields = ["occupation", "area", "area_type", "state", "industry", "release"]
        form = FilterForm

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # The defaults: a parameter left out (or empty) still means one industry and one release.
        if not self.form.cleaned_data.get("industry"):
            queryset = queryset.in_industry(None)
        if not self.form.cleaned_data.get("release"):
            queryset = queryset.of_release(None)
        return queryset

    def filter_industry(self, queryset, name, value):
        return queryset.in_industry(value)

    def filter_release(self, queryset, name, value):
        return queryset.of_release(value)
