"""`export_guide` and `load_guides`: guide fixture files named by natural keys, loaded one file at a time.

Round trips run export -> an empty database -> load_guides -> export again, and compare the files byte
for byte, with the real Technical Manager guide and with a generated guide that has a row in every
section and the awkward cases (an open-ended level, missing figures, a title-only related role,
non-ASCII and multi-line text).
"""

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from roles.models import (
    FAQ,
    GUIDE_ROWS,
    GUIDE_TEXT_FIELDS,
    CareerLevel,
    Certification,
    DataNote,
    EducationPath,
    KeyFacts,
    LevelSalary,
    MarketInsight,
    ProCon,
    Role,
    RoleSearchIndex,
    Skill,
    Tool,
    ToolCategory,
    VisaRoute,
    guide_relations,
)
from salaries.models import Currency, ExchangeRate, Region, Source
from tests import factories as f

pytestmark = pytest.mark.django_db

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
REAL_FIXTURES = sorted(FIXTURES_DIR.glob("*.yaml"))


# --- Helpers ---------------------------------------------------------------------------------------


def export(*slugs: str) -> str:
    """What `manage.py export_guide SLUG...` prints."""
    out = StringIO()
    call_command("export_guide", *slugs, stdout=out)
    return out.getvalue()


def load_guides(*args) -> str:
    """Run `manage.py load_guides` and return what it printed."""
    out = StringIO()
    call_command("load_guides", *args, stdout=out)
    return out.getvalue()


def content_models(*, history: bool = False) -> list[type[models.Model]]:
    """The models of the content apps; with `history`, their history tables too."""
    return [
        model
        for app in ("roles", "salaries")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if (history or "historical" not in model._meta.model_name)
        and model is not RoleSearchIndex  # derived by database triggers from the content, never exported
    ]


def row_counts() -> dict[str, int]:
    """Rows per model of the content apps, history tables included (one COUNT query per model)."""
    return {model._meta.label: model._default_manager.count() for model in content_models(history=True)}


