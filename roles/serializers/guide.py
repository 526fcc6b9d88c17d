"""The role list, the whole guide, levels, skills, comparisons and the API's description.

A role guide is the aggregate the API is built around: it embeds its figures (`pay.py`) and the sources,
regions and currencies of `salaries/serializers.py`. Serializers only shape objects that a QuerySet method has
already loaded (named in each docstring); none of them runs a query.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import Hyperlink
from rest_framework.reverse import reverse

from careerguide.api import PageURLField, ReadModelSerializer, WriteSerializer, page_url
from salaries.serializers import MONEY, PERCENT, RegionBriefSerializer, SourceSerializer

from ..models import (
    FAQ,
    GUIDE_TEXT_FIELDS,
    CareerEntryStep,
    CareerEntryTimeline,
    CareerLevel,
    Certification,
    DataNote,
    EducationPath,
    MarketInsight,
    ProCon,
    Role,
    RoleSkill,
    Skill,
    Specialization,
    Tool,
    TopIndustry,
    VisaRoute,
)
from .pay import (
    GrowthProjectionSerializer,
    KeyFactsSerializer,
    LevelSalarySerializer,
    MedianPayCheckSerializer,
    RegionalRangeSerializer,
    RoleLinkSerializer,
)

# --- Guides ---------------------------------------------------------------------------------------


class SkillBriefSerializer(ReadModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:skill-detail", lookup_field="slug")

    class Meta:
        model = Skill
        fields = ["name", "slug", "category", "url"]


class RelatedRoleLinkSerializer(serializers.Serializer):
    """A role that may only be a name: links appear only when it has a published guide."""

    title = serializers.CharField(read_only=True)
    slug = serializers.SerializerMethodField(help_text="Null when the role has no published guide.")
    url = serializers.SerializerMethodField(help_text="API address; null when the role has no published guide.")
    guide_url = serializers.SerializerMethodField(help_text="Page address; null when there is no published guide.")

    def get_slug(self, role) -> str | None:
        return role.slug if role.is_public else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_url(self, role):
        if not role.is_public:
            return None
        return reverse("api:role-detail", kwargs={"slug": role.slug}, request=self.context.get("request"))

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_guide_url(self, role):
        return page_url(role, self.context.get("request")) if role.is_public else None


# --- Roles ------------------------------------------------------------------------------------


class RoleListSerializer(ReadModelSerializer):
    """One row of the role list. Expects `Role.objects.with_headline_figures()`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:role-detail", lookup_field="slug")
    guide_url = PageURLField()
    median_pay_usd = serializers.DecimalField(
        **MONEY,
        allow_null=True,
        help_text="Headline median annual pay in USD (null if not stated in USD); a median the guide states per "
        "hour is given as a year of 2,080 hours (BLS's full-time year).",
    )
    growth_pct = serializers.DecimalField(
        **PERCENT, allow_null=True, help_text="Headline projected employment growth, percent (lower bound)."
    )
    growth_pct_max = serializers.DecimalField(
        **PERCENT, allow_null=True, help_text="Upper bound of the headline growth; equals growth_pct for one figure."
    )

    class Meta:
        model = Role
        fields = ["title", "slug", "summary", "median_pay_usd", "growth_pct", "growth_pct_max", "url", "guide_url"]


# Where a level sits on its ladder: its place and the years it takes, as every level serializer shows them.
LADDER_PLACE_FIELDS = [
    "order",
    "title",
    "slug",
    "years_total_min",
    "years_total_max",
    "years_total_display",
    "years_in_role_min",
    "years_in_role_max",
    "years_in_role_display",
]


class CareerLevelInGuideSerializer(ReadModelSerializer):
    years_total_display = serializers.CharField(read_only=True)
    years_in_role_display = serializers.CharField(read_only=True)
    focus_areas = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    salaries = LevelSalarySerializer(many=True, read_only=True)
    same_as_role = RelatedRoleLinkSerializer(read_only=True, allow_null=True)
    guide_url = PageURLField()

    class Meta:
        model = CareerLevel
        fields = [*LADDER_PLACE_FIELDS, "scope", "focus_areas", "salaries", "same_as_role", "guide_url"]


