"""Serializers of the OEWS API. None runs a query: the viewsets preload what they show and put every
footnote in the context (`context["footnotes"]`, `OewsFootnote.objects.by_code()`)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import (
    OEWS_FIGURES,
    Occupation,
    OewsArea,
    OewsIndustry,
    OewsRelease,
    WageEstimate,
)
from .oews_models import OCCUPATION_LIST_FIGURES, published_figures

FOOTNOTES_SCHEMA = {
    "type": "object",
    "description": "For each figure BLS footnoted: the footnote's code(s) and text, and for a top-coded wage "
    "(`code` 5) its `floor`: the wage is at least that much, and the figure itself is null.",
    "additionalProperties": {
        "type": "object",
        "properties": {
            "code": {"type": "string", "example": "5"},
            "text": {"type": "string"},
            "floor": {"type": "number", "example": 239200},
        },
        "required": ["code", "text"],
    },
    "example": {
        "annual_p90": {
            "code": "5",
            "text": "This wage is equal to or greater than $115.00 per hour or $239,200 per year.",
            "floor": 239200,
        }
    },
}


def figure_field(kind: str, label: str) -> serializers.Field:
    """The read-only field of one figure: a JSON number or null."""
    if kind in ("count", "annual"):
        return serializers.IntegerField(read_only=True, allow_null=True, help_text=label)
    return serializers.DecimalField(
        max_digits=9, decimal_places=3, coerce_to_string=False, read_only=True, allow_null=True, help_text=label
    )


FIGURE_LABELS = {
    "employment": "Employment (jobs), rounded by BLS.",
    "employment_rse": "Relative standard error of the employment estimate, in percent.",
    "hourly_mean": "Mean hourly wage, USD.",
    "annual_mean": "Mean annual wage, USD.",
    "wage_rse": "Relative standard error of the mean wage, in percent.",
    "jobs_per_1000": "Jobs in the occupation per 1,000 jobs in the area.",
    "location_quotient": "The occupation's share of the area's jobs relative to its national share.",
}


def figure_label(name: str) -> str:
    if name in FIGURE_LABELS:
        return FIGURE_LABELS[name]
    period, statistic = name.split("_")
    return f"{period.capitalize()} wage, {'median' if statistic == 'median' else statistic[1:] + 'th percentile'}, USD."


class FiguresMixin(serializers.Serializer):
    """Adds the figures (JSON numbers or null) and their `footnotes` to a representation."""

    figure_names: tuple[str, ...] = tuple(figure.field for figure in OEWS_FIGURES)
    figure_prefix = ""

    @classmethod
    def figure_fields(cls, names) -> dict:
        kinds = {figure.field: figure.kind for figure in OEWS_FIGURES}
        return {name: figure_field(kinds[name], figure_label(name)) for name in names}

    def figures(self, obj) -> dict:
        values, notes = published_figures(
            obj, self.context["footnotes"], fields=self.figure_names, prefix=self.figure_prefix
        )
        return {**values, "footnotes": notes}


class ReleaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = OewsRelease
        fields = ["code", "name", "reference_date", "published"]


class OccupationBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:occupation-detail", lookup_field="soc_code")

    class Meta:
        model = Occupation
        fields = ["soc_code", "title", "level", "url"]


class AreaBriefSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="kind", read_only=True, help_text="national, state or metro.")

    class Meta:
        model = OewsArea
        fields = ["code", "name", "type"]


class IndustryBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OewsIndustry
        fields = ["code", "name"]


class NationalFiguresSerializer(FiguresMixin):
    """The headline national figures an occupation list item carries (from its annotations)."""

    figure_names = OCCUPATION_LIST_FIGURES
    figure_prefix = "national_"
    locals().update(FiguresMixin.figure_fields(OCCUPATION_LIST_FIGURES))

    @extend_schema_field(FOOTNOTES_SCHEMA)
    def get_footnotes(self, obj):  # the schema of the key; to_representation fills it
        return {}

    footnotes = serializers.SerializerMethodField()

    def to_representation(self, instance):
        return self.figures(instance)


class OccupationSerializer(serializers.ModelSerializer):
    """An occupation in the list, with its latest national all-industry figures (null without a release)."""

    parent = serializers.SlugRelatedField(
        slug_field="soc_code",
        read_only=True,
        allow_null=True,
        help_text="The group one level up (none for a major group).",
    )
    url = serializers.HyperlinkedIdentityField(view_name="api:occupation-detail", lookup_field="soc_code")
    national = NationalFiguresSerializer(source="*", read_only=True)

    class Meta:
        model = Occupation
        fields = ["soc_code", "title", "level", "parent", "url", "national"]


class EstimateFiguresSerializer(FiguresMixin):
    """All 17 figures of one estimate and their footnotes."""

    locals().update(FiguresMixin.figure_fields(tuple(figure.field for figure in OEWS_FIGURES)))
    footnotes = serializers.SerializerMethodField()

    @extend_schema_field(FOOTNOTES_SCHEMA)
    def get_footnotes(self, obj):  # the schema of the key; to_representation fills it
        return {}

    def to_representation(self, instance):
        return self.figures(instance)


class OccupationDetailSerializer(serializers.ModelSerializer):
    """The occupation, the groups above it and below it, and its latest national all-industry estimate."""

    parents = OccupationBriefSerializer(source="ancestors", many=True, read_only=True, help_text="Major group first.")
    children = OccupationBriefSerializer(many=True, read_only=True)
    release = ReleaseSerializer(source="national_estimate.release", read_only=True, allow_null=True)
    national = EstimateFiguresSerializer(source="national_estimate", read_only=True, allow_null=True)

    class Meta:
        model = Occupation
        fields = ["soc_code", "title", "level", "description", "parents", "children", "release", "national"]


class OewsAreaSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="kind", read_only=True, help_text="national, state or metro.")
    state = AreaBriefSerializer(read_only=True, allow_null=True, help_text="The state a metropolitan area lies in.")

    class Meta:
        model = OewsArea
        fields = ["code", "name", "type", "state_code", "state"]


class OewsIndustrySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True, help_text="One level up.")

    class Meta:
        model = OewsIndustry
        fields = ["code", "name", "level", "parent"]


class WageEstimateSerializer(serializers.ModelSerializer):
    """One estimate: occupation, area, industry, release, the 17 figures and their footnotes."""

    occupation = OccupationBriefSerializer(read_only=True)
    area = AreaBriefSerializer(read_only=True)
    industry = IndustryBriefSerializer(read_only=True)
    release = ReleaseSerializer(read_only=True)
    locals().update(FiguresMixin.figure_fields(tuple(figure.field for figure in OEWS_FIGURES)))
    footnotes = serializers.SerializerMethodField()

    class Meta:
        model = WageEstimate
        fields = ["occupation", "area", "industry", "release", *(f.field for f in OEWS_FIGURES), "footnotes"]

    @extend_schema_field(FOOTNOTES_SCHEMA)
    def get_footnotes(self, obj):  # the schema of the key; to_representation fills it
        return {}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        values, notes = published_figures(instance, self.context["footnotes"])
        return {**data, **values, "footnotes": notes}


class WageEstimateCSVSerializer(WageEstimateSerializer):
    """As WageEstimateSerializer, with the footnotes in one cell: `annual_p90: 5 (at least 239200); ...`."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["footnotes"] = "; ".join(
            f"{name}: {note['code']}" + (f" (at least {note['floor']})" if "floor" in note else "")
            for name, note in data["footnotes"].items()
        )
        return data
