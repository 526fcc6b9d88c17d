"""The editor's admin for role guides: one page per guide with every section as an inline.

Pay sections of the guide (key facts, regional salaries, growth) are inlines from `pay.py`;
a level's pay and focus areas are edited on the level's own page, linked from the ladder inline.
"""

import copy
from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst, slugify

from careerguide.admin import (
    CheckedImportMixin,
    ContentAdmin,
    ImportCheck,
    StackedContentInline,
    TabularContentInline,
)
from careerguide.edit_versions import EDIT_VERSION_FIELD, fieldsets_with_edit_version
from careerguide.formatting import format_money, format_percent_range

from ..forms import GuideImportForm
from ..guide_import import GuideImportError, guide_import
from ..models import (
    FAQ,
    GUIDE_ROWS,
    CareerEntryStep,
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
    SkillSynonym,
    Specialization,
    Tool,
    ToolCategory,
    TopIndustry,
    VisaRoute,
)
from .pay import GrowthProjectionInline, KeyFactsInline, LevelSalaryInline, RegionalSalaryInline

# --- List filters ----------------------------------------------------------------------------------------


class PublicationFilter(admin.SimpleListFilter):
    """Draft, scheduled or live, by the same rule as the public pages (`Role.objects.published()`)."""

    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("live", "Live on the site"), ("scheduled", "Published, waiting for its date"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "draft":
            return queryset.drafts()
        return queryset


class SkillListFilter(admin.SimpleListFilter):
    """Roles that list a skill (`Role.objects.needing_skill`). Lists the skills in one query."""

    title = "skill"
    parameter_name = "skill"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Skill.objects.values_list("pk", "name")]

    def queryset(self, request, queryset):
        return queryset.needing_skill(self.value()) if self.value() else queryset


class SkillCategoryFilter(admin.SimpleListFilter):
    """Roles that list at least one skill of a category (`Role.objects.needing_skill_category`)."""

    title = "skill category"
    parameter_name = "skill_category"

    def lookups(self, request, model_admin):
        return Skill.Category.choices

    def queryset(self, request, queryset):
        if self.value() not in Skill.Category.values:
            return queryset
        return queryset.needing_skill_category(self.value())


# --- Role: the whole guide on one page -------------------------------------------------------------------


class CareerLevelInline(TabularContentInline):
    model = CareerLevel
    fk_name = "role"
    fields = [
        "order",
        "title",
        "slug",
        "years_total_min",
        "years_total_max",
        "years_in_role_min",
        "years_in_role_max",
        "scope",
        "same_as_role",
        "pay",
    ]
    readonly_fields = ["pay"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["same_as_role"]
    show_change_link = True
    verbose_name_plural = "career ladder (open a level to edit its pay and focus areas)"

    def get_queryset(self, request):
        return super().get_queryset(request).with_us_salary()

    @admin.display(description="US median pay")
    def pay(self, level):
        if level.pk is None:
            return "Save first, then open the level to add pay"
        return format_money(level.us_median, "USD") or "—"


class RoleSkillInline(TabularContentInline):
    model = RoleSkill
    fields = ["order", "skill", "detail"]
    autocomplete_fields = ["skill"]
    verbose_name_plural = "skills (type to search the skill taxonomy)"


class ResponsibilityInline(TabularContentInline):
    model = Responsibility
    fields = ["order", "text"]


class EducationPathInline(StackedContentInline):
    model = EducationPath
    classes = ["collapse"]
    autocomplete_fields = ["currency", "source"]
    fields = [
        ("order", "kind", "name"),
        "fields_of_study",
        "description",
        ("cost_min", "cost_max", "cost_max_open_ended", "currency"),
        "cost_note",
        ("duration_min", "duration_max", "duration_unit"),
        "duration_note",
        "source",
    ]
    verbose_name_plural = "education and training"


class CareerEntryTimelineInline(TabularContentInline):
    model = CareerEntryTimeline
    fields = ["order", "route", "years_min", "years_max", "description"]


class CareerEntryStepInline(TabularContentInline):
    model = CareerEntryStep
    fields = ["order", "title", "text"]
    verbose_name_plural = "steps to become one"


class TopIndustryInline(TabularContentInline):
    model = TopIndustry
    fields = ["order", "name", "note"]


class MarketInsightInline(TabularContentInline):
    """The market points of some kinds: the guide has too many for one page, so each section page edits
    the kinds in `kinds`."""

    model = MarketInsight
    fields = ["kind", "order", "title", "body", "source"]
    autocomplete_fields = ["source"]
    kinds: tuple[str, ...] = tuple(MarketInsight.Kind.values)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=self.kinds)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [choice for choice in MarketInsight.Kind.choices if choice[0] in self.kinds]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class MarketChallengeInline(MarketInsightInline):
    kinds = (MarketInsight.Kind.CHALLENGE, MarketInsight.Kind.OPPORTUNITY)
    verbose_name_plural = "challenges and opportunities"


