"""Serializers for the salaries API: regional ranges, regions and currencies.

The parts a role guide also embeds (sources, regions in brief, role links) come from
`roles/serializers.py`. None of these serializers runs a query.
"""

from rest_framework import serializers

from careerguide.api import WriteSerializer
from roles.models import Role, Source
from roles.serializers import RegionBriefSerializer, RoleLinkSerializer, SourceSerializer

from .models import Currency, Region, RegionalSalary
from .services import salary_currency_error


class RegionalSalarySerializer(serializers.ModelSerializer):
    """One regional salary range. Expects `RegionalSalary.objects.for_listing()`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:salary-detail")
    role = RoleLinkSerializer(read_only=True)
    region = RegionBriefSerializer(read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True, help_text="ISO 4217 code of local amounts.")
    source = SourceSerializer(read_only=True)
    as_of = serializers.DateField(source="source.as_of", read_only=True, allow_null=True, help_text="Source's date.")

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
            "note",
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
            "note",
            "source",
        ]


class CurrencySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:currency-detail", lookup_field="code")

    class Meta:
        model = Currency
        fields = ["code", "name", "symbol", "url"]


class RegionSerializer(serializers.ModelSerializer):
    """A country or a group of countries. Expects `Region.objects.for_listing()`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="slug")
    currency = serializers.CharField(source="currency_id", read_only=True, allow_null=True)
    members = RegionBriefSerializer(many=True, read_only=True, help_text="For a region: the countries it includes.")

    class Meta:
        model = Region
        fields = ["name", "slug", "kind", "iso_code", "area", "currency", "members", "notes", "url"]