class RoleSkillSerializer(ReadModelSerializer):
    """A skill as one role needs it, with the role-specific detail."""

    name = serializers.CharField(source="skill.name", read_only=True)
    slug = serializers.CharField(source="skill.slug", read_only=True)
    category = serializers.CharField(source="skill.category", read_only=True)
    url = serializers.HyperlinkedRelatedField(
        source="skill", view_name="api:skill-detail", lookup_field="slug", read_only=True
    )

    class Meta:
        model = RoleSkill
        fields = ["name", "slug", "category", "detail", "url"]


class SkillsByCategorySerializer(serializers.Serializer):
    technical = RoleSkillSerializer(many=True, read_only=True)
    soft = RoleSkillSerializer(many=True, read_only=True)


class ToolSerializer(ReadModelSerializer):
    category = serializers.CharField(source="category.name", read_only=True)
    category_slug = serializers.CharField(source="category.slug", read_only=True)

    class Meta:
        model = Tool
        fields = ["name", "slug", "category", "category_slug"]


class CertificationSerializer(ReadModelSerializer):
    class Meta:
        model = Certification
        fields = ["name", "slug", "abbreviation", "area", "description"]


class EducationPathSerializer(ReadModelSerializer):
    currency = serializers.CharField(source="currency_id", read_only=True, allow_null=True)
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = EducationPath
        fields = [
            "kind",
            "name",
            "fields_of_study",
            "description",
            "cost_min",
            "cost_max",
            "cost_max_open_ended",
            "cost_note",
            "currency",
            "duration_min",
            "duration_max",
            "duration_unit",
            "duration_note",
            "source",
        ]


class EntryTimelineSerializer(ReadModelSerializer):
    class Meta:
        model = CareerEntryTimeline
        fields = ["route", "years_min", "years_max", "description"]


class EntryStepSerializer(ReadModelSerializer):
    class Meta:
        model = CareerEntryStep
        fields = ["order", "title", "text"]


class TopIndustrySerializer(ReadModelSerializer):
    class Meta:
        model = TopIndustry
        fields = ["name", "note"]


class MarketInsightSerializer(ReadModelSerializer):
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = MarketInsight
        fields = ["kind", "title", "body", "source"]


class OutlookSerializer(serializers.Serializer):
    overview = serializers.CharField(source="market_overview", read_only=True)
    growth_projections = GrowthProjectionSerializer(many=True, read_only=True)
    market_insights = MarketInsightSerializer(many=True, read_only=True)


class SpecializationSerializer(ReadModelSerializer):
    class Meta:
        model = Specialization
        fields = ["name", "slug", "description"]


class ProsConsSerializer(serializers.Serializer):
    pros = serializers.ListField(child=serializers.CharField(), read_only=True)
    cons = serializers.ListField(child=serializers.CharField(), read_only=True)


class FAQSerializer(ReadModelSerializer):
    class Meta:
        model = FAQ
        fields = ["question", "answer"]


class VisaRouteSerializer(ReadModelSerializer):
    country = RegionBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = VisaRoute
        fields = ["kind", "name", "country", "notes"]


class DataNoteSerializer(ReadModelSerializer):
    class Meta:
        model = DataNote
        fields = ["kind", "section", "subject", "note"]


class RelatedRoleSerializer(RelatedRoleLinkSerializer):
    note = serializers.CharField(read_only=True)

    def to_representation(self, relation):
        return {**super().to_representation(relation.to_role), "note": relation.note}


