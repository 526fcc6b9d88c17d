"""The reader's tools: the self-assessment's input and result, and job descriptions (`roles.assessment`,
`roles.job_description`). None of them runs a query."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from careerguide.api import PageURLField, RejectUnknownFieldsMixin, StrictJSONTypesMixin
from salaries.models import Region
from salaries.serializers import RegionBriefSerializer, SourceSerializer

from ..assessment import MAX_YEARS, Answers, Education, Strength, check_choices, check_years
from ..models import (
    CareerLevel,
)
from .guide import LADDER_PLACE_FIELDS, CertificationSerializer, EducationPathSerializer, RoleSkillSerializer
from .pay import LevelSalarySerializer, RegionalRangeSerializer, RoleLinkSerializer

# --- Self-assessment (roles.assessment) --------------------------------------------------------


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "enum": Strength.values},
        "description": "Skill slug → how strong you are in it. A skill of the role left out counts as `none`.",
        "example": {"leadership-and-mentorship": "strong", "cloud-platform-architectures": "learning"},
    }
)
class StrengthsField(serializers.DictField):
    """Checked as a whole by `roles.assessment.check_choices`, so each message names the skill in a flat list."""


@extend_schema_field({"type": "array", "items": {"type": "string"}, "description": "Slugs of certifications you hold."})
class SlugListField(serializers.ListField):
    """Checked by `roles.assessment.check_choices`, so errors stay a flat list of sentences."""


class AssessmentInputSerializer(RejectUnknownFieldsMixin, StrictJSONTypesMixin, serializers.Serializer):
    """The self-assessment's questions for the role in `context["role"]` (loaded with `for_assessment()`);
    the limits and checks are `roles.assessment`'s, as the page's `AssessmentForm` uses them."""

    skills = StrengthsField(required=False, default=dict)
    years_total = serializers.IntegerField(
        min_value=0, max_value=MAX_YEARS, help_text=f"Total years of experience, 0 to {MAX_YEARS}."
    )
    years_at_level = serializers.IntegerField(
        min_value=0,
        max_value=MAX_YEARS,
        required=False,
        default=0,
        help_text="Years at your current level; at most `years_total`.",
    )
    certifications = SlugListField(required=False, default=list)
    education = serializers.ChoiceField(
        choices=Education.choices, required=False, allow_blank=True, default="", help_text="Your highest education."
    )
    region = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Region.objects.with_groups(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of a country or region (e.g. `germany`) for regional pay.",
    )
    track = serializers.ChoiceField(
        choices=CareerLevel.Track.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="The ladder's track you are on, where it branches; empty for the ladder's first track.",
    )

    def to_internal_value(self, data):
        if isinstance(data, dict) and data.get("region") == "":  # DRF would quietly read "" as null
            raise serializers.ValidationError({"region": ["Give a region's slug, or null for none."]})
        return super().to_internal_value(data)

    def validate(self, attrs):
        errors = {}
        checks = [
            lambda: check_years(attrs["years_total"], attrs["years_at_level"]),
            lambda: check_choices(self.context["role"], skills=attrs["skills"], certifications=attrs["certifications"]),
        ]
        for check in checks:
            try:
                check()
            except DjangoValidationError as exc:
                for name, messages in exc.message_dict.items():
                    errors.setdefault(name, []).extend(messages)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def answers(self) -> Answers:
        """The validated body as `roles.assessment.Answers` (after `is_valid()`)."""
        data = self.validated_data
        return Answers(
            skills=dict(data["skills"]),
            years_total=data["years_total"],
            years_at_level=data["years_at_level"],
            certifications=frozenset(data["certifications"]),
            education=data["education"],
            region=data["region"],
            track=data["track"],
        )


class LevelBriefSerializer(serializers.ModelSerializer):
    years_total_display = serializers.CharField(read_only=True)
    years_in_role_display = serializers.CharField(read_only=True)
    guide_url = PageURLField()

    class Meta:
        model = CareerLevel
        fields = [*LADDER_PLACE_FIELDS, "guide_url"]


class LevelMatchSerializer(serializers.Serializer):
    level = LevelBriefSerializer(
        read_only=True, allow_null=True, help_text="Null below the first level or without a ladder."
    )
    next = LevelBriefSerializer(read_only=True, allow_null=True, help_text="The level after it; null at the top.")
    also_in_range = LevelBriefSerializer(
        many=True, read_only=True, help_text="Lower levels whose range also holds your years (overlapping ranges)."
    )
    explanation = serializers.CharField(read_only=True)


class MeasureSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["skills", "experience", "time_at_level"], read_only=True)
    label = serializers.CharField(read_only=True)
    have = serializers.IntegerField(read_only=True)
    need = serializers.IntegerField(read_only=True)
    unit = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True, help_text="`have` out of `need`, whole percent, at most 100.")
    short = serializers.IntegerField(read_only=True, help_text="How many more to reach `need`.")
    how = serializers.CharField(read_only=True, help_text="How the figure was computed, in words.")


class ReadinessSerializer(serializers.Serializer):
    level = LevelBriefSerializer(read_only=True)
    is_next = serializers.BooleanField(read_only=True, help_text="True for the level after the one matched.")
    measures = MeasureSerializer(many=True, read_only=True)


class SkillToBuildSerializer(serializers.Serializer):
    name = serializers.CharField(source="skill.name", read_only=True)
    slug = serializers.CharField(source="skill.slug", read_only=True)
    category = serializers.CharField(source="skill.category", read_only=True)
    detail = serializers.CharField(source="link.detail", read_only=True)
    strength = serializers.ChoiceField(choices=Strength.choices, read_only=True)
    reason = serializers.CharField(read_only=True)


class RouteSerializer(serializers.Serializer):
    path = EducationPathSerializer(read_only=True)
    cost_display = serializers.CharField(source="path.cost_display", read_only=True)
    duration_display = serializers.CharField(source="path.duration_display", read_only=True)
    done = serializers.BooleanField(read_only=True, help_text="Your highest education already includes it.")


class AssessedLevelPaySerializer(serializers.Serializer):
    level = LevelBriefSerializer(read_only=True)
    us = LevelSalarySerializer(read_only=True, allow_null=True, help_text="Null when the guide gives no US pay.")
    in_region = LevelSalarySerializer(many=True, read_only=True, help_text="The level's pay in your region, if any.")


class AssessmentEducationSerializer(serializers.Serializer):
    typical = serializers.CharField(source="typical_education", read_only=True, help_text="The guide's words.")
    typical_source = SourceSerializer(source="typical_education_source", read_only=True, allow_null=True)
    yours = serializers.CharField(source="education_label", read_only=True, help_text="Empty when not given.")


class AssessmentAnswersSerializer(serializers.Serializer):
    skills = serializers.DictField(child=serializers.CharField(), read_only=True)
    years_total = serializers.IntegerField(read_only=True)
    years_at_level = serializers.IntegerField(read_only=True)
    certifications = serializers.SerializerMethodField()
    education = serializers.CharField(read_only=True)
    region = serializers.SerializerMethodField(help_text="Slug of the region, or null.")
    track = serializers.CharField(read_only=True)

    def get_certifications(self, answers) -> list[str]:
        return sorted(answers.certifications)

    def get_region(self, answers) -> str | None:
        return answers.region.slug if answers.region is not None else None


class AssessmentSerializer(serializers.Serializer):
    """A `roles.assessment.Assessment`: what the page shows, as data."""

    role = RoleLinkSerializer(read_only=True)
    answers = AssessmentAnswersSerializer(read_only=True)
    level_match = LevelMatchSerializer(source="match", read_only=True)
    readiness = ReadinessSerializer(many=True, read_only=True, help_text="The matched level, then the next.")
    skills_held = RoleSkillSerializer(many=True, read_only=True, help_text="Rated “working” or “strong”.")
    skills_to_build = SkillToBuildSerializer(many=True, read_only=True, help_text="Missing first, then learning.")
    focus_areas = serializers.SerializerMethodField(help_text="What the guide says to develop at your level.")
    education = AssessmentEducationSerializer(source="*", read_only=True)
    routes = RouteSerializer(many=True, read_only=True)
    certifications_held = CertificationSerializer(many=True, read_only=True)
    certifications_to_get = CertificationSerializer(many=True, read_only=True)
    pay = AssessedLevelPaySerializer(many=True, read_only=True)
    region = RegionBriefSerializer(read_only=True, allow_null=True)
    regional_salaries = RegionalRangeSerializer(
        source="regional", many=True, read_only=True, help_text="The role's ranges for your region (any level)."
    )
    rules = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="How this is worked out.")

    def get_focus_areas(self, assessment) -> list[str]:
        return [area.text for area in assessment.focus_areas]


# --- Job descriptions (roles.job_description) ----------------------------------------------------


class JobDescriptionLineSerializer(serializers.Serializer):
    text = serializers.CharField(read_only=True)
    note = serializers.SerializerMethodField(help_text="Number of the source in `sources`, or null.")

    def get_note(self, line) -> int | None:
        return self.context["footnotes"].number(line.source)


class JobDescriptionSectionSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    heading = serializers.CharField(read_only=True)
    paragraphs = JobDescriptionLineSerializer(many=True, read_only=True)
    items = JobDescriptionLineSerializer(many=True, read_only=True)


class JobDescriptionSerializer(serializers.Serializer):
    """A `roles.job_description.JobDescription`; `?format=md` and `?format=txt` give the same as files."""

    title = serializers.CharField(read_only=True)
    role = RoleLinkSerializer(read_only=True)
    level = LevelBriefSerializer(read_only=True)
    position = serializers.IntegerField(read_only=True, help_text="The level's place on the ladder, from 1.")
    total = serializers.IntegerField(read_only=True, help_text="Levels on the ladder.")
    region = RegionBriefSerializer(read_only=True, allow_null=True)
    sections = JobDescriptionSectionSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)
    how_built = serializers.CharField(read_only=True)
    file_stem = serializers.CharField(read_only=True, help_text="File name of the downloads, without extension.")

    def to_representation(self, jd):
        self.context["footnotes"] = jd.footnotes
        return super().to_representation(jd)
