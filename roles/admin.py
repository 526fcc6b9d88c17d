from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    FAQ,
    CareerEntryTimeline,
    CareerLevel,
    Certification,
    DataNote,
    EducationPath,
    FocusArea,
    MarketInsight,
    ProCon,
    Responsibility,
    Role,
    RoleRelation,
    RoleSkill,
    Skill,
    Source,
    Specialization,
    Tool,
    ToolCategory,
    VisaRoute,
)


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "as_of", "occupation", "soc_code"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "occupation", "soc_code", "measures"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "is_published", "published_at", "guide_reviewed_on", "updated_at"]
    list_filter = ["is_published", "guide_reviewed_on"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tools", "certifications"]


class RoleChildAdmin(SimpleHistoryAdmin):
    """Shared set-up for content that belongs to one role."""

    list_filter = ["role"]
    list_select_related = ["role"]
    autocomplete_fields = ["role"]


@admin.register(CareerLevel)
class CareerLevelAdmin(RoleChildAdmin):
    list_display = ["title", "role", "order", "years_total_min", "years_total_max", "years_in_role_min"]
    search_fields = ["title", "role__title", "scope"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["role", "same_as_role"]


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["text", "level", "order"]
    list_filter = ["level__role"]
    list_select_related = ["level__role"]
    search_fields = ["text", "level__title"]
    autocomplete_fields = ["level"]


@admin.register(Skill)
class SkillAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "slug"]
    list_filter = ["category"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RoleSkill)
class RoleSkillAdmin(RoleChildAdmin):
    list_display = ["skill", "role", "order", "detail"]
    list_filter = ["role", "skill__category"]
    list_select_related = ["role", "skill"]
    search_fields = ["skill__name", "role__title", "detail"]
    autocomplete_fields = ["role", "skill"]


@admin.register(RoleRelation)
class RoleRelationAdmin(SimpleHistoryAdmin):
    list_display = ["from_role", "to_role", "order"]
    list_select_related = ["from_role", "to_role"]
    search_fields = ["from_role__title", "to_role__title"]
    autocomplete_fields = ["from_role", "to_role"]


@admin.register(Responsibility)
class ResponsibilityAdmin(RoleChildAdmin):
    list_display = ["__str__", "role", "order"]
    search_fields = ["text"]


@admin.register(ToolCategory)
class ToolCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tool)
class ToolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category"]
    list_filter = ["category"]
    list_select_related = ["category"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Certification)
class CertificationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "area"]
    search_fields = ["name", "abbreviation", "area"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(EducationPath)
class EducationPathAdmin(RoleChildAdmin):
    list_display = ["name", "role", "kind", "cost_min", "cost_max", "currency", "duration_min", "duration_max"]
    list_filter = ["role", "kind"]
    search_fields = ["name", "fields_of_study"]
    autocomplete_fields = ["role", "currency", "source"]


@admin.register(CareerEntryTimeline)
class CareerEntryTimelineAdmin(RoleChildAdmin):
    list_display = ["route", "role", "years_min", "years_max"]
    search_fields = ["route"]


@admin.register(MarketInsight)
class MarketInsightAdmin(RoleChildAdmin):
    list_display = ["__str__", "role", "kind", "order", "source"]
    list_filter = ["role", "kind"]
    list_select_related = ["role", "source"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["role", "source"]


@admin.register(Specialization)
class SpecializationAdmin(RoleChildAdmin):
    list_display = ["name", "role", "order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ProCon)
class ProConAdmin(RoleChildAdmin):
    list_display = ["__str__", "role", "kind", "order"]
    list_filter = ["role", "kind"]
    search_fields = ["text"]


@admin.register(FAQ)
class FAQAdmin(RoleChildAdmin):
    list_display = ["question", "role", "order"]
    search_fields = ["question", "answer"]


@admin.register(VisaRoute)
class VisaRouteAdmin(RoleChildAdmin):
    list_display = ["name", "role", "kind", "country"]
    list_filter = ["role", "kind"]
    list_select_related = ["role", "country"]
    search_fields = ["name", "notes", "country__name"]
    autocomplete_fields = ["role", "country"]


@admin.register(DataNote)
class DataNoteAdmin(RoleChildAdmin):
    list_display = ["subject", "role", "kind", "section"]
    list_filter = ["role", "kind", "section"]
    search_fields = ["subject", "note"]
