"""`manage.py generate_synthetic_data` (`benchmarks.synthetic`): labelled synthetic guides for load tests, and purge."""

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from benchmarks.synthetic.schema import LABELLED_SHARED, ROLE_MODELS
from benchmarks.synthetic.services import synthetic_data_generate, synthetic_data_purge
from benchmarks.synthetic.vocabulary import SUMMARY_LABEL
from benchmarks.synthetic.writer import FIRST_PK, bulk_insert
from roles.models import (
    SYNTHETIC_PREFIX,
    CareerLevel,
    EducationPath,
    MarketInsight,
    Role,
    RoleRelation,
    RoleSkill,
    Skill,
)
from salaries.models import Region, Source
from salaries.services import salary_currency_error
from tests import factories
from tests.guide_data import GUIDE_SLUG, load_guide

pytestmark = pytest.mark.django_db


def generate(*args) -> tuple[str, str]:
    """Run the command; return (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command("generate_synthetic_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def row_counts() -> Counter:
    """Rows in every table of the content apps, history and many-to-many tables included."""
    return Counter(
        {
            model._meta.label: model._base_manager.count()
            for app in ("roles", "salaries")
            for model in apps.get_app_config(app).get_models(include_auto_created=True)
        }
    )


def dump() -> str:
    """Every row of the content apps, as `dumpdata` writes them (history included)."""
    out = StringIO()
    call_command("dumpdata", "roles", "salaries", stdout=out)
    return out.getvalue()


def synthetic_rows() -> dict[str, list[dict]]:
    """Every row the generator writes for roles, by model, without the save timestamps."""
    return {
        model._meta.label: [
            {key: value for key, value in row.items() if key not in ("created_at", "updated_at")}
            for row in model._base_manager.filter(pk__gte=FIRST_PK).order_by("pk").values()
        ]
        for model in ROLE_MODELS
    }


@pytest.fixture
def guide():
    return load_guide()


# --- What a synthetic role holds -----------------------------------------------------------------------------


def test_every_synthetic_role_is_a_full_published_guide():
    generate("--roles", "5", "--seed", "1")
    roles = list(Role.objects.synthetic().published().for_guide_page().order_by("slug"))
    assert len(roles) == 5
    for number, role in enumerate(roles, start=1):
        levels = list(role.levels.all())
        assert 3 <= len(levels) <= 8
        assert [level.order for level in levels] == list(range(1, len(levels) + 1))
        assert (levels[-1].years_total_min, levels[-1].years_total_max, levels[-1].years_total_display) == (
            20,
            None,
            "20+",
        )
        assert all(level.years_total_max is not None for level in levels[:-1])
        for level in levels:
            assert len(level.focus_areas.all()) >= 2
            us = [salary for salary in level.salaries.all() if salary.region.iso_code == "US"]
            assert len(us) == 1 and us[0].median and us[0].average and us[0].currency_id == "USD"
        assert any(salary.region.iso_code != "US" for level in levels for salary in level.salaries.all())

        skills = role.skills_by_category()
        assert 18 <= len(role.skill_list) <= 22
        assert skills[Skill.Category.TECHNICAL] and skills[Skill.Category.SOFT]
        assert all(link.detail for link in role.role_skills.all())
        assert len(role.responsibilities.all()) >= 5
        assert len(role.faqs.all()) >= 4
        assert all(len(items) >= 3 for items in role.pros_and_cons().values())
        assert len(role.specializations.all()) >= 3
        assert {insight.kind for insight in role.market_insights.all()} == set(MarketInsight.Kind.values)
        assert len(role.tools.all()) >= 4 and role.certifications.all()
        assert len(role.education_paths.all()) >= 3 and len(role.entry_timelines.all()) == 2
        assert len(role.visa_routes.all()) >= 2

        facts = role.key_facts
        assert facts.median_pay and facts.median_pay_source and facts.pay_range_source
        assert facts.annual_openings and facts.annual_openings_source and facts.typical_education_source
        assert role.median_pay_usd == facts.median_pay and role.growth_pct is not None
        projections = list(role.growth_projections.all())
        assert role.headline_growth is not None and sum(p.is_headline for p in projections) == 1
        conflicts = [note for note in role.data_notes.all() if note.kind == "conflict"]
        assert len(projections) == len(conflicts) + 1 == (2 if number % 3 == 0 else 1)

        regional = list(role.regional_salaries.all())
        assert len(regional) >= 8
        assert len({salary.currency_id for salary in regional}) >= 4
        for salary in regional + [s for level in levels for s in level.salaries.all()]:
            assert salary_currency_error(region=salary.region, currency_code=salary.currency_id) is None

        related = [relation.to_role for relation in role.relations.all()]
        assert 3 <= len(related) <= 4 and all(other.slug.startswith(SYNTHETIC_PREFIX) for other in related)
        # Even-numbered roles have steps and industries; odd ones say the (synthetic) source leaves them out.
        gaps = {note.subject for note in role.data_notes.all() if note.kind == "gap"}
        if number % 2 == 0:
            assert len(role.entry_steps.all()) >= 4 and len(role.top_industries.all()) >= 3 and not gaps
        else:
            assert not role.entry_steps.all() and not role.top_industries.all()
            assert gaps == {"Top industries", "Step-by-step path"}


def test_synthetic_rows_are_labelled_and_nothing_unlabelled_is_added(guide):
    before = row_counts()
    generate("--roles", "5")
    added = row_counts() - before

    roles = Role.objects.synthetic()
    assert roles.count() == added["roles.Role"] == 5
    for role in roles:
        assert role.slug.startswith(f"{SYNTHETIC_PREFIX}role-0000")
        assert role.title.startswith("Synthetic Role 0000")
        assert role.summary.startswith(SUMMARY_LABEL) and "generated" in role.description
    for model, label_field in LABELLED_SHARED:
        labelled = model._base_manager.filter(**{f"{label_field}__startswith": SYNTHETIC_PREFIX}).count()
        assert labelled == added[model._meta.label] > 0, model
    assert Skill.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count() == 500
    assert Skill.objects.filter(slug__startswith=SYNTHETIC_PREFIX, name__endswith="(synthetic)").count() == 500
    # Synthetic countries take only ISO codes no real country uses, in currencies the reference already has.
    assert not Region.objects.filter(slug__startswith=SYNTHETIC_PREFIX, iso_code__in=["US", "DE", "GB"]).exists()
    assert Source.objects.filter(publisher_abbreviation__startswith=SYNTHETIC_PREFIX).count() == 3


def test_no_history_is_recorded_for_synthetic_rows(guide):
    history = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    before = {model: model.objects.count() for model in history}
    generate("--roles", "3")
    assert {model: model.objects.count() for model in history} == before


def test_synthetic_rows_pass_model_validation(guide):
    generate("--roles", "4")
    shared = [model for model, _ in LABELLED_SHARED]
    for model in (*ROLE_MODELS, *shared):
        rows = model._base_manager.filter(pk__gte=FIRST_PK).order_by("pk")
        for row in (rows.first(), rows.last()):
            row.full_clean()


# --- Determinism and repeated runs ------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_rows_and_another_seed_does_not():
    generate("--roles", "5", "--seed", "3")
    first = synthetic_rows()
    generate("--purge", "--roles", "5", "--seed", "3")
    assert synthetic_rows() == first
    generate("--purge", "--roles", "5", "--seed", "4")
    assert synthetic_rows()["roles.Role"] != first["roles.Role"]


def test_a_second_run_adds_roles_numbered_on_and_reuses_the_taxonomy():
    generate("--roles", "3")
    out, _ = generate("--roles", "2")
    assert "numbers 00004 to 00005" in out
    slugs = sorted(Role.objects.synthetic().values_list("slug", flat=True))
    assert [slug[len("synthetic-role-") :][:5] for slug in slugs] == ["00001", "00002", "00003", "00004", "00005"]
    assert Skill.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count() == 500
    # Relations stay within a run.
    second_run = set(Role.objects.synthetic().filter(slug__regex=r"-0000[45]-").values_list("pk", flat=True))
    assert set(RoleRelation.objects.filter(from_role__in=second_run).values_list("to_role", flat=True)) <= second_run


def test_an_empty_database_gets_the_reference_rows_and_the_guides_load_afterwards():
    out, _ = generate("--roles", "3")
    assert "Loaded the shared reference rows" in out
    assert Region.objects.filter(iso_code="US", currency="USD").exists()
    levels_before = CareerLevel.objects.filter(role__in=Role.objects.synthetic()).count()

    # Synthetic keys start far above the fixtures' explicit ones: loading the guide overwrites nothing.
    guide = load_guide()
    assert (guide.levels.count(), guide.role_skills.count(), guide.regional_salaries.count()) == (6, 20, 8)
    assert Role.objects.synthetic().count() == 3
    assert CareerLevel.objects.filter(role__in=Role.objects.synthetic()).count() == levels_before
    # load_guides gives the rows it loaded a history baseline, and none to the synthetic rows.
    assert not Role.history.filter(slug__startswith=SYNTHETIC_PREFIX).exists()
    assert CareerLevel.history.count() == 6


# --- Purge -----------------------------------------------------------------------------------------------------


def test_purge_removes_exactly_the_synthetic_rows(guide):
    before = dump()
    generate("--roles", "5")
    assert Role.objects.synthetic().count() == 5
    out, _ = generate("--purge")
    assert "Removed" in out
    assert dump() == before
    assert Role.objects.get(slug=GUIDE_SLUG).levels.count() == 6


def test_purge_keeps_shared_rows_a_real_guide_uses_and_unlinks_real_rows(guide):
    generate("--roles", "3")
    synthetic_role = Role.objects.synthetic().first()
    used_skill = Skill.objects.filter(slug__startswith=SYNTHETIC_PREFIX).first()
    # An editor linked the real guide to synthetic rows.
    RoleSkill.objects.create(role=guide, skill=used_skill, order=99)
    RoleRelation.objects.create(from_role=guide, to_role=synthetic_role, order=99)
    level = guide.levels.first()
    level.same_as_role = synthetic_role
    level.save()

    deleted = synthetic_data_purge()

    assert not Role.objects.synthetic().exists()
    assert list(Skill.objects.filter(slug__startswith=SYNTHETIC_PREFIX)) == [used_skill]
    assert deleted["roles.Skill"] == 499
    assert guide.role_skills.filter(skill=used_skill).exists()
    assert not guide.relations.filter(order=99).exists()
    level.refresh_from_db()
    assert level.same_as_role is None


def test_purge_on_a_database_without_synthetic_rows_changes_nothing(guide):
    before = dump()
    out, _ = generate("--purge")
    assert "Removed 0 synthetic rows." in out
    assert dump() == before


# --- Speed -------------------------------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_number_of_roles(guide, django_assert_num_queries):
    with CaptureQueriesContext(connection) as five:
        synthetic_data_generate(roles=5, seed=1)
    synthetic_data_purge()
    # Savepoint and release; reference check; existing synthetic numbers; 28 highest keys; per shared model
    # (sources, skills, tool categories, tools, certifications, countries) a read and an insert; currencies,
    # ISO codes taken, regions; one insert per role model (22); on PostgreSQL 28 sequence resets and ANALYZE.
    expected = 2 + 1 + 1 + 28 + 12 + 3 + 22 + (29 if connection.vendor == "postgresql" else 0)
    assert len(five) == expected
    with django_assert_num_queries(expected):
        synthetic_data_generate(roles=10, seed=1)


def test_bulk_insert_writes_what_bulk_create_writes():
    """Defaults, choices, decimals and timestamps come out as `bulk_create` would write them."""
    role = factories.RoleFactory()
    factories.CurrencyFactory(code="USD")
    values = {"role_id": role.pk, "kind": EducationPath.Kind.DEGREE, "name": "Degree", "cost_min": Decimal("10.5")}
    values |= {"cost_max": Decimal(20), "currency_id": "USD", "duration_min": 1, "duration_unit": "years"}
    EducationPath.objects.bulk_create([EducationPath(order=1, **values)])
    bulk_insert(EducationPath, [{"id": FIRST_PK, "order": 2, **values}])
    created, inserted = EducationPath.objects.order_by("order").values()
    assert {**created, "id": None, "order": None} == {**inserted, "id": None, "order": None}

    bulk_insert(Role, [{"id": FIRST_PK, "title": "T", "slug": "t"}])
    row = Role.objects.values().get(pk=FIRST_PK)
    assert row["created_at"] and row["updated_at"] and row["published_at"] is None and row["summary"] == ""
    assert row["is_published"] is False


def test_large_runs_write_in_batches(guide, monkeypatch):
    """More roles than a chunk and rows than a batch: still every row, and progress for each chunk."""
    monkeypatch.setattr("benchmarks.synthetic.services.ROLES_PER_CHUNK", 2)
    monkeypatch.setattr("benchmarks.synthetic.writer.BATCH_SIZE", 7)
    _, err = generate("--roles", "5")
    assert err.count("generate_synthetic_data:") == 3
    assert "5 of 5 roles (100%)" in err
    assert Role.objects.synthetic().count() == 5
    assert RoleRelation.objects.filter(from_role__in=Role.objects.synthetic()).count() >= 15


# --- The command ---------------------------------------------------------------------------------------------------


def test_command_reports_on_stdout_and_progress_on_stderr(guide):
    out, err = generate("--roles", "2", "--seed", "9")
    assert "Added 2 synthetic roles (numbers 00001 to 00002, seed 9)" in out
    assert "2 of 2 roles (100%)" in err
    out, err = generate("--roles", "1", "-v", "0")
    assert err == "" and "Added 1 synthetic roles" in out


def test_command_needs_roles_or_purge():
    with pytest.raises(CommandError, match="--roles N"):
        generate()
    with pytest.raises(CommandError, match="at least 1"):
        generate("--roles", "0")


def test_a_failed_run_changes_nothing(guide, monkeypatch):
    generate("--roles", "2")
    before = dump()

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("benchmarks.synthetic.writer.bulk_insert", fail)
    with pytest.raises(CommandError, match="Failed, nothing was changed: disk full"):
        generate("--purge", "--roles", "3")
    assert dump() == before


def test_synthetic_guide_pages_render(client, guide):
    generate("--roles", "2")
    role = Role.objects.synthetic().first()
    page = client.get(role.get_absolute_url())
    assert page.status_code == 200 and "Synthetic Role 0000" in page.content.decode()
    assert client.get(role.levels.first().get_absolute_url()).status_code == 200
    assert client.get(f"/api/v1/roles/{role.slug}/").status_code == 200
