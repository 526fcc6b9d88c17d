"""Serializers for the salaries API (regional ranges, regions, currencies) and for the figures a role
guide embeds (sources, key facts, growth, level pay, regional ranges): `roles/serializers.py` builds
the guide from these parts. None of these serializers runs a query.
"""

from rest_framework import serializers

from careerguide.api import ReadModelSerializer

from .models import Currency, Region, Source

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}
PERCENT = {"max_digits": 5, "decimal_places": 2, "read_only": True}


# --- Shared parts -----------------------------------------------------------------------------


class SourceSerializer(ReadModelSerializer):
    """Where a figure comes from, with what it measures, its date and its quality."""

    quality = serializers.CharField(source="get_kind_display", read_only=True, help_text="Official or editorial.")
    is_official = serializers.BooleanField(read_only=True, help_text="True for an official statistic.")
    as_of_display = serializers.CharField(read_only=True, help_text="The as-of date, as precisely as it is known.")

    class Meta:
        model = Source
        fields = [
            "id",
            "publisher",
            "publisher_abbreviation",
            "title",
            "measures",
            "occupation",
            "soc_code",
            "kind",
            "quality",
            "is_official",
            "url",
            "as_of",
            "as_of_precision",
            "as_of_display",
            "notes",
        ]


class RegionBriefSerializer(ReadModelSerializer):
    class Meta:
        model = Region
        fields = ["name", "slug", "kind", "iso_code"]


class CurrencySerializer(ReadModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:currency-detail", lookup_field="code")

    class Meta:
        model = Currency
        fields = ["code", "name", "symbol", "url"]


class RegionSerializer(ReadModelSerializer):
    """A country or a group of countries. Expects `Region.objects.for_listing()`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="slug")
    currency = serializers.CharField(source="currency_id", read_only=True, allow_null=True)
    members = RegionBriefSerializer(many=True, read_only=True, help_text="For a region: the countries it includes.")

    class Meta:
        model = Region
        fields = ["name", "slug", "kind", "iso_code", "area", "currency", "members", "notes", "url"]