class RoleDetailSerializer(RoleListSerializer):
    """The whole guide. Expects `Role.objects.for_guide_page()`, which loads all of it in fixed queries."""

    key_facts = KeyFactsSerializer(read_only=True, allow_null=True)
    median_pay_check = MedianPayCheckSerializer(
        read_only=True,
        allow_null=True,
        help_text="The key facts' median beside the newest BLS figure loaded for the guide's occupation; "
        "null when the guide states no median.",
    )
    headline_growth = serializers.SerializerMethodField()
    responsibilities = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    levels = CareerLevelInGuideSerializer(many=True, read_only=True)
    skills = serializers.SerializerMethodField()
    tools = ToolSerializer(many=True, read_only=True)
    certifications = CertificationSerializer(many=True, read_only=True)
    education_paths = EducationPathSerializer(many=True, read_only=True)
    entry_timelines = EntryTimelineSerializer(many=True, read_only=True)
    entry_steps = EntryStepSerializer(many=True, read_only=True, help_text="The guide's numbered steps; may be empty.")
    top_industries = TopIndustrySerializer(many=True, read_only=True, help_text="Empty when the guide names none.")
    regional_salaries = RegionalRangeSerializer(many=True, read_only=True)
    outlook = serializers.SerializerMethodField()
    specializations = SpecializationSerializer(many=True, read_only=True)
    pros_cons = serializers.SerializerMethodField()
    faqs = FAQSerializer(many=True, read_only=True)
    visa_routes = VisaRouteSerializer(many=True, read_only=True)
    data_notes = DataNoteSerializer(many=True, read_only=True)
    related_roles = RelatedRoleSerializer(source="relations", many=True, read_only=True)

    class Meta:
        model = Role
        fields = [
            *RoleListSerializer.Meta.fields,
            "description",
            "key_facts",
            "median_pay_check",
            "headline_growth",
            "top_industries",
            "work_environment",
            "responsibilities",
            "tools_overview",
            "levels",
            "career_path_overview",
            "skills_overview",
            "skills",
            "tools",
            "certifications",
            "education_overview",
            "education_paths",
            "how_to_become",
            "entry_steps",
            "entry_timelines",
            "compensation_overview",
            "global_overview",
            "regional_salaries",
            "remote_work",
            "visa_overview",
            "visa_routes",
            "outlook",
            "specializations_overview",
            "specializations",
            "pros_cons_overview",
            "pros_cons",
            "faq_overview",
            "faqs",
            "related_roles",
            "data_notes",
            "reference_occupation",
            "soc_code",
            "guide_reviewed_on",
            "updated_at",
        ]

    def to_representation(self, role):
        # The API keeps this under the content version (careerguide.cache.Fragment). DRF's links are strings
        # holding the object they link to, which pickling would carry along with all it prefetched.
        return without_link_objects(super().to_representation(role))

    @extend_schema_field(GrowthProjectionSerializer(allow_null=True))
    def get_headline_growth(self, role):
        headline = role.headline_growth
        return GrowthProjectionSerializer(headline, context=self.context).data if headline else None

    @extend_schema_field(SkillsByCategorySerializer)
    def get_skills(self, role):
        return SkillsByCategorySerializer(role.skills_by_category(), context=self.context).data

    @extend_schema_field(OutlookSerializer)
    def get_outlook(self, role):
        data = {
            "market_overview": role.market_overview,
            "growth_projections": role.growth_projections.all(),
            "market_insights": role.market_insights.all(),
        }
        return OutlookSerializer(data, context=self.context).data

    @extend_schema_field(ProsConsSerializer)
    def get_pros_cons(self, role):
        grouped = role.pros_and_cons()
        return {
            "pros": [item.text for item in grouped[ProCon.Kind.PRO]],
            "cons": [item.text for item in grouped[ProCon.Kind.CON]],
        }


def without_link_objects(data):
    """`data` (dicts and lists of JSON values) with each DRF `Hyperlink` made a plain string: same JSON."""
    if isinstance(data, dict):
        return {key: without_link_objects(value) for key, value in data.items()}
    if isinstance(data, list):
        return [without_link_objects(value) for value in data]
    return str(data) if isinstance(data, Hyperlink) else data


class RoleWriteSerializer(WriteSerializer):
    """What editors may create and change through the API: the role's own fields.

    A guide's parts (levels, skills, salaries) have their own endpoints; the rest is edited in the admin.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:role-detail", lookup_field="slug")

    class Meta:
        model = Role
        fields = [
            "title",
            "slug",
            "summary",
            *GUIDE_TEXT_FIELDS,
            "reference_occupation",
            "soc_code",
            "is_published",
            "published_at",
            "guide_reviewed_on",
            "updated_at",
            "url",
        ]
        read_only_fields = ["updated_at"]


# --- Career levels ----------------------------------------------------------------------------


class CareerLevelSerializer(CareerLevelInGuideSerializer):
    """A ladder level on its own. Expects `CareerLevel.objects.with_us_salary().for_ladder()`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:level-detail")
    role = RoleLinkSerializer(read_only=True)
    us_median = serializers.DecimalField(**MONEY, allow_null=True, help_text="United States median pay, USD.")
    us_average = serializers.DecimalField(**MONEY, allow_null=True, help_text="United States average pay, USD.")
    us_pay_period = serializers.CharField(
        allow_null=True, help_text="What the US median and average are per: year or hour (null without US pay)."
    )

    class Meta(CareerLevelInGuideSerializer.Meta):
        fields = [
            "id",
            "url",
            "role",
            *CareerLevelInGuideSerializer.Meta.fields,
            "us_median",
            "us_average",
            "us_pay_period",
        ]