def content_snapshot() -> set[str]:
    """Every content row, serialized with natural keys (so without database ids): equal snapshots mean
    equal content, whatever ids the rows have."""
    rows = []
    for model in content_models():
        if model._meta.auto_created:  # many-to-many rows are part of their owner's serialization
            continue
        rows += serializers.serialize(
            "python", model._default_manager.all(), use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
    return {json.dumps(row, sort_keys=True, default=str) for row in rows}


def empty_database() -> None:
    """Delete every content row and its history, as on a freshly migrated database."""
    Role.objects.all().delete()  # and every row of its guide
    for model in (ExchangeRate, Tool, ToolCategory, Skill, Certification, Region, Source, Currency):
        model.objects.all().delete()
    for model in content_models(history=True):
        model._base_manager.all().delete()
    assert not any(row_counts().values())


def fixtures_dir(tmp_path: Path, *extra: Path) -> Path:
    """A fixtures directory holding copies of the real fixtures and of `extra` files."""
    directory = tmp_path / "fixtures"
    directory.mkdir(exist_ok=True)
    for path in (*REAL_FIXTURES, *extra):
        shutil.copy(path, directory)
    return directory


def build_orbital_gardener() -> Role:
    """A guide with a row in every section, and the cases a fixture can get wrong."""
    usd = f.CurrencyFactory()
    eur = f.CurrencyFactory(code="EUR", name="Euro", symbol="€")
    official = f.SourceFactory(
        publisher="Bureau of Orbital Statistics", title="Orbital wages", as_of=date(2031, 5, 1), url=""
    )
    estimate = f.SourceFactory(
        publisher="CareerGuide",
        publisher_abbreviation="",
        title="Orbital Gardener guide",
        kind=Source.Kind.EDITORIAL_ESTIMATE,
        as_of=None,
        as_of_precision="",
    )
    lunaria = f.RegionFactory(name="Lunaria", slug="lunaria", iso_code="QM", currency=eur, area="")
    inner_orbit = f.RegionFactory(
        name="Inner Orbit", slug="inner-orbit", kind=Region.Kind.REGION, iso_code="", currency=eur, notes="Near."
    )
    inner_orbit.members.add(lunaria)
    moon_botanist = f.RoleFactory(  # a related role with a title and nothing else
        title="Moon Botanist",
        slug="moon-botanist",
        summary="",
        description="",
        is_published=False,
        guide_reviewed_on=None,
    )
    role = f.RoleFactory(
        title="Orbital Gardener",
        slug="orbital-gardener",
        summary="Grows food in orbit: Ørbital, ½ g, straße, 🌱 — and “quotes”.",
        description="First paragraph.\n\nSecond paragraph: with a colon, a # hash and - a dash.\n",
        how_to_become="  Starts with spaces.\nA line with trailing spaces   \nLast line",
        work_environment="null",
        reference_occupation="Agricultural Technicians",
        soc_code="19-4012",
    )
    f.KeyFactsFactory(
        role=role,
        currency=usd,
        median_pay=Decimal("52000.50"),
        median_pay_source=official,
        pay_range_source=estimate,
        pay_range_max_open_ended=True,
        annual_openings=None,  # the guide gives none
        annual_openings_source=None,
        typical_education="Ein Abschluss in Agrarwissenschaft – oder Erfahrung.",
        typical_education_source=None,
    )
    f.GrowthProjectionFactory(role=role, source=official, comparison="faster than average")
    f.GrowthProjectionFactory(
        role=role,
        source=estimate,
        is_headline=False,
        pct_min=Decimal("10"),
        pct_max=Decimal("12.5"),
        period_start_year=None,
        period_end_year=None,
        horizon_years=5,
    )
    f.RoleRelationFactory(from_role=role, to_role=moon_botanist, order=1, note="Works beside them.")
    f.ResponsibilityFactory(role=role, order=1, text="Keep the hydroponics running.\nCheck the pumps twice a day.")
    f.ResponsibilityFactory(role=role, order=2, text="yes")
    hydroponics = f.SkillFactory(name="Hydroponics", slug="hydroponics", description="Growing without soil.")
    patience = f.SkillFactory(name="Patience", slug="patience", category=Skill.Category.SOFT)
    f.RoleSkillFactory(role=role, skill=hydroponics, order=1, detail="NFT, DWC")
    f.RoleSkillFactory(role=role, skill=patience, order=2, detail="")
    role.tools.add(f.ToolFactory(name="Grow-lights", slug="grow-lights"), f.ToolFactory(name="Pumps", slug="pumps"))
    role.certifications.add(f.CertificationFactory(name="Zero-g Horticulture", slug="zero-g-horticulture"))
    apprentice = f.CareerLevelFactory(
        role=role, order=1, title="Apprentice Gardener", slug="apprentice", years_total_min=0, years_total_max=2
    )
    chief = f.CareerLevelFactory(  # open-ended: "20+" years, "5+" in the level
        role=role,
        order=2,
        title="Orbital Gardener",
        slug="orbital-gardener",
        years_total_min=20,
        years_total_max=None,
        years_in_role_min=5,
        years_in_role_max=None,
        same_as_role=role,
    )
    f.FocusAreaFactory(level=apprentice, order=1, text="Learn the pumps.")
    f.FocusAreaFactory(level=chief, order=1, text="Plan the harvests for a whole station.")
    f.LevelSalaryFactory(level=apprentice, region=lunaria, currency=eur, source=estimate, average=None)
    f.LevelSalaryFactory(level=chief, region=lunaria, currency=eur, source=estimate, median=None)
    f.RegionalSalaryFactory(role=role, region=inner_orbit, currency=eur, source=estimate, note="In euros.")
    f.RegionalSalaryFactory(role=role, region=lunaria, currency=eur, source=estimate, usd_is_approximate=False)
    f.EducationPathFactory(role=role, order=1, source=estimate, cost_max_open_ended=True)
    f.EducationPathFactory(  # no figure at all
        role=role,
        order=2,
        kind=EducationPath.Kind.SELF_STUDY,
        name="Self-study",
        cost_min=None,
        cost_max=None,
        currency=None,
        duration_min=None,
        duration_max=None,
        duration_unit="",
        source=None,
    )
    f.CareerEntryTimelineFactory(role=role, order=1, route="Via the greenhouse", years_min=2, years_max=4)
    f.CareerEntryStepFactory(role=role, order=1, title="Grow something", text="Anything at all.\nEven cress.")
    f.CareerEntryStepFactory(role=role, order=2, title="Apply", text="")
    f.TopIndustryFactory(role=role, order=1, name="Space stations", note="2031-05-01")
    f.MarketInsightFactory(role=role, kind=MarketInsight.Kind.OPPORTUNITY, order=1, title="New stations")
    f.MarketInsightFactory(role=role, kind=MarketInsight.Kind.CHALLENGE, order=1, source=estimate)
    f.SpecializationFactory(role=role, order=1, name="Algae Farming", slug="algae-farming")
    f.ProConFactory(role=role, kind=ProCon.Kind.PRO, order=1, text="Views of Earth.")
    f.ProConFactory(role=role, kind=ProCon.Kind.CON, order=1, text="No weekends off-station.")
    f.FAQFactory(role=role, order=1, question="Wie viel verdient man?", answer="Genug für Äpfel.\n\nUnd Birnen.")
    f.VisaRouteFactory(role=role, order=1, country=lunaria, name="Orbital work permit")
    f.VisaRouteFactory(role=role, order=2, kind=VisaRoute.Kind.FAMILY, name="Family visa", country=None)
    f.DataNoteFactory(role=role, kind=DataNote.Kind.GAP, subject="Annual openings", note="The source gives none.")
    return role


# --- Export ----------------------------------------------------------------------------------------


def test_export_of_the_loaded_technical_manager_is_the_committed_fixture():
    load_guides()

    assert export("technical-manager") == (FIXTURES_DIR / "02_technical_manager.yaml").read_text(encoding="utf-8")


def test_technical_manager_round_trips_through_an_empty_database(tmp_path):
    load_guides()
    before = content_snapshot()
    call_command("export_guide", "technical-manager", "-o", str(tmp_path / "guide.yaml"), stderr=StringIO())
    first = (tmp_path / "guide.yaml").read_bytes()
    empty_database()

    load_guides("--fixtures-dir", str(tmp_path))

    assert export("technical-manager").encode() == first
    exchange_rate_rows = {row for row in before if '"model": "salaries.exchangerate"' in row}
    exchange_rate_source = {row for row in before if "Exchange rates implied" in row}
    assert content_snapshot() == before - exchange_rate_rows - exchange_rate_source  # 03 is no part of the guide


def test_a_guide_with_every_section_round_trips_through_an_empty_database(tmp_path):
    build_orbital_gardener()
    before = content_snapshot()
    first = export("orbital-gardener")
    (tmp_path / "orbital_gardener.yaml").write_text(first, encoding="utf-8")
    empty_database()

    output = load_guides("--fixtures-dir", str(tmp_path))

    assert export("orbital-gardener") == first
    assert content_snapshot() == before
    assert output.startswith("Loaded 46 objects from 1 fixture file (orbital_gardener.yaml).")
    role = Role.objects.get(slug="orbital-gardener")
    assert role.summary == "Grows food in orbit: Ørbital, ½ g, straße, 🌱 — and “quotes”."
    assert role.how_to_become == "  Starts with spaces.\nA line with trailing spaces   \nLast line"
    assert role.work_environment == "null"
    top = role.levels.get(order=2)
    assert (top.years_total_display, top.years_in_role_display, top.same_as_role) == ("20+", "5+", role)
    assert LevelSalary.objects.get(level__role=role, level__order=1).average is None
    assert KeyFacts.objects.get(role=role).annual_openings is None
    stub = Role.objects.get(slug="moon-botanist")
    assert (stub.summary, stub.is_published, list(Role.objects.holding_guides())) == ("", False, [role])
    assert Region.objects.get(slug="inner-orbit").members.get().slug == "lunaria"


AWKWARD_TEXT = [
    "Windows line ends\r\nfrom a pasted file",
    "\ttab first\nthen a line",
    "\nleading blank line",
    "trailing blank lines\n\n\n",
    " \n ",
    "   ",
    "",
    "yes",
    "~",
    "2031-05-01",
    "0123",
    "1e3",
    "- dash",
    "#hash",
    "key: value",
    "'single' and \"double\" quotes",
    "line\u2028separator and next\x85line",
    "🌱\n🌿",
]


def test_awkward_text_survives_the_round_trip(tmp_path):
    role = f.RoleFactory(slug="awkward", description="Text that YAML could misread.")
    for order, answer in enumerate(AWKWARD_TEXT, start=1):
        f.FAQFactory(role=role, order=order, answer=answer)
    first = export("awkward")
    (tmp_path / "awkward.yaml").write_text(first, encoding="utf-8")
    empty_database()

    load_guides("--fixtures-dir", str(tmp_path))

    assert list(FAQ.objects.order_by("order").values_list("answer", flat=True)) == AWKWARD_TEXT
    assert export("awkward") == first


def test_export_is_readable_yaml_with_no_database_ids():
    build_orbital_gardener()

    text = export("orbital-gardener")

    rows = yaml.safe_load(text)
    assert {row["model"] for row in rows if "pk" in row} == {"salaries.currency"}  # keyed by ISO code
    assert text.startswith("# Guide fixture: orbital-gardener.\n")
    assert "\n# --- FAQ entries ---\n" in text
    assert "    answer: |-\n      Genug für Äpfel.\n\n      Und Birnen.\n" in text  # multi-line text as a block
    assert "    role: [orbital-gardener]\n" in text  # natural keys on one line
    assert "    level: [orbital-gardener, apprentice]\n" in text
    assert "    source: [CareerGuide, Orbital Gardener guide, null, '']\n" in text
    assert "    - [grow-lights]\n    - [pumps]\n" in text  # many-to-many sorted by natural key
    stub = next(row for row in rows if row["model"] == "roles.role" and row["fields"]["slug"] == "moon-botanist")
    assert set(stub["fields"]) == {"title", "slug", "summary", "is_published", "created_at", "updated_at"}


def test_export_lists_rows_in_guide_order_not_id_order():
    role = f.RoleFactory(slug="ordered")
    for order in (3, 1, 2):
        f.FAQFactory(role=role, order=order, question=f"Question {order}?")

    rows = yaml.safe_load(export("ordered"))

    assert [row["fields"]["order"] for row in rows if row["model"] == "roles.faq"] == [1, 2, 3]


def test_export_of_several_guides_is_one_file_in_a_fixed_order(tmp_path):
    gardener = build_orbital_gardener()
    botanist = Role.objects.get(slug="moon-botanist")
    Role.objects.filter(pk=botanist.pk).update(description="Studies plants on the Moon.", is_published=True)
    f.RoleRelationFactory(from_role=botanist, to_role=gardener, order=1)
    text = export("orbital-gardener", "moon-botanist")
    (tmp_path / "two.yaml").write_text(text, encoding="utf-8")

    empty_database()
    load_guides("--fixtures-dir", str(tmp_path))

    assert export("moon-botanist", "orbital-gardener", "moon-botanist") == text
    assert text.startswith("# Guide fixture: moon-botanist orbital-gardener.\n")
    assert Role.objects.get(slug="moon-botanist").description == "Studies plants on the Moon."
    assert set(Role.objects.holding_guides().values_list("slug", flat=True)) == {"moon-botanist", "orbital-gardener"}


def test_a_related_role_with_a_guide_of_its_own_is_exported_as_an_unpublished_stub():
    gardener = build_orbital_gardener()
    botanist = Role.objects.get(slug="moon-botanist")
    Role.objects.filter(pk=botanist.pk).update(summary="Plants, Moon.", description="A whole guide.", is_published=True)
    f.FAQFactory(role=botanist)

    rows = yaml.safe_load(export(gardener.slug))

    roles = {row["fields"]["slug"]: row["fields"] for row in rows if row["model"] == "roles.role"}
    assert set(roles) == {"orbital-gardener", "moon-botanist"}
    assert (roles["moon-botanist"]["summary"], roles["moon-botanist"]["is_published"]) == ("Plants, Moon.", False)
    assert "description" not in roles["moon-botanist"]
    assert not [row for row in rows if row["model"] == "roles.faq" and row["fields"]["role"] == ["moon-botanist"]]


def test_export_of_an_unknown_slug_fails_naming_it_and_writes_nothing(tmp_path):
    build_orbital_gardener()
    target = tmp_path / "out.yaml"

    with pytest.raises(CommandError, match=r"Nothing was written\. Unknown roles: no-such-role, nope\."):
        call_command("export_guide", "orbital-gardener", "no-such-role", "nope", "-o", str(target))

    assert not target.exists()


def test_export_refuses_rows_that_a_natural_key_cannot_tell_apart(tmp_path):
    role = f.RoleFactory(slug="careless")
    f.FAQFactory(role=role, order=2)
    f.FAQFactory(role=role, order=2)
    target = tmp_path / "out.yaml"

    with pytest.raises(CommandError, match=r"roles\.FAQ: more than one row has the natural key \['careless', 2\]"):
        call_command("export_guide", "careless", "-o", str(target))

    assert not target.exists()


def test_export_query_count_does_not_grow_with_the_guide(django_assert_num_queries):
    build_orbital_gardener()

    # 22: the roles, their tools and their certifications, and each of the 19 guide parts;
    # 9: shared rows: tools, certifications, currencies, sources, related roles, skills, regions and
    #    their members, then the tools' categories;
    # 13: a GROUP BY for each exported model whose natural key the database does not keep unique (sources,
    #     growth projections, focus areas, level salaries and the nine parts keyed by order or subject)
    with django_assert_num_queries(44):
        export("orbital-gardener")
    load_guides()
    # Ten times the rows: 22; 8 + 3 (the member countries of Western and Eastern Europe, and their members,
    # then those countries' currencies) + 1; 12 (no top industries)
    with django_assert_num_queries(46):
        export("technical-manager")


# --- What a file holds -----------------------------------------------------------------------------


def test_every_model_that_belongs_to_a_guide_is_exported():
    owned = {
        model
        for model in content_models()
        if any(
            relation.is_relation
            and relation.related_model in (Role, CareerLevel)
            and relation.remote_field.on_delete is models.CASCADE
            for relation in model._meta.concrete_fields
        )
    }
    role_parts = {Role._meta.get_field(name).related_model for name in guide_relations()}

    assert owned - {model for model in owned if model._meta.auto_created} == {part.model for part in GUIDE_ROWS}
    prose = {field.name for field in Role._meta.concrete_fields if isinstance(field, models.TextField)}
    assert prose - {"summary"} == set(GUIDE_TEXT_FIELDS)  # stubs have a summary too
    owned_by_the_role = {part.model for part in GUIDE_ROWS if part.relation}
    assert role_parts == owned_by_the_role | {Tool, Certification}


def test_holding_guides_tells_guides_from_stubs():
    f.RoleFactory(slug="stub", description="", summary="A one-line summary does not make a guide.")
    f.RoleFactory(slug="with-prose", description="", market_overview="Some prose.")
    f.FAQFactory(role=f.RoleFactory(slug="with-a-faq", description=""))
    f.RoleFactory(slug="with-a-tool", description="").tools.add(f.ToolFactory())
    f.FocusAreaFactory(level__role=f.RoleFactory(slug="with-a-level", description=""))

    slugs = set(Role.objects.holding_guides().values_list("slug", flat=True))

    assert slugs == {"with-prose", "with-a-faq", "with-a-tool", "with-a-level"}


# --- load_guides, one file at a time ----------------------------------------------------------------


@pytest.fixture
def orbital_gardener_file(tmp_path) -> Path:
    """04_orbital_gardener.yaml as another instance would export it: the guide shares a skill and a
    country with the Technical Manager guide (in its own wording) and relates to a title-only stub
    of the Technical Manager. The database is empty again afterwards."""
    gardener = build_orbital_gardener()
    leadership = f.SkillFactory(
        name="Leadership and Mentorship", slug="leadership-and-mentorship", description="Our own wording."
    )
    f.RoleSkillFactory(role=gardener, skill=leadership, order=3)
    germany = f.RegionFactory(name="Germany", slug="germany", iso_code="DE", currency=Currency.objects.get(code="EUR"))
    f.RegionalSalaryFactory(role=gardener, region=germany, source=Source.objects.get(title="Orbital Gardener guide"))
    manager_stub = f.RoleFactory(title="Technical Manager", slug="technical-manager", summary="", description="")
    f.RoleRelationFactory(from_role=gardener, to_role=manager_stub, order=2)
    path = tmp_path / "04_orbital_gardener.yaml"
    call_command("export_guide", "orbital-gardener", "-o", str(path), stderr=StringIO())
    empty_database()
    return path


def edit_the_technical_manager_guide() -> None:
    """What editors might have done since the guide was loaded."""
    Role.objects.filter(slug="technical-manager").update(summary="Edited by an editor.")
    FAQ.objects.filter(role__slug="technical-manager", order=7).delete()
    Skill.objects.filter(slug="leadership-and-mentorship").update(description="The editors' wording.")


def test_a_new_guide_file_loads_and_leaves_the_edited_guides_alone(tmp_path, orbital_gardener_file):
    directory = fixtures_dir(tmp_path)
    load_guides("--fixtures-dir", str(directory))
    edit_the_technical_manager_guide()
    before = content_snapshot()
    history_before = {model: model.history.count() for model in (Role, FAQ, Skill, Region)}
    shutil.copy(orbital_gardener_file, directory)

    output = load_guides("--fixtures-dir", str(directory))

    assert output.strip() == (
        "Loaded 47 objects from 1 of 4 fixture files (04_orbital_gardener.yaml). "
        "Already loaded, left as they are: technical-manager."
    )
    after = content_snapshot()
    assert before <= after  # no existing row changed
    manager = Role.objects.get(slug="technical-manager")
    assert (manager.summary, manager.is_published) == ("Edited by an editor.", True)
    assert not manager.faqs.filter(order=7).exists()
    leadership = Skill.objects.get(slug="leadership-and-mentorship")
    assert leadership.description == "The editors' wording."
    gardener = Role.objects.get(slug="orbital-gardener")
    assert leadership in gardener.skill_list
    assert gardener.relations.get(order=2).to_role == manager
    assert gardener.regional_salaries.filter(region__slug="germany").exists()
    assert Region.objects.filter(iso_code="DE").count() == 1
    # one history entry for each new row, none for the rows that were there
    assert {model: model.history.count() for model in history_before} == {
        Role: history_before[Role] + 2,  # the guide and its Moon Botanist stub
        FAQ: history_before[FAQ] + 1,
        Skill: history_before[Skill] + 2,  # hydroponics and patience; leadership was there
        Region: history_before[Region] + 2,  # Lunaria and Inner Orbit; Germany was there
    }
    assert gardener.history.get().history_change_reason == "Loaded from the guide fixtures"


def test_each_loaded_row_gets_one_history_entry_with_its_links():
    load_guides()

    manager = Role.objects.get(slug="technical-manager")
    entry = manager.history.get()  # one, not one more per many-to-many field
    assert (entry.history_type, entry.history_change_reason) == ("+", "Loaded from the guide fixtures")
    assert {link.tool_id for link in entry.tools.all()} == set(manager.tools.values_list("pk", flat=True))
    assert entry.certifications.count() == 4
    assert Region.objects.get(slug="western-europe").history.get().members.count() == 2


def test_loading_a_bigger_guide_costs_no_more_queries(tmp_path):
    def queries_to_load(extra_faqs: int) -> int:
        gardener = build_orbital_gardener()
        for order in range(2, 2 + extra_faqs):
            f.FAQFactory(role=gardener, order=order)
        directory = tmp_path / f"with-{extra_faqs}"
        directory.mkdir()
        call_command("export_guide", "orbital-gardener", "-o", str(directory / "guide.yaml"), stderr=StringIO())
        empty_database()
        with CaptureQueriesContext(connection) as queries:
            load_guides("--fixtures-dir", str(directory))
        empty_database()
        return len(queries)

    # A guide's rows are written per part (one bulk INSERT and one history INSERT), so 20 more FAQ
    # entries cost no query more.
    assert queries_to_load(20) == queries_to_load(0)


def test_load_guides_again_changes_nothing(tmp_path, orbital_gardener_file):
    directory = fixtures_dir(tmp_path, orbital_gardener_file)
    load_guides("--fixtures-dir", str(directory))
    edit_the_technical_manager_guide()
    before = row_counts(), content_snapshot()

    output = load_guides("--fixtures-dir", str(directory))

    assert output.strip() == (
        "Guides are already loaded (orbital-gardener, technical-manager); nothing changed. "
        "Use --reload to re-apply the fixtures."
    )
    assert (row_counts(), content_snapshot()) == before


def test_load_guides_reports_each_file_at_verbosity_2(tmp_path, orbital_gardener_file):
    directory = fixtures_dir(tmp_path, orbital_gardener_file)

    first = load_guides("--fixtures-dir", str(directory), "-v", "2").splitlines()
    second = load_guides("--fixtures-dir", str(directory), "-v", "2").splitlines()

    assert first[:4] == [
        "01_reference.yaml: reference data: 77 rows created, 0 updated",
        "02_technical_manager.yaml: guide technical-manager loaded: 164 rows created, 0 updated",
        "03_exchange_rates.yaml: reference data: 7 rows created, 0 updated",
        "04_orbital_gardener.yaml: guide orbital-gardener loaded: 47 rows created, 0 updated",
    ]
    assert second[1] == (
        "02_technical_manager.yaml: guide technical-manager already loaded, left as it is: nothing to change"
    )


def test_reload_reapplies_guides_and_the_first_copy_of_each_shared_row(tmp_path, orbital_gardener_file):
    directory = fixtures_dir(tmp_path, orbital_gardener_file)
    load_guides("--fixtures-dir", str(directory))
    fresh = content_snapshot()
    edit_the_technical_manager_guide()
    Role.objects.filter(slug="orbital-gardener").update(summary="Edited too.")

    output = load_guides("--fixtures-dir", str(directory), "--reload")

    # The first copy of each shared row is saved again; of the guides, only the rows that differ.
    assert output.startswith("Re-applied 104 objects from 4 fixture files")
    # as a fresh load left it: 01's wording of the shared skill (not 04's copy), the Technical Manager
    # guide from 02 (not 04's title-only stub of it), the deleted FAQ entry back
    assert content_snapshot() == fresh
    assert Role.objects.get(slug="technical-manager").history.latest().history_change_reason == (
        "Re-applied the guide fixtures"
    )


def test_reload_deletes_the_rows_of_a_guide_its_file_no_longer_has():
    load_guides()
    role = Role.objects.get(slug="technical-manager")
    extra = FAQ.objects.create(role=role, order=99, question="Not in the fixture?", answer="Added by hand.")
    skills = Skill.objects.count()

    output = load_guides("--reload", "-v", "2")

    assert not FAQ.objects.filter(pk=extra.pk).exists()
    removed = FAQ.history.get(id=extra.pk, history_type="-")
    assert removed.history_change_reason == "Re-applied the guide fixtures"
    assert "1 removed (no longer in the file)" in output
    assert Skill.objects.count() == skills  # shared rows are never deleted


def test_a_guide_file_for_a_stub_role_fills_the_stub_in(tmp_path):
    director = f.RoleFactory(title="Technical Director", slug="technical-director", description="Sets the strategy.")
    f.FAQFactory(role=director, question="What does a Technical Director do?")
    path = tmp_path / "05_technical_director.yaml"
    call_command("export_guide", "technical-director", "-o", str(path), stderr=StringIO())
    empty_database()
    directory = fixtures_dir(tmp_path)
    load_guides("--fixtures-dir", str(directory))
    stub = Role.objects.get(slug="technical-director")
    shutil.copy(path, directory)

    load_guides("--fixtures-dir", str(directory))

    director = Role.objects.get(slug="technical-director")
    assert director.pk == stub.pk
    assert director.description == "Sets the strategy."
    assert director.faqs.get().question == "What does a Technical Director do?"
    assert Role.objects.get(slug="technical-manager").relations.filter(to_role=director).exists()
    assert director.history.latest().history_type == "~"  # filled in, not added


def test_two_files_holding_the_same_guide_load_only_the_first(tmp_path):
    directory = fixtures_dir(tmp_path)
    shutil.copy(FIXTURES_DIR / "02_technical_manager.yaml", directory / "04_copy.yaml")

    with pytest.raises(CommandError, match=r"04_copy\.yaml: holds the guide technical-manager, which "):
        load_guides("--fixtures-dir", str(directory))

    assert Role.objects.holding_guides().get().slug == "technical-manager"


BROKEN_GUIDE = (
    "- model: roles.role\n"
    "  fields: {title: Broken Guide, slug: broken-guide, description: Never saved.,\n"
    "           created_at: 2026-01-01 00:00:00Z, updated_at: 2026-01-01 00:00:00Z}\n"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(b"- model: [roles.role\n", "not valid YAML", id="not-yaml"),
        pytest.param("- model: roles.role\n  fields: {title: Zürich}\n".encode("latin-1"), "not UTF-8", id="latin-1"),
        pytest.param(b"model: roles.role\n", "not a fixture", id="not-a-list"),
        pytest.param(
            (BROKEN_GUIDE + "- model: roles.nosuchmodel\n  fields: {}\n").encode(),
            r"row 2: Invalid model identifier: roles\.nosuchmodel",
            id="unknown-model",
        ),
        pytest.param(
            (BROKEN_GUIDE + "- model: roles.roleskill\n  fields: {role: [broken-guide], skill: [nope]}\n").encode(),
            r"row 2 \(roles\.roleskill\): no roles\.skill has the natural key \['nope'\]",
            id="unknown-reference",
        ),
        pytest.param(
            (
                BROKEN_GUIDE + "- model: roles.careerlevel\n  fields: {role: [broken-guide], order: 1, title: Lead,\n"
                "    slug: lead, years_total_min: 9, years_total_max: 3, years_in_role_min: 1, scope: All.}\n"
            ).encode(),
            r"row 2 \(roles\.careerlevel\): .*career_level_years_total_min_lte_max",
            id="constraint",
        ),
        pytest.param(
            b"- model: roles.faq\n  fields: {role: 1, order: 1, question: Q?, answer: A.}\n",
            r"row 1 \(roles\.faq\) does not name its role by slug",
            id="role-by-id",
        ),
    ],
)
def test_a_broken_file_is_named_changes_nothing_and_the_others_load(tmp_path, content, message):
    directory = fixtures_dir(tmp_path)
    (directory / "04_broken.yaml").write_bytes(content)

    expected = rf"1 of 4 fixture files could not be loaded .*\n  04_broken\.yaml: {message}"
    with pytest.raises(CommandError, match=expected):
        load_guides("--fixtures-dir", str(directory))

    assert not Role.objects.filter(slug="broken-guide").exists()
    assert Role.objects.holding_guides().get().slug == "technical-manager"
    assert ExchangeRate.objects.count() == 6


