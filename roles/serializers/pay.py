"""The figures a guide states (key facts, growth, pay by level and by region) and the regional salary
endpoint's own serializers. None of them runs a query."""

from rest_framework import serializers

from careerguide.api import PageURLField, ReadModelSerializer, WriteSerializer
from salaries.models import Currency, Region, Source
from salaries.serializers import MONEY, RegionBriefSerializer, SourceSerializer
from salaries.services import salary_currency_error

from ..models import (
    GrowthProjection,
    KeyFacts,
    LevelSalary,
    RegionalSalary,
    Role,
)
from ..official_figures import Standing

# --- Figures a guide states, and the regional salary endpoint ---------------------------------


class RoleLinkSerializer(serializers.Serializer):
    """A role named inside another object (a salary range, a ladder level): title, slug and where to read more."""

    title = serializers.CharField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:role-detail", lookup_field="slug")
    guide_url = PageURLField()


# --- Figures embedded in a guide ---------------------------------------------------------------


class KeyFactsSerializer(ReadModelSerializer):
    """The guide's headline figures, each with its own source."""

    currency = serializers.CharField(source="currency_id", read_only=True)
    median_pay_source = SourceSerializer(read_only=True, allow_null=True)
    pay_range_source = SourceSerializer(read_only=True, allow_null=True)
    annual_openings_source = SourceSerializer(read_only=True, allow_null=True)
    typical_education_source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = KeyFacts
        fields = [
            "currency",
            "median_pay",
            "median_pay_source",
            "pay_range_min",
            "pay_range_max",
            "pay_range_max_open_ended",
            "pay_range_note",
            "pay_range_source",
            "pay_period",
            "annual_openings",
            "annual_openings_approximate",
            "annual_openings_source",
            "typical_education",
            "typical_education_source",
        ]


class GrowthProjectionSerializer(ReadModelSerializer):
    pct_display = serializers.CharField(read_only=True)
    source = SourceSerializer(read_only=True)

    class Meta:
        model = GrowthProjection
        fields = [
            "pct_min",
            "pct_max",
            "pct_display",
            "period_start_year",
            "period_end_year",
            "horizon_years",
            "comparison",
            "occupation",
            "is_headline",
            "source",
        ]


class LevelSalarySerializer(ReadModelSerializer):
    region = RegionBriefSerializer(read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True)
    source = SourceSerializer(read_only=True)

    class Meta:
        model = LevelSalary
        fields = ["region", "currency", "median", "average", "pay_period", "source"]


class RegionalRangeSerializer(ReadModelSerializer):
    """A regional salary range as it appears inside a guide (the role is the guide's)."""

    region = RegionBriefSerializer(read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True)
    source = SourceSerializer(read_only=True)

    class Meta:
        model = RegionalSalary
        fields = [
            "region",
            "currency",
            "local_min",
            "local_max",
            "usd_min",
            "usd_max",
            "usd_is_approximate",
            "pay_period",
            "note",
            "source",
        ]


# --- Salary endpoints ---------------------------------------------------------------------------


class RegionalSalarySerializer(RegionalRangeSerializer):
    """One regional salary range on its own: the range as a guide shows it, with its role and address.
    Expects `RegionalSalary.objects.for_listing()`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:salary-detail")
    role = RoleLinkSerializer(read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True, help_text="ISO 4217 code of local amounts.")
    as_of = serializers.DateField(source="source.as_of", read_only=True, allow_null=True, help_text="Source's date.")

    class Meta(RegionalRangeSerializer.Meta):
        # The source's date goes just before the source, so CSV columns read "..., note, as_of, source.*".
        fields = [
            "id",
            "url",
            "role",
            *(name for name in RegionalRangeSerializer.Meta.fields if name != "source"),
            "as_of",
            "source",
        ]


class RegionalSalaryWriteSerializer(WriteSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:salary-detail")
    role = serializers.SlugRelatedField(slug_field="slug", queryset=Role.objects.all(), help_text="Slug of the role.")
    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=Region.objects.all(), help_text="Slug of the country or region."
    )
    currency = serializers.SlugRelatedField(
        slug_field="code", queryset=Currency.objects.all(), help_text="ISO 4217 code of the local amounts, e.g. EUR."
    )
    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), help_text="Id of the source (listed at /api/v1/about/)."
    )

    def validate(self, attrs):
        # The same editorial rule the admin form and the CSV import apply.
        region = attrs.get("region", getattr(self.instance, "region", None))
        currency = attrs.get("currency", getattr(self.instance, "currency", None))
        if region is not None and currency is not None:
            error = salary_currency_error(region=region, currency_code=currency.code)
            if error:
                raise serializers.ValidationError({"currency": [error]})
        return super().validate(attrs)

    class Meta:
        model = RegionalSalary
        fields = [
            "id",
            "url",
            "role",
            "region",
            "currency",
            "local_min",
            "local_max",
            "usd_min",
            "usd_max",
            "usd_is_approximate",
            "pay_period",
            "note",
            "source",
        ]


class MedianPayCheckSerializer(serializers.Serializer):
    """The guide's median beside the BLS figures loaded here (`roles.official_figures.MedianPayCheck`)."""

    guide_median = serializers.DecimalField(**MONEY)
    guide_date = serializers.CharField(read_only=True, help_text="The guide's date for its figure, e.g. “May 2023”.")
    attribution = serializers.CharField(
        read_only=True, help_text="Whose figure it is as far as this site can tell, e.g. “BLS, as cited by the guide”."
    )
    standing = serializers.ChoiceField(
        choices=[standing.value for standing in Standing],
        read_only=True,
        help_text="matched, differs, older, newer, undated or no_data (against the loaded BLS releases).",
    )
    is_older = serializers.BooleanField(read_only=True, help_text="The guide's figure predates the newest release.")
    summary = serializers.CharField(read_only=True)
    soc_code = serializers.CharField(read_only=True)
    bls_release = serializers.CharField(source="newest.release.name", read_only=True, allow_null=True)
    bls_median = serializers.IntegerField(source="newest.annual", read_only=True, allow_null=True)
    bls_median_floor = serializers.IntegerField(
        source="newest.floor", read_only=True, allow_null=True, help_text="Set when BLS gives only a floor."
    )