class CareerLevelWriteSerializer(WriteSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:level-detail")
    role = serializers.SlugRelatedField(slug_field="slug", queryset=Role.objects.all(), help_text="Slug of the role.")
    same_as_role = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Role.objects.all(),
        allow_null=True,
        required=False,
        help_text="Slug of the role with the same name, if any.",
    )

    class Meta:
        model = CareerLevel
        fields = [
            "id",
            "url",
            "role",
            "order",
            "title",
            "slug",
            "years_total_min",
            "years_total_max",
            "years_in_role_min",
            "years_in_role_max",
            "scope",
            "same_as_role",
        ]


# --- Skills -----------------------------------------------------------------------------------


class SkillListSerializer(ReadModelSerializer):
    """Expects `Skill.objects.with_role_count()`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:skill-detail", lookup_field="slug")
    guide_url = PageURLField()
    role_count = serializers.IntegerField(read_only=True, help_text="How many published roles need the skill.")

    class Meta:
        model = Skill
        fields = ["name", "slug", "category", "description", "role_count", "url", "guide_url"]


class SkillDetailSerializer(SkillListSerializer):
    """Expects `Skill.objects.with_role_count().with_public_roles()`."""

    roles = RoleListSerializer(source="public_roles", many=True, read_only=True)

    class Meta(SkillListSerializer.Meta):
        fields = [*SkillListSerializer.Meta.fields, "roles"]


class SkillWriteSerializer(WriteSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:skill-detail", lookup_field="slug")

    class Meta:
        model = Skill
        fields = ["name", "slug", "category", "description", "url"]


# --- Comparisons ------------------------------------------------------------------------------


class ComparedLevelSerializer(ReadModelSerializer):
    us_median = serializers.DecimalField(**MONEY, allow_null=True)
    us_average = serializers.DecimalField(**MONEY, allow_null=True)
    us_pay_period = serializers.CharField(allow_null=True, help_text="year or hour; null without US pay.")
    years_total_display = serializers.CharField(read_only=True)

    class Meta:
        model = CareerLevel
        fields = ["order", "title", "slug", "years_total_display", "us_median", "us_average", "us_pay_period"]


class ComparedRoleSerializer(RoleListSerializer):
    """A `roles.comparisons.ComparedRole`: its role, from `Role.objects.for_comparison()`, with skills and levels."""

    skills = SkillBriefSerializer(source="skill_list", many=True, read_only=True)
    levels = ComparedLevelSerializer(many=True, read_only=True)

    class Meta(RoleListSerializer.Meta):
        fields = [*RoleListSerializer.Meta.fields, "skills", "levels"]

    def to_representation(self, compared):
        return super().to_representation(compared.role)


class ComparisonSerializer(serializers.Serializer):
    """A `roles.comparisons.Comparison`."""

    roles = ComparedRoleSerializer(many=True, read_only=True)
    shared_skills = SkillBriefSerializer(many=True, read_only=True, help_text="Skills every compared role needs.")


class SkillsGapSerializer(serializers.Serializer):
    """A `roles.comparisons.SkillsGap`."""

    from_role = RoleListSerializer(read_only=True)
    to_role = RoleListSerializer(read_only=True)
    shared = SkillBriefSerializer(many=True, read_only=True, help_text="Skills the target needs and you have.")
    to_add = SkillBriefSerializer(many=True, read_only=True, help_text="Skills the target needs that you lack.")
    not_needed = SkillBriefSerializer(many=True, read_only=True, help_text="Your skills the target does not list.")
    coverage_pct = serializers.IntegerField(read_only=True, help_text="Share of the target's skills you have.")
    median_pay_difference_usd = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="Target minus current headline median pay, USD."
    )


# --- About ------------------------------------------------------------------------------------


class AboutSerializer(serializers.Serializer):
    api_version = serializers.CharField(read_only=True)
    schema_version = serializers.CharField(read_only=True)
    data_last_updated = serializers.DateField(
        read_only=True, allow_null=True, help_text="Latest edit or editorial review of any published guide."
    )
    sources = SourceSerializer(many=True, read_only=True)
    documentation = serializers.URLField(read_only=True)
    schema = serializers.URLField(read_only=True)