def test_the_commands_exit_non_zero_naming_what_is_wrong(tmp_path):
    """Through manage.py, as a shell or CI runs them, on a file database of their own."""
    directory = fixtures_dir(tmp_path)
    (directory / "04_broken.yaml").write_text("- model: roles.nosuchmodel\n  fields: {}\n")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )

    assert manage("migrate", "-v", "0").returncode == 0
    loaded = manage("load_guides", "--fixtures-dir", str(directory))
    exported = manage("export_guide", "technical-manager")
    unknown = manage("export_guide", "technical-manager", "no-such-role", "-o", str(tmp_path / "out.yaml"))

    assert loaded.returncode == 1
    assert loaded.stdout.startswith("Loaded 248 objects from 3 of 4 fixture files")
    assert "04_broken.yaml: row 1: Invalid model identifier: roles.nosuchmodel" in loaded.stderr
    assert exported.returncode == 0
    assert exported.stdout == (FIXTURES_DIR / "02_technical_manager.yaml").read_text(encoding="utf-8")
    assert unknown.returncode == 1
    assert "Unknown role: no-such-role." in unknown.stderr
    assert not (tmp_path / "out.yaml").exists()


# --- Imported guides: the text import writes the rows the fixture holds --------------------------------------

IMPORTED_GUIDES = (
    "orbital_gardener.txt",
    "lunar_beekeeper.txt",
    "deep_sea_cartographer.txt",
    "glacier_acoustics_analyst.txt",
    "volcano_sommelier.txt",
    # Issue 19: hourly pay, SOC codes on sources and roles, countries by adjective and city.
    "geyser_plumber.txt",
    "orbital_dental_hygienist.txt",
    "night_ferry_navigator.txt",
    # Issue 19: tools, training routes and certifications from prose, ladders that branch.
    "lakehouse_data_engineer.txt",
    "geothermal_pipefitter.txt",
)