class MarketOutlookInline(MarketInsightInline):
    kinds = (MarketInsight.Kind.OUTLOOK, MarketInsight.Kind.TREND)
    verbose_name_plural = "outlook and trends"


class SpecializationInline(TabularContentInline):
    model = Specialization
    fields = ["order", "name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


class ProConInline(TabularContentInline):
    model = ProCon
    fields = ["kind", "order", "text"]


class FAQInline(TabularContentInline):
    model = FAQ
    fields = ["order", "question", "answer"]


class RoleRelationInline(TabularContentInline):
    model = RoleRelation
    fk_name = "from_role"
    fields = ["order", "to_role", "note"]
    autocomplete_fields = ["to_role"]
    verbose_name_plural = "related roles"


class VisaRouteInline(TabularContentInline):
    model = VisaRoute
    fields = ["order", "kind", "name", "country", "notes"]
    autocomplete_fields = ["country"]


class DataNoteInline(TabularContentInline):
    model = DataNote
    fields = ["kind", "section", "subject", "note"]
    verbose_name_plural = "data notes (gaps and conflicts in the source)"


@dataclass(frozen=True)
class RoleSection:
    """One page of the guide editor: a part of the guide with its rows as inlines (and, for tools and
    certifications, the role's own link fields). `counts` are what the section index counts, as
    (label, relation) pairs, over the rows matching `count_lookups`."""

    slug: str
    title: str
    inlines: tuple = ()
    fields: tuple[str, ...] = ()
    counts: tuple[tuple[str, str], ...] = ()
    count_lookups: dict = field(default_factory=dict)


# The guide's parts in the order the public page shows them; each is small enough to edit on one page.
ROLE_SECTIONS = [
    RoleSection(
        "key-facts",
        "Key facts and growth",
        (KeyFactsInline, GrowthProjectionInline),
        counts=(("key facts", "key_facts"), ("growth projections", "growth_projections")),
    ),
    RoleSection("ladder", "Career ladder", (CareerLevelInline,), counts=(("levels", "levels"),)),
    RoleSection("skills", "Skills", (RoleSkillInline,), counts=(("skills", "role_skills"),)),
    RoleSection(
        "work",
        "Responsibilities and industries",
        (ResponsibilityInline, TopIndustryInline),
        counts=(("responsibilities", "responsibilities"), ("industries", "top_industries")),
    ),
    RoleSection(
        "tools",
        "Tools and certifications",
        fields=("tools_overview", "tools", "certifications"),
        counts=(("tools", "tools"), ("certifications", "certifications")),
    ),
    RoleSection(
        "education",
        "Education and how to become one",
        (EducationPathInline, CareerEntryStepInline, CareerEntryTimelineInline),
        counts=(("paths", "education_paths"), ("steps", "entry_steps"), ("timelines", "entry_timelines")),
    ),
    RoleSection(
        "market",
        "Market: challenges and opportunities",
        (MarketChallengeInline,),
        counts=(("points", "market_insights"),),
        count_lookups={"kind__in": MarketChallengeInline.kinds},
    ),
    RoleSection(
        "outlook",
        "Market: outlook and trends",
        (MarketOutlookInline,),
        counts=(("points", "market_insights"),),
        count_lookups={"kind__in": MarketOutlookInline.kinds},
    ),
    RoleSection("specializations", "Specialisations", (SpecializationInline,), counts=(("", "specializations"),)),
    # A section's introduction is edited with its rows, on its own page, which keeps the role's page short.
    RoleSection(
        "pros-and-cons", "Pros and cons", (ProConInline,), fields=("pros_cons_overview",), counts=(("", "pros_cons"),)
    ),
    RoleSection("faq", "FAQ", (FAQInline,), fields=("faq_overview",), counts=(("questions", "faqs"),)),
    RoleSection("related-roles", "Related roles", (RoleRelationInline,), counts=(("", "relations"),)),
    RoleSection("visas", "Visas", (VisaRouteInline,), counts=(("routes", "visa_routes"),)),
    RoleSection(
        "regional-salaries", "Regional salaries", (RegionalSalaryInline,), counts=(("regions", "regional_salaries"),)
    ),
    RoleSection("data-notes", "Data notes", (DataNoteInline,), counts=(("notes", "data_notes"),)),
]


def registry_sections(sections: list[RoleSection], parts=GUIDE_ROWS) -> list[RoleSection]:
    """A plain section for each part of the registry that a guide owns directly and no section above
    edits yet, so a part added to `roles.models.parts` is editable (all its fields, in a table) before
    anyone writes it a section of its own."""
    edited = {inline.model for section in sections for inline in section.inlines}
    added = []
    for part in parts:
        if part.relation and part.model not in edited:
            inline = type(
                f"{part.model.__name__}Inline", (TabularContentInline,), {"model": part.model, "fk_name": part.owner}
            )
            title = capfirst(part.model._meta.verbose_name_plural)
            added.append(RoleSection(slugify(title), title, (inline,), counts=(("", part.relation),)))
    return added


ROLE_SECTIONS += registry_sections(ROLE_SECTIONS)
ROLE_SECTION_BY_SLUG = {section.slug: section for section in ROLE_SECTIONS}


@admin.register(Role)
class RoleAdmin(CheckedImportMixin, ContentAdmin):
    """The guide editor: the role's own page (its prose, publication and a section index), and one page
    per `RoleSection` with that part's rows. A section page is this admin's change form with the
    section's inlines and fields (`section_view`)."""

    list_display = ["title", "publication", "median_pay", "growth", "guide_reviewed_on", "updated", "preview"]
    list_filter = [PublicationFilter, SkillListFilter, SkillCategoryFilter, "guide_reviewed_on"]
    search_fields = ["title"]  # replaced by `Role.objects.search()` in get_search_results
    search_help_text = "Words in the title, summary, description or skill names."
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tools", "certifications"]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        (
            "Publication",
            {
                "fields": [("is_published", "published_at"), "guide_reviewed_on"],
                "description": "Drafts are hidden from the public pages and the API; "
                "use “Preview” to see the page as readers will.",
            },
        ),
        ("What the role is", {"fields": ["description", "work_environment", "skills_overview"]}),
        ("Becoming one", {"fields": ["how_to_become", "education_overview", "career_path_overview"]}),
        (
            "Pay, market and abroad",
            {
                "fields": [
                    "compensation_overview",
                    "market_overview",
                    "specializations_overview",
                    "global_overview",
                    "remote_work",
                    "visa_overview",
                ]
            },
        ),
        ("Official statistics", {"fields": [("reference_occupation", "soc_code")]}),
        ("Origin", {"fields": ["imported_from"]}),
    ]
    # A new role starts with its key facts; every other part is added on its section page once saved.
    inlines = [KeyFactsInline]
    section: RoleSection | None = None  # set on the copy `section_view` makes

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.import_view)
        section_view = self.admin_site.admin_view(self.section_view)
        return [
            path("import/", view, name="{}_{}_import".format(*info)),
            path("<path:object_id>/section/<slug:slug>/", section_view, name="{}_{}_section".format(*info)),
            *super().get_urls(),
        ]

    # --- Section pages ---

    def section_view(self, request, object_id, slug):
        """One section of the guide: Django's change form for the role with that section's inlines and
        fields. Runs on a copy of this admin, so concurrent requests never share the chosen section."""
        section = ROLE_SECTION_BY_SLUG.get(slug)
        if section is None:
            raise Http404(f"The guide has no section “{slug}”.")
        section_admin = copy.copy(self)
        section_admin.section = section
        context = {"section": section, "title": section.title, "show_save_and_add_another": False, "show_delete": False}
        return section_admin.changeform_view(request, object_id, extra_context=context)

    def get_fieldsets(self, request, obj=None):
        if self.section is not None:
            # The section's own role fields carry the edit version too (careerguide.edit_versions); its rows
            # carry theirs in their inline forms.
            fieldsets = [(None, {"fields": list(self.section.fields)})] if self.section.fields else []
            can_change = obj is not None and self.has_change_permission(request, obj)
            return fieldsets_with_edit_version(fieldsets, can_change=can_change)
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        if self.section is not None:
            return list(self.section.inlines)
        return [] if obj is not None else super().get_inlines(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self.section is not None else super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        # A section page saving only its rows must not add an empty version of the role. (Not on the role's
        # own page: reverting to a version posts an unchanged form of that version's values.)
        # The edit version a form carries (careerguide.edit_versions) is not a change.
        changed = [name for name in form.changed_data if name != EDIT_VERSION_FIELD]
        if self.section is not None and not changed:
            return
        super().save_model(request, obj, form, change)

    def response_post_save_change(self, request, obj):
        """“Save” on a section page goes back to the role's page and its section index."""
        if self.section is not None:
            return HttpResponseRedirect(reverse("admin:roles_role_change", args=[obj.pk]))
        return super().response_post_save_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["role_sections"] = self.section_index(obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def section_index(self, role) -> list[dict]:
        """Each section with its link and row counts, for the index on the role's pages (one query)."""
        parts = {
            f"part_{index}_{relation}": (relation, section.count_lookups)
            for index, section in enumerate(ROLE_SECTIONS)
            for _label, relation in section.counts
        }
        counted = Role.objects.filter(pk=role.pk).with_part_counts(**parts).values(*parts)[0]
        return [
            {
                "section": section,
                "url": reverse("admin:roles_role_section", args=[role.pk, section.slug]),
                "counts": [(label, counted[f"part_{index}_{relation}"]) for label, relation in section.counts],
                "current": section == self.section,
            }
            for index, section in enumerate(ROLE_SECTIONS)
        ]

    # --- Guide import: upload and check, then confirm (careerguide.admin.CheckedImportMixin) ---

    import_kind = "guides"
    import_form_class = GuideImportForm
    import_title = "Import guides"
    import_form_id = "guide-import"
    import_report_template = "admin/roles/role/_import_report.html"
    import_help_template = "admin/roles/role/_import_help.html"
    import_permission_message = "Importing guides needs permission to add and change roles."

    def import_files(self, form) -> dict[str, bytes]:
        return {upload.name: upload.read() for upload in form.cleaned_data["files"]}

    def import_options(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in ("publish", "update", "force")}

    def import_confirm_label(self, options: dict) -> str:
        return "Apply these changes" if options.get("update") else "Create these drafts"

    def import_check(self, request, files, options) -> ImportCheck:
        context, good = self._imported(request, files, dry_run=True, **options)
        return ImportCheck(context | options, good)

    def import_apply(self, request, files, options) -> dict:
        context, good = self._imported(request, files, dry_run=False, **options)
        if not good:
            transaction.set_rollback(True)  # nothing imported: the checked files stay confirmable
        return context

    def _imported(self, request, files: dict[str, bytes], *, dry_run: bool, publish: bool, update: bool, force: bool):
        """Import (or check) each file on its own; what the page shows about them, and the good files."""
        results, good = [], {}
        for name, data in files.items():
            try:
                report = guide_import(
                    name=name,
                    data=data,
                    publish=publish,
                    update=update,
                    force=force,
                    dry_run=dry_run,
                    user=request.user,
                )
            except GuideImportError as error:
                results.append({"name": name, "error": str(error), "report": error.report})
                continue
            good[name] = data
            results.append({"name": name, "report": report, "url": ""})
        if not dry_run:
            # One query for the links of every imported role.
            slugs = [result["report"].role_slug for result in results if "url" in result]
            pks = dict(Role.objects.filter(slug__in=slugs).values_list("slug", "pk"))
            for result in (result for result in results if "url" in result):
                pk = pks.get(result["report"].role_slug)
                result["url"] = reverse("admin:roles_role_change", args=[pk]) if pk else ""
        failed = len(files) - len(good)
        verb = "can be imported" if dry_run else "imported"
        summary = f"{len(good)} of {len(files)} file(s) {verb}" + (f"; {failed} failed (see below)." if failed else ".")
        if not dry_run and good:
            self.message_user(request, summary, messages.SUCCESS if not failed else messages.WARNING)
        return {"results": results, "summary": summary, "failed": failed}, good

    def get_queryset(self, request):
        """Roles with key facts joined and headline growth annotated, for the figure columns (one query)."""
        return super().get_queryset(request).with_headline_figures()

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def view_on_site(self, obj):
        # A direct link to the role's page; for a draft, the pages show staff a preview.
        return obj.get_absolute_url()

    @admin.display(description="status", ordering="is_published")
    def publication(self, role):
        if role.is_public:
            return "Live"
        if role.is_published:
            return f"Scheduled for {timezone.localtime(role.published_at):%Y-%m-%d %H:%M}"
        return "Draft"

    @admin.display(description="median pay", ordering="median_pay_usd")
    def median_pay(self, role):
        facts = getattr(role, "key_facts", None)
        if facts is None or facts.median_pay is None:
            return "—"
        return format_money(facts.median_pay, facts.currency)

    @admin.display(description="growth", ordering="growth_pct")
    def growth(self, role):
        return format_percent_range(role.growth_pct, role.growth_pct_max) or "—"

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, role):
        # A date alone: the full date and time made the column too wide for the list to show "page".
        return f"{timezone.localtime(role.updated_at):%Y-%m-%d}"

    @admin.display(description="page")
    def preview(self, role):
        label = "View" if role.is_public else "Preview"
        return format_html('<a href="{}">{}</a>', role.get_absolute_url(), label)

    @admin.action(description="Publish selected roles now", permissions=["change"])
    def publish(self, request, queryset):
        roles = list(queryset.filter(is_published=False))
        for role in roles:  # save() one by one so each change is in the role's history
            role.is_published = True
            role.save(update_fields=["is_published", "updated_at"])
        self.message_user(request, f"Published {len(roles)} role(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected roles (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        roles = list(queryset.filter(is_published=True))
        for role in roles:
            role.is_published = False
            role.save(update_fields=["is_published", "updated_at"])
        self.message_user(request, f"Moved {len(roles)} role(s) back to draft.", messages.SUCCESS)


# --- Levels: pay and focus areas per rung ----------------------------------------------------------------


class FocusAreaInline(TabularContentInline):
    model = FocusArea
    fields = ["order", "text"]


@admin.register(CareerLevel)
class CareerLevelAdmin(ContentAdmin):
    list_display = ["title", "role", "order", "years_total_min", "years_total_max", "years_in_role_min"]
    list_filter = ["role"]
    list_select_related = ["role"]
    search_fields = ["title", "role__title", "scope"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["role", "same_as_role"]
    fields = [
        "role",
        ("order", "title", "slug"),
        ("years_total_min", "years_total_max"),
        ("years_in_role_min", "years_in_role_max"),
        "scope",
        "same_as_role",
    ]
    inlines = [LevelSalaryInline, FocusAreaInline]


# --- Shared taxonomy -------------------------------------------------------------------------------------


@admin.register(Skill)
class SkillAdmin(ContentAdmin):
    list_display = ["name", "category", "role_count", "slug"]
    list_filter = ["category"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_role_count()

    @admin.display(description="public roles", ordering="role_count")
    def role_count(self, skill):
        return skill.role_count


@admin.register(SkillSynonym)
class SkillSynonymAdmin(ContentAdmin):
    """Two names for one skill: the skills gap and the self-assessment count them as one."""

    list_display = ["skill", "same_as"]
    list_select_related = ["skill", "same_as"]
    search_fields = ["skill__name", "same_as__name"]
    autocomplete_fields = ["skill", "same_as"]


@admin.register(ToolCategory)
class ToolCategoryAdmin(ContentAdmin):
    list_display = ["name", "order", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tool)
class ToolAdmin(ContentAdmin):
    list_display = ["name", "category"]
    list_filter = ["category"]
    list_select_related = ["category"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Certification)
class CertificationAdmin(ContentAdmin):
    list_display = ["name", "abbreviation", "area"]
    search_fields = ["name", "abbreviation", "area"]
    prepopulated_fields = {"slug": ["name"]}


# --- Guide sections as lists, for finding a row across all roles ----------------------------------------


class RoleChildAdmin(ContentAdmin):
    """Shared set-up for content that belongs to one role."""

    list_filter = ["role"]
    list_select_related = ["role"]
    autocomplete_fields = ["role"]


@admin.register(FocusArea)
class FocusAreaAdmin(ContentAdmin):
    list_display = ["text", "level", "order"]
    list_filter = ["level__role"]
    list_select_related = ["level__role"]
    search_fields = ["text", "level__title"]
    autocomplete_fields = ["level"]


@admin.register(RoleSkill)
class RoleSkillAdmin(RoleChildAdmin):
    list_display = ["skill", "role", "order", "detail"]
    list_filter = ["role", "skill__category"]
    list_select_related = ["role", "skill"]
    search_fields = ["skill__name", "role__title", "detail"]
    autocomplete_fields = ["role", "skill"]


@admin.register(RoleRelation)
class RoleRelationAdmin(ContentAdmin):
    list_display = ["from_role", "to_role", "order"]
    list_select_related = ["from_role", "to_role"]
    search_fields = ["from_role__title", "to_role__title"]
    autocomplete_fields = ["from_role", "to_role"]


@admin.register(Responsibility)
class ResponsibilityAdmin(RoleChildAdmin):
    list_display = ["__str__", "role", "order"]
    search_fields = ["text"]


@admin.register(EducationPath)
class EducationPathAdmin(RoleChildAdmin):
    list_display = ["name", "role", "kind", "cost_min", "cost_max", "currency", "duration_min", "duration_max"]
    list_filter = ["role", "kind"]
    search_fields = ["name", "fields_of_study"]
    autocomplete_fields = ["role", "currency", "source"]


@admin.register(CareerEntryStep)
class CareerEntryStepAdmin(RoleChildAdmin):
    list_display = ["__str__", "role", "order"]
    search_fields = ["title", "text"]


@admin.register(TopIndustry)
class TopIndustryAdmin(RoleChildAdmin):
    list_display = ["name", "role", "order"]
    search_fields = ["name"]


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
