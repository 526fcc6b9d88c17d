"""The role guide editor in the admin: access, the whole-guide page, lists, validation, drafts, history, editors."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from careerguide.admin import version_changes
from roles.admin.guide import ROLE_SECTIONS, registry_sections
from roles.models import (
    FAQ,
    CareerEntryStep,
    CareerEntryTimeline,
    CareerLevel,
    EducationPath,
    GrowthProjection,
    Role,
    RoleRelation,
    RoleSkill,
    SkillSynonym,
    Specialization,
)
from tests import factories
from tests.admin_helpers import (
    PAY_MODELS,
    add_inline_row,
    admin_url,
    declared_constraints,
    expected_constraint_error,
    form_data,
    form_errors,
    inline_errors,
    registered_models,
    with_values,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

# --- Every database constraint has a sentence for editors ----------------------------------------------


def _source():
    return factories.SourceFactory().pk


CONSTRAINT_CASES = {
    "role_relation_unique": lambda: (
        RoleRelation,
        (lambda rel: {"from_role": rel.from_role_id, "to_role": rel.to_role_id, "order": 1})(
            factories.RoleRelationFactory()
        ),
    ),
    "role_relation_not_self": lambda: (
        RoleRelation,
        (lambda role: {"from_role": role.pk, "to_role": role.pk, "order": 1})(factories.RoleFactory()),
    ),
    "career_level_unique_order": lambda: (
        CareerLevel,
        (lambda level: _level_values(level.role, order=level.order))(factories.CareerLevelFactory()),
    ),
    "career_level_unique_slug": lambda: (
        CareerLevel,
        (lambda level: _level_values(level.role, slug=level.slug, order=level.order + 1))(
            factories.CareerLevelFactory()
        ),
    ),
    "career_level_years_total_min_lte_max": lambda: (
        CareerLevel,
        _level_values(factories.RoleFactory(), years_total_min=8, years_total_max=5),
    ),
    "career_level_years_in_role_min_lte_max": lambda: (
        CareerLevel,
        _level_values(factories.RoleFactory(), years_in_role_min=4, years_in_role_max=2),
    ),
    "role_skill_unique": lambda: (
        RoleSkill,
        (lambda link: {"role": link.role_id, "skill": link.skill_id, "order": 1})(factories.RoleSkillFactory()),
    ),
    "skill_synonym_not_itself": lambda: (
        SkillSynonym,
        (lambda skill: {"skill": skill.pk, "same_as": skill.pk})(factories.SkillFactory()),
    ),
    "education_cost_min_gte_0": lambda: (EducationPath, _education_values(cost_min="-1", cost_max="")),
    "education_cost_max_gte_0": lambda: (EducationPath, _education_values(cost_min="", cost_max="-5")),
    "education_cost_min_lte_max": lambda: (EducationPath, _education_values(cost_min="900", cost_max="100")),
    "education_duration_min_lte_max": lambda: (EducationPath, _education_values(duration_min=4, duration_max=2)),
    "education_cost_has_currency": lambda: (EducationPath, _education_values(currency="")),
    "education_duration_has_unit": lambda: (EducationPath, _education_values(duration_unit="")),
    "career_entry_step_unique_order": lambda: (
        CareerEntryStep,
        {"role": factories.CareerEntryStepFactory(order=1).role.pk, "order": 1, "title": "Learn the basics"},
    ),
    "entry_timeline_years_min_lte_max": lambda: (
        CareerEntryTimeline,
        {"role": factories.RoleFactory().pk, "order": 1, "route": "Degree", "years_min": 6, "years_max": 3},
    ),
    "specialization_unique_slug": lambda: (
        Specialization,
        (lambda spec: {"role": spec.role_id, "order": 2, "name": "Other", "slug": spec.slug, "description": "D"})(
            factories.SpecializationFactory()
        ),
    ),
}


def _level_values(role, **values):
    return {
        "role": role.pk,
        "order": 7,
        "title": "Principal",
        "slug": "principal",
        "years_total_min": 3,
        "years_total_max": 5,
        "years_in_role_min": 1,
        "years_in_role_max": 2,
        "scope": "What they do.",
        **values,
    }


def _education_values(**values):
    return {
        "role": factories.RoleFactory().pk,
        "order": 1,
        "kind": "degree",
        "name": "Bachelor's degree",
        "cost_min": "40000",
        "cost_max": "100000",
        "currency": factories.CurrencyFactory().pk,
        "duration_min": 4,
        "duration_max": 4,
        "duration_unit": "years",
        **values,
    }


def test_every_roles_constraint_has_a_message_and_an_admin_test():
    constraints = declared_constraints("roles", exclude=PAY_MODELS)
    assert set(constraints) == set(CONSTRAINT_CASES)
    for constraint in constraints.values():
        assert constraint.violation_error_message != constraint.default_violation_error_message, constraint.name


@pytest.mark.parametrize("constraint", sorted(CONSTRAINT_CASES))
def test_admin_form_explains_each_constraint_and_saves_nothing(admin_client, constraint):
    model, values = CONSTRAINT_CASES[constraint]()
    url = admin_url(model, "add")
    data = with_values(form_data(admin_client.get(url), f"{model._meta.model_name}_form"), **values)
    count = model.objects.count()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert form_errors(response) == expected_constraint_error(
        declared_constraints("roles", exclude=PAY_MODELS)[constraint]
    )
    assert model.objects.count() == count


# --- The whole guide on one page -------------------------------------------------------------------------


@pytest.fixture
def guide():
    """A published role with a little of every section the role page edits."""
    role = factories.RoleFactory(title="Technical Manager", slug="technical-manager")
    factories.KeyFactsFactory(role=role)
    factories.GrowthProjectionFactory(role=role)
    level = factories.CareerLevelFactory(role=role, order=1, title="Junior Technical Manager", slug="junior")
    factories.LevelSalaryFactory(level=level, region=factories.RegionFactory(iso_code="US", name="United States"))
    factories.RoleSkillFactory(role=role)
    factories.FAQFactory(role=role, order=1, question="Is it stressful?")
    factories.RegionalSalaryFactory(role=role)
    return role


def test_role_page_holds_the_roles_own_fields_and_an_index_of_section_pages_with_counts(admin_client, guide):
    response = admin_client.get(admin_url(Role, "change", guide.pk))

    assert response.context["inline_admin_formsets"] == []
    form_fields = response.context["adminform"].form.fields
    assert "summary" in form_fields and "tools" not in form_fields
    index = {entry["section"].slug: entry["counts"] for entry in response.context["role_sections"]}
    assert list(index) == [section.slug for section in ROLE_SECTIONS]
    assert index["ladder"] == [("levels", 1)]
    assert index["faq"] == [("questions", 1)]
    assert index["key-facts"] == [("key facts", 1), ("growth projections", 1)]
    assert index["tools"] == [("tools", 0), ("certifications", 0)]
    assert admin_url(Role, "section", guide.pk, "faq").encode() in response.content


def test_a_part_the_registry_gains_gets_a_plain_section_until_it_has_its_own():
    without_faq = [section for section in ROLE_SECTIONS if section.slug != "faq"]

    (added,) = registry_sections(without_faq)

    assert (added.slug, added.title, added.counts) == ("faq-entries", "FAQ entries", (("", "faqs"),))
    (inline,) = added.inlines
    assert (inline.model, inline.fk_name) == (FAQ, "role")
    assert registry_sections(ROLE_SECTIONS) == []  # every part of the registry has a section today


def test_each_section_page_edits_its_own_rows(admin_client, guide):
    prefixes = {}
    for section in ROLE_SECTIONS:
        response = admin_client.get(admin_url(Role, "section", guide.pk, section.slug))
        assert response.status_code == 200
        assert b'id="role-status"' in response.content  # the draft/live banner
        assert guide.get_absolute_url().encode() in response.content  # the preview link
        prefixes[section.slug] = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == {
        "key-facts": ["key_facts", "growth_projections"],
        "ladder": ["levels"],
        "skills": ["role_skills"],
        "work": ["responsibilities", "top_industries"],
        "tools": [],
        "education": ["education_paths", "entry_steps", "entry_timelines"],
        "market": ["market_insights"],
        "outlook": ["market_insights"],
        "specializations": ["specializations"],
        "pros-and-cons": ["pros_cons"],
        "faq": ["faqs"],
        "related-roles": ["relations"],
        "visas": ["visa_routes"],
        "regional-salaries": ["regional_salaries"],
        "data-notes": ["data_notes"],
    }
    # The ladder links each level to its own page, where its pay and focus areas are edited.
    ladder = admin_client.get(admin_url(Role, "section", guide.pk, "ladder"))
    level = guide.levels.get()
    assert admin_url(CareerLevel, "change", level.pk).encode() in ladder.content
    assert b"$128,000" in ladder.content  # the level's US median, shown in the ladder


@pytest.mark.urls("careerguide.urls")  # the site's own 404 page links to the public pages
def test_unknown_section_is_a_404(admin_client, guide):
    assert admin_client.get(admin_url(Role, "section", guide.pk, "no-such-section")).status_code == 404


def test_market_pages_split_the_points_by_kind(admin_client, guide):
    factories.MarketInsightFactory(role=guide, kind="trend", body="Trend.")
    factories.MarketInsightFactory(role=guide, kind="challenge", body="Challenge.")
    for slug, kinds in {"market": {"challenge"}, "outlook": {"trend"}}.items():
        response = admin_client.get(admin_url(Role, "section", guide.pk, slug))
        formset = response.context["inline_admin_formsets"][0].formset
        assert {form.instance.kind for form in formset.forms if form.instance.pk} == kinds


def test_editor_saves_a_new_faq_on_the_faq_page_without_a_new_role_version(admin_client, guide):
    url = admin_url(Role, "section", guide.pk, "faq")
    data = form_data(admin_client.get(url), "role_form")
    versions = guide.history.count()
    data = add_inline_row(data, "faqs", order=2, question="Do I need to code?", answer="Often, a little.")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == admin_url(Role, "change", guide.pk)
    assert list(guide.faqs.values_list("question", flat=True)) == ["Is it stressful?", "Do I need to code?"]
    assert guide.history.count() == versions


def test_editor_saves_the_roles_own_fields(admin_client, guide):
    url = admin_url(Role, "change", guide.pk)
    data = form_data(admin_client.get(url), "role_form")

    response = admin_client.post(url, with_values(data, summary="Leads engineers; owns delivery."))

    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.summary == "Leads engineers; owns delivery."


def test_tools_and_certifications_are_edited_on_their_section_page(admin_client, guide):
    tool = factories.ToolFactory()
    url = admin_url(Role, "section", guide.pk, "tools")
    data = form_data(admin_client.get(url), "role_form")

    assert admin_client.post(url, with_values(data, tools=[tool.pk])).status_code == 302
    assert list(guide.tools.all()) == [tool]


def test_role_add_page_creates_a_draft_with_prepopulated_slug_field(admin_client):
    url = admin_url(Role, "add")
    page = admin_client.get(url)
    assert b"prepopulated_fields" in page.content or b"data-prepopulated-fields" in page.content
    data = with_values(form_data(page, "role_form"), title="Data Engineer", slug="data-engineer")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    role = Role.objects.get(slug="data-engineer")
    assert not role.is_published
    assert role not in Role.objects.published()


# The section page (RoleAdmin.section_view) that edits the rows of each inline prefix.
SECTION_OF = {
    "key_facts": "key-facts",
    "growth_projections": "key-facts",
    "levels": "ladder",
    "role_skills": "skills",
    "entry_timelines": "education",
    "faqs": "faq",
    "relations": "related-roles",
    "regional_salaries": "regional-salaries",
}


def section_url(role, prefix):
    return admin_url(Role, "section", role.pk, SECTION_OF[prefix])


def _post_guide_with(admin_client, guide, prefix, **row):
    url = section_url(guide, prefix)
    data = form_data(admin_client.get(url), "role_form")
    return admin_client.post(url, add_inline_row(data, prefix, **row))


def test_adding_a_skill_the_role_already_lists_is_explained_and_nothing_is_saved(admin_client, guide):
    existing = guide.role_skills.get()
    response = _post_guide_with(admin_client, guide, "role_skills", order=5, skill=existing.skill_id)

    assert response.status_code == 200
    assert inline_errors(response) == [("role_skills", {"skill": ["This skill is already listed for the role."]})]
    assert guide.role_skills.count() == 1


def test_two_new_rows_with_the_same_skill_are_refused(admin_client, guide):
    skill = factories.SkillFactory()
    url = section_url(guide, "role_skills")
    data = form_data(admin_client.get(url), "role_form")
    data = add_inline_row(data, "role_skills", order=5, skill=skill.pk)
    data = add_inline_row(data, "role_skills", order=6, skill=skill.pk)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    message = "Two rows have the same skill; each row must be different. Remove or change one."
    assert inline_errors(response) == [
        ("role_skills", {"__formset__": [message]}),
        ("role_skills", {"__all__": ["This row repeats another row."]}),
    ]
    assert guide.role_skills.count() == 1


def test_duplicate_level_position_in_the_ladder_inline_is_explained(admin_client, guide):
    response = _post_guide_with(
        admin_client,
        guide,
        "levels",
        order=1,
        title="Senior",
        slug="senior",
        years_total_min=5,
        years_in_role_min=2,
        scope="Leads.",
    )

    assert response.status_code == 200
    message = "Another level of this role already has this position on the ladder."
    assert inline_errors(response) == [("levels", {"order": [message]})]
    assert guide.levels.count() == 1


def test_check_constraint_inside_an_inline_is_explained(admin_client, guide):
    response = _post_guide_with(
        admin_client, guide, "entry_timelines", order=1, route="Degree", years_min=6, years_max=2
    )

    assert response.status_code == 200
    assert inline_errors(response) == [
        ("entry_timelines", {"years_max": ["The maximum years must be at least the minimum."]})
    ]
    assert not guide.entry_timelines.exists()


def test_role_cannot_be_related_to_itself_in_the_inline(admin_client, guide):
    response = _post_guide_with(admin_client, guide, "relations", order=1, to_role=guide.pk)

    assert inline_errors(response) == [("relations", {"to_role": ["A role cannot be related to itself."]})]
    assert not guide.relations.exists()


def test_a_second_headline_projection_is_refused_in_the_inline(admin_client, guide):
    source = factories.SourceFactory()
    response = _post_guide_with(
        admin_client, guide, "growth_projections", is_headline="on", pct_min=5, pct_max=8, source=source.pk
    )

    assert response.status_code == 200
    message = "This role already has a headline projection; untick it there first."
    assert inline_errors(response) == [("growth_projections", {"is_headline": [message]})]
    assert guide.growth_projections.count() == 1


def test_two_new_headline_projections_in_one_save_are_refused(admin_client):
    role = factories.RoleFactory()
    source = factories.SourceFactory()
    url = section_url(role, "growth_projections")
    data = form_data(admin_client.get(url), "role_form")
    for low in (5, 6):
        data = add_inline_row(data, "growth_projections", is_headline="on", pct_min=low, pct_max=9, source=source.pk)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    message = "Only one projection can be the headline; untick “headline” on all but one."
    assert inline_errors(response) == [("growth_projections", {"__formset__": [message]})]
    assert not GrowthProjection.objects.exists()


def test_regional_salary_in_another_currency_than_the_region_is_refused_in_the_inline(admin_client, guide):
    poland = factories.RegionFactory(name="Poland", currency=factories.CurrencyFactory(code="PLN", name="Złoty"))
    response = _post_guide_with(
        admin_client,
        guide,
        "regional_salaries",
        region=poland.pk,
        currency=factories.CurrencyFactory(code="EUR", name="Euro").pk,
        local_min=40000,
        local_max=60000,
        usd_min=43000,
        usd_max=65000,
        usd_is_approximate="on",
        source=factories.SourceFactory().pk,
        pay_period="year",
    )

    assert inline_errors(response) == [
        (
            "regional_salaries",
            {
                "currency": [
                    "Salaries in Poland are quoted in PLN, not EUR. Use PLN, or change the region's currency first."
                ]
            },
        )
    ]
    assert guide.regional_salaries.count() == 1


# --- The role list -----------------------------------------------------------------------------------


@pytest.mark.parametrize("extra_roles", [0, 4])
def test_role_list_query_count_does_not_grow_with_roles(admin_client, guide, extra_roles, django_assert_num_queries):
    for _ in range(extra_roles):
        role = factories.RoleFactory()
        factories.KeyFactsFactory(role=role)
        factories.GrowthProjectionFactory(role=role)
    url = admin_url(Role, "changelist")
    admin_client.get(url)  # warm the content-type cache, as a running site has
    # session, user, skills for the skill filter, count, count without filters, the page of roles
    # (key facts and currency joined, headline growth by subquery)
    with django_assert_num_queries(6):
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) == 1 + extra_roles


def test_role_list_shows_status_and_key_figures(admin_client, guide):
    draft = factories.RoleFactory(title="Draft role", is_published=False)
    scheduled = factories.RoleFactory(
        title="Scheduled role", published_at=timezone.now() + timedelta(days=3), is_published=True
    )

    response = admin_client.get(admin_url(Role, "changelist"))

    rows = {row.title: row for row in response.context["cl"].result_list}
    model_admin = admin.site._registry[Role]
    assert model_admin.publication(rows["Technical Manager"]) == "Live"
    assert model_admin.publication(rows["Draft role"]) == "Draft"
    assert model_admin.publication(rows["Scheduled role"]).startswith("Scheduled for ")
    assert model_admin.median_pay(rows["Technical Manager"]) == "$164,070"
    assert model_admin.growth(rows["Technical Manager"]) == "16%"
    assert model_admin.median_pay(rows["Draft role"]) == "—"
    content = response.content.decode()
    assert f'<a href="/roles/{draft.slug}/">Preview</a>' in content
    assert f'<a href="/roles/{scheduled.slug}/">Preview</a>' in content
    assert '<a href="/roles/technical-manager/">View</a>' in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("publication=live", ["Technical Manager"]),
        ("publication=draft", ["Draft role"]),
        ("publication=scheduled", ["Scheduled role"]),
        ("q=Python", ["Draft role"]),  # search reaches skill names
        ("skill_category=soft", ["Scheduled role"]),
    ],
)
def test_role_list_filters_by_publication_skill_category_and_search(admin_client, guide, query, expected):
    draft = factories.RoleFactory(title="Draft role", is_published=False)
    factories.RoleSkillFactory(role=draft, skill=factories.SkillFactory(name="Python"))
    scheduled = factories.RoleFactory(
        title="Scheduled role", published_at=timezone.now() + timedelta(days=3), is_published=True
    )
    factories.RoleSkillFactory(role=scheduled, skill=factories.SkillFactory(name="Empathy", category="soft"))

    response = admin_client.get(f"{admin_url(Role, 'changelist')}?{query}")

    assert [role.title for role in response.context["cl"].result_list] == expected


def test_role_list_filters_by_skill(admin_client, guide):
    skill = guide.role_skills.get().skill
    factories.RoleFactory(title="Other")

    response = admin_client.get(f"{admin_url(Role, 'changelist')}?skill={skill.pk}")

    assert [role.title for role in response.context["cl"].result_list] == ["Technical Manager"]


def test_role_list_orders_by_median_pay_and_growth(admin_client, guide):
    other = factories.RoleFactory(title="A cheaper, faster-growing role")
    factories.KeyFactsFactory(role=other, median_pay=Decimal("90000"))
    factories.GrowthProjectionFactory(role=other, pct_min=Decimal("20"), pct_max=Decimal("20"))
    url = admin_url(Role, "changelist")
    columns = admin_client.get(url).context["cl"].list_display  # includes the action checkbox

    def titles(order):
        return [role.title for role in admin_client.get(f"{url}?o={order}").context["cl"].result_list]

    pay, growth = columns.index("median_pay"), columns.index("growth")
    assert titles(pay) == ["A cheaper, faster-growing role", "Technical Manager"]
    assert titles(f"-{pay}") == ["Technical Manager", "A cheaper, faster-growing role"]
    assert titles(f"-{growth}") == ["A cheaper, faster-growing role", "Technical Manager"]
    assert titles(growth) == ["Technical Manager", "A cheaper, faster-growing role"]


# --- Drafts, preview and publishing ----------------------------------------------------------------------


def test_draft_role_page_says_draft_and_links_to_its_preview(admin_client):
    role = factories.RoleFactory(slug="draft-role", is_published=False)

    response = admin_client.get(admin_url(Role, "change", role.pk))

    content = response.content.decode()
    assert "Draft: hidden from readers and the API." in content
    assert '<a href="/roles/draft-role/" class="viewsitelink" id="role-preview-link">Preview draft</a>' in content


@pytest.mark.urls("careerguide.urls")
def test_preview_link_of_a_draft_opens_the_staff_preview_and_the_public_gets_404(editor_client):
    """With the real public pages: the admin's link is the role's page, which only staff can open."""
    role = factories.RoleFactory(slug="draft-role", is_published=False)
    change_page = editor_client.get(admin_url(Role, "change", role.pk))
    preview_url = change_page.context["absolute_url"]
    assert preview_url == role.get_absolute_url()

    preview = editor_client.get(preview_url)

    assert preview.status_code == 200
    assert "Draft preview — not public." in preview.content.decode()
    assert Client().get(preview_url).status_code == 404


def test_scheduled_role_page_says_when_it_goes_live(admin_client):
    role = factories.RoleFactory(published_at=timezone.now() + timedelta(days=1))

    content = admin_client.get(admin_url(Role, "change", role.pk)).content.decode()

    assert "Scheduled: published, but hidden from readers until" in content
    assert ">Preview draft</a>" in content


def test_live_role_page_links_to_the_public_page(admin_client, guide):
    content = admin_client.get(admin_url(Role, "change", guide.pk)).content.decode()

    assert "Live: readers see this guide on the site and in the API." in content
    assert '<a href="/roles/technical-manager/" class="viewsitelink" id="role-preview-link">View on site</a>' in content


def test_publish_and_unpublish_actions_record_history(admin_client):
    draft = factories.RoleFactory(is_published=False)
    url = admin_url(Role, "changelist")

    admin_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published
    assert draft in Role.objects.published()

    admin_client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_published
    assert [record.is_published for record in draft.history.all()] == [False, True, False]
    assert draft.history.first().history_user.username == "admin"


# --- History: see what changed, revert ------------------------------------------------------------------


def test_history_shows_the_diff_and_revert_restores_the_data(admin_client, guide):
    change_url = admin_url(Role, "change", guide.pk)
    data = form_data(admin_client.get(change_url), "role_form")
    admin_client.post(change_url, with_values(data, title="Tech Manager", summary="Shorter."))
    guide.refresh_from_db()
    assert guide.title == "Tech Manager"

    history = admin_client.get(admin_url(Role, "history", guide.pk)).content.decode()
    assert "<strong>Title:</strong> Technical Manager &rarr; Tech Manager" in history
    assert "<strong>Summary:</strong>" in history

    original, edited = guide.history.order_by("history_date")
    version_url = admin_url(Role, "simple_history", guide.pk, original.history_id)
    version_page = admin_client.get(version_url)
    assert [(c["field"], c["old"], c["new"]) for c in version_page.context["changes_on_revert"]] == [
        ("Title", "Tech Manager", "Technical Manager"),
        ("Summary", "Shorter.", "What a Technical Manager does, in one sentence."),
    ]
    edited_page = admin_client.get(admin_url(Role, "simple_history", guide.pk, edited.history_id))
    assert [(c["field"], c["diff"]) for c in edited_page.context["changes_in_version"]] == [
        ("Title", "<del>Technical</del><ins>Tech</ins> Manager"),
        ("Summary", "<del>What a Technical Manager does, in one sentence.</del><ins>Shorter.</ins>"),
    ]
    content = edited_page.content.decode()
    assert '<td class="cg-change"><del>Technical</del><ins>Tech</ins> Manager</td>' in content

    response = admin_client.post(version_url, form_data(version_page, "historicalrole_form"))

    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.title, guide.summary) == ("Technical Manager", "What a Technical Manager does, in one sentence.")
    assert guide.history.count() == 3


def test_browser_line_breaks_are_stored_as_in_the_fixtures(admin_client, guide):
    """Browsers send textarea line breaks as CR LF: saving must not rewrite every text in the history."""
    guide.description = "First paragraph.\n\nSecond paragraph."
    guide.save()
    faq = guide.faqs.get()
    url = admin_url(Role, "change", guide.pk)
    data = form_data(admin_client.get(url), "role_form")
    as_sent = {name: [value.replace("\n", "\r\n") for value in values] for name, values in data.items()}
    assert as_sent["description"] == ["First paragraph.\r\n\r\nSecond paragraph."]
    assert admin_client.post(url, as_sent).status_code == 302
    faq_url = admin_url(Role, "section", guide.pk, "faq")
    faq_data = form_data(admin_client.get(faq_url), "role_form")
    faq_data = with_values(faq_data, **{"faqs-0-answer": "Yes.\r\nSometimes."})
    assert admin_client.post(faq_url, faq_data).status_code == 302

    guide.refresh_from_db()
    assert guide.description == "First paragraph.\n\nSecond paragraph."
    faq.refresh_from_db()
    assert faq.answer == "Yes.\nSometimes."
    latest = guide.history.first()
    assert version_changes(Role, latest, latest.prev_record) == []


def test_view_only_staff_cannot_revert(client, django_user_model, guide):
    viewer = django_user_model.objects.create_user("viewer", password="password", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_role"))
    client.force_login(viewer)
    guide.title = "Renamed"
    guide.save()
    original = guide.history.order_by("history_date").first()
    url = admin_url(Role, "simple_history", guide.pk, original.history_id)
    assert client.get(url).status_code == 200

    response = client.post(url, {"title": "Technical Manager", "slug": guide.slug})

    assert response.status_code == 403
    guide.refresh_from_db()
    assert guide.title == "Renamed"


# --- The Editors group ----------------------------------------------------------------------------------


def test_editors_group_may_edit_content_but_not_delete_roles_or_manage_users():
    permissions = set(Group.objects.get(name="Editors").permissions.values_list("content_type__app_label", "codename"))
    assert {("roles", "add_role"), ("roles", "change_role"), ("roles", "view_role")} <= permissions
    assert ("roles", "delete_role") not in permissions
    assert {("roles", "delete_faq"), ("roles", "delete_regionalsalary"), ("roles", "add_regionalsalary")} <= (
        permissions
    )
    assert {app for app, _ in permissions} == {"roles", "salaries"}
    for model in [*registered_models("roles"), *registered_models("salaries")]:
        for action in ("view", "add", "change"):
            assert (model._meta.app_label, f"{action}_{model._meta.model_name}") in permissions


def test_editor_can_open_and_save_guides(editor_client, guide):
    assert editor_client.get(admin_url(Role, "add")).status_code == 200
    url = admin_url(Role, "change", guide.pk)
    data = form_data(editor_client.get(url), "role_form")
    assert editor_client.post(url, with_values(data, summary="Edited by an editor.")).status_code == 302
    guide.refresh_from_db()
    assert guide.summary == "Edited by an editor."

    url = admin_url(Role, "section", guide.pk, "faq")
    data = form_data(editor_client.get(url), "role_form")
    data = add_inline_row(data, "faqs", order=3, question="Is there on-call?", answer="Sometimes.")
    assert editor_client.post(url, data).status_code == 302
    assert guide.faqs.count() == 2


def test_editor_cannot_delete_a_role_but_can_delete_a_faq(editor_client, guide):
    assert editor_client.get(admin_url(Role, "delete", guide.pk)).status_code == 403
    assert editor_client.post(admin_url(Role, "delete", guide.pk), {"post": "yes"}).status_code == 403
    changelist = editor_client.get(admin_url(Role, "changelist"))
    assert "delete_selected" not in dict(changelist.context["action_form"].fields["action"].choices)
    assert Role.objects.filter(pk=guide.pk).exists()

    faq = guide.faqs.get()
    assert editor_client.post(admin_url(FAQ, "delete", faq.pk), {"post": "yes"}).status_code == 302
    assert not FAQ.objects.filter(pk=faq.pk).exists()


@pytest.mark.parametrize("model", [User, Group], ids=["users", "groups"])
def test_editor_cannot_manage_users_or_groups(editor_client, model):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 403
    assert editor_client.get(admin_url(model, "add")).status_code == 403


# Queries of each page of the real guide for an editor: session, user, the role (its change form), the
# section index counts, then per inline: its rows, plus one per autocomplete that shows a chosen row
# (Django's AutocompleteSelect looks its choice up), plus the permission checks' group lookups.
REAL_GUIDE_QUERIES = {
    "": 6,
    "key-facts": 15,
    "ladder": 9,
    "skills": 27,
    "work": 8,
    "tools": 12,  # + the saved tool and certification links the edit version fingerprints (careerguide.edit_versions)
    "education": 18,
    "market": 22,
    "outlook": 20,
    "specializations": 7,
    "pros-and-cons": 7,
    "faq": 7,
    "related-roles": 12,
    "visas": 13,
    "regional-salaries": 31,
    "data-notes": 7,
}


@pytest.mark.parametrize("slug", REAL_GUIDE_QUERIES)
def test_every_page_of_the_real_technical_manager_guide_loads_small_and_saves_unchanged(
    editor_client, django_assert_num_queries, slug
):
    call_command("load_guides", stdout=StringIO())
    role = Role.objects.get(slug="technical-manager")
    sections = ["levels", "role_skills", "faqs", "regional_salaries", "education_paths", "data_notes", "tools"]
    before = {section: list(getattr(role, section).values_list("pk", flat=True)) for section in sections}
    url = admin_url(Role, "section", role.pk, slug) if slug else admin_url(Role, "change", role.pk)
    editor_client.get(url)  # warm the template and permission caches

    with django_assert_num_queries(REAL_GUIDE_QUERIES[slug]):
        page = editor_client.get(url)
    data = form_data(page, "role_form")
    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert sum(len(values) for values in data.values()) < 250  # the whole guide posted over 1,000
    role.refresh_from_db()
    assert {section: list(getattr(role, section).values_list("pk", flat=True)) for section in sections} == before
    assert role.history.count() == (1 if slug else 2)  # a section page saved unchanged adds no version


def test_role_list_writes_money_and_growth_as_the_pages_do(admin_client):
    role = factories.RoleFactory(title="Canadian role")
    factories.KeyFactsFactory(
        role=role, currency=factories.CurrencyFactory(code="CAD", name="Canadian dollar", symbol="$")
    )
    factories.GrowthProjectionFactory(role=role, pct_min=Decimal("10"), pct_max=Decimal("12"), is_headline=True)

    response = admin_client.get(admin_url(Role, "changelist"))

    row = response.context["cl"].result_list[0]
    model_admin = admin.site._registry[Role]
    assert model_admin.median_pay(row) == "CAD 164,070"  # “$” alone would read as US dollars
    assert model_admin.growth(row) == "10–12%"


# --- Errors you can find ------------------------------------------------------------------------------


def _regional_salary_page_with(admin_client, guide, **values):
    url = section_url(guide, "regional_salaries")
    data = form_data(admin_client.get(url), "role_form")
    return admin_client.post(url, with_values(data, **{f"regional_salaries-0-{k}": v for k, v in values.items()}))


def test_a_raised_minimum_above_the_maximum_is_reported_on_the_minimum(admin_client, guide):
    salary = guide.regional_salaries.get()
    response = _regional_salary_page_with(admin_client, guide, local_min=salary.local_max + 1)

    message = declared_constraints("roles")["regional_salary_local_min_lte_max"].violation_error_message
    assert inline_errors(response) == [("regional_salaries", {"local_min": [message]})]


def test_a_lowered_maximum_below_the_minimum_is_reported_on_the_maximum(admin_client, guide):
    salary = guide.regional_salaries.get()
    response = _regional_salary_page_with(admin_client, guide, local_max=salary.local_min - 1)

    message = declared_constraints("roles")["regional_salary_local_min_lte_max"].violation_error_message
    assert inline_errors(response) == [("regional_salaries", {"local_max": [message]})]


def test_error_summary_lists_each_error_with_a_link_to_its_field(admin_client, guide):
    salary = guide.regional_salaries.get()
    response = _regional_salary_page_with(admin_client, guide, local_min=salary.local_max + 1, source="")

    summary = response.context["error_summary"]
    assert [(error["where"], error["anchor"]) for error in summary] == [
        (
            "Regional salaries (ranges a year or an hour, local currency and the source's USD equivalent), "
            "row 1: Local min",
            "id_regional_salaries-0-local_min",
        ),
        (
            "Regional salaries (ranges a year or an hour, local currency and the source's USD equivalent), "
            "row 1: Source",
            "id_regional_salaries-0-source",
        ),
    ]
    content = response.content.decode()
    assert content.index('id="error-summary"') < content.index('id="regional_salaries-group"')
    assert 'href="#id_regional_salaries-0-local_min"' in content
    assert 'id="id_regional_salaries-0-local_min"' in content


# --- Refusals and truthful history --------------------------------------------------------------------


def test_a_refused_delete_gets_the_styled_403_page_saying_why(editor_client, guide):
    response = editor_client.get(admin_url(Role, "delete", guide.pk))

    assert response.status_code == 403
    content = response.content.decode()
    assert 'id="refused-reason"' in content
    assert "Your account may not delete roles" in content
    assert "cg-brand" in content  # the admin's own header, not a bare “403 Forbidden”


def test_history_of_a_summary_only_edit_after_the_fixture_load_shows_only_the_summary(editor_client):
    call_command("load_guides", stdout=StringIO())
    role = Role.objects.get(slug="technical-manager")
    url = admin_url(Role, "change", role.pk)
    data = form_data(editor_client.get(url), "role_form")
    assert editor_client.post(url, with_values(data, summary="Only the summary changed.")).status_code == 302

    history = editor_client.get(admin_url(Role, "history", role.pk))
    content = history.content.decode()
    loaded, edited = role.history.order_by("history_date")
    assert [change.field for change in edited.diff_against(loaded).changes] == ["summary"]
    assert "<strong>Summary:</strong>" in content
    assert "Tools:" not in content and "Certifications:" not in content
    assert "Loaded from the guide fixtures" in content
    assert "No editor (a command)" in content
    assert "/admin/auth/user/" not in content  # editors may not open user accounts: names are not links
    # Newest first, by time.
    assert [record.pk for record in history.context["page_obj"]] == [edited.pk, loaded.pk]

    first_version = editor_client.get(admin_url(Role, "simple_history", role.pk, loaded.history_id))
    assert [change["field"] for change in first_version.context["changes_on_revert"]] == ["Summary"]