@pytest.mark.parametrize("file_name", IMPORTED_GUIDES)
def test_an_imported_guide_round_trips_through_an_empty_database(tmp_path, import_test_guide, file_name):
    slug = import_test_guide(file_name).role_slug
    call_command("export_guide", slug, "-o", str(tmp_path / "guide.yaml"), stderr=StringIO())
    first = (tmp_path / "guide.yaml").read_bytes()
    empty_database()

    load_guides("--fixtures-dir", str(tmp_path))

    # Byte for byte: every row of the guide and every shared row it points at. (A shared row the import
    # added but no row points at, such as the currency of a salary it could not place, is not exported.)
    assert export(slug).encode() == first


# Guides citing the same release for different occupations cite different sources (the occupation is in a
# source's natural key), and guides citing the same release and occupation share one: the set exports,
# loads into an empty database and exports again byte for byte.
def test_the_imported_guides_round_trip_together_through_an_empty_database(tmp_path, import_test_guide):
    slugs = [import_test_guide(name).role_slug for name in IMPORTED_GUIDES]
    call_command("export_guide", *slugs, "-o", str(tmp_path / "guides.yaml"), stderr=StringIO())
    first = (tmp_path / "guides.yaml").read_bytes()
    empty_database()

    load_guides("--fixtures-dir", str(tmp_path))

    assert export(*slugs).encode() == first
