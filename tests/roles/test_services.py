"""roles.guide_import.guide_import: a parsed guide saved as a role, all or nothing, with history."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from roles.guide_import import GuideImportError, guide_import, rows, taxonomy
from roles.models import (
    FAQ,
    CareerEntryStep,
    CareerLevel,
    Certification,
    DataNote,
    FocusArea,
    GrowthProjection,
    KeyFacts,
    LevelSalary,
    RegionalSalary,
    Role,
    RoleSkill,
    Skill,
    Tool,
    TopIndustry,
)
from salaries.models import Region, Source
from tests import factories as f
from tests.conftest import GUIDES_DIR

pytestmark = pytest.mark.django_db

GARDENER = "orbital_gardener.txt"
REASON = f"Imported from {GARDENER}"


def guide_bytes(file_name: str = GARDENER) -> bytes:
    return (GUIDES_DIR / file_name).read_bytes()


def import_text(text: str, name: str = GARDENER, **options):
    return guide_import(name=name, data=text.encode(), **options)


def history_models():
    return [
        model
        for app in ("roles", "salaries")
        for model in apps.get_app_config(app).get_models()
        if hasattr(model, "history") and hasattr(model.history, "bulk_history_create")
    ]


def row_counts() -> dict[str, int]:
    """Rows of every content model and of its history (one COUNT each)."""
    counts = {}
    for model in history_models():
        counts[model._meta.label] = model.objects.count()
        counts[model.history.model._meta.label] = model.history.count()
    return counts


# --- Creating ------------------------------------------------------------------------------------


def test_import_creates_a_draft_role_with_every_section(import_test_guide):
    report = import_test_guide(GARDENER)

    role = Role.objects.get(slug="orbital-gardener")
    assert (report.action, report.role_slug, report.role_title) == ("created", "orbital-gardener", "Orbital Gardener")
    assert role.is_published is False
    assert role.imported_from == GARDENER
    assert role.summary.startswith("Orbital Gardeners grow fresh crops")
    assert role.reference_occupation == "Agricultural and Food Scientists"
    assert [level.title for level in role.levels.all()] == [
        "Junior Orbital Gardener",
        "Orbital Gardener",
        "Chief Orbital Gardener",
    ]
    assert [(s.order, s.title) for s in CareerEntryStep.objects.filter(role=role)] == [
        (1, "Earn a plant science degree"),
        (2, "Log ground hours in a vertical farm"),
        (3, "Pass the spaceflight readiness course"),
    ]
    assert list(TopIndustry.objects.filter(role=role).values_list("name", "note")) == [
        ("Commercial space stations", "about 40% of roles"),
        ("Government space agencies", ""),
        ("Vertical farming", "the proving ground for most new recruits"),
    ]
    assert role.faqs.count() == 2
    assert role.pros_cons.count() == 4
    assert role.specializations.count() == 2
    assert sorted(role.tools.values_list("name", flat=True)) == [
        "AquaDose",
        "CanopyOS",
        "HydroMix Pro",
        "PlantLog",
        "RootSense",
    ]
    assert report.counts["Career levels"] == 3
    assert report.counts["Career entry steps"] == 3
    assert list(report.counts)[:3] == ["Prose sections", "Key facts", "Growth projections"]


def test_import_publishes_with_publish(import_test_guide):
    report = import_test_guide(GARDENER, publish=True)

    assert Role.objects.published().filter(slug="orbital-gardener").exists()
    assert report.published is True


def test_figures_keep_their_sources_and_missing_cells_stay_missing(import_test_guide):
    import_test_guide(GARDENER)

    facts = KeyFacts.objects.select_related("median_pay_source", "annual_openings_source").get(
        role__slug="orbital-gardener"
    )
    assert (facts.median_pay, facts.pay_range_min, facts.pay_range_max) == (98450, 62000, 150000)
    assert facts.pay_range_max_open_ended is True
    assert (facts.annual_openings, facts.annual_openings_approximate) == (3900, True)
    assert facts.median_pay_source.kind == Source.Kind.OFFICIAL_STATISTIC
    assert facts.median_pay_source.as_of_display == "May 2024"
    assert facts.annual_openings_source.title == "Employment Projections"
    assert facts.pay_range_source.kind == Source.Kind.EDITORIAL_ESTIMATE
    assert facts.pay_range_source.publisher == "Starfield Careers"
    assert facts.pay_range_source.as_of_display == "2026"

    pay = LevelSalary.objects.filter(level__role__slug="orbital-gardener").order_by("level__order")
    assert [(s.median, s.average, s.region.iso_code) for s in pay] == [
        (64000, 66000, "US"),
        (92000, None, "US"),
        (140000, 146000, "US"),
    ]
    regional = {s.region.iso_code: s for s in RegionalSalary.objects.filter(role__slug="orbital-gardener")}
    assert (regional["DE"].currency_id, regional["DE"].local_min, regional["DE"].usd_max) == ("EUR", 60000, 97000)
    assert (regional["JP"].currency_id, regional["JP"].local_max) == ("JPY", 14000000)
    assert regional["US"].usd_is_approximate is False
    assert regional["GB"].usd_is_approximate is True
    assert Region.objects.get(iso_code="JP").currency_id == "JPY"


def test_conflicts_and_gaps_become_data_notes(import_test_guide):
    report = import_test_guide(GARDENER)

    notes = set(DataNote.objects.filter(role__slug="orbital-gardener").values_list("kind", "section", "subject"))
    assert notes == {
        ("gap", "education", "Education requirements"),
        ("gap", "salary", "Salary by experience level"),
        ("conflict", "outlook", "Growth outlook"),
        ("conflict", "salary", "Median pay"),
    }
    headline, editorial = GrowthProjection.objects.filter(role__slug="orbital-gardener").select_related("source")
    assert (headline.is_headline, headline.pct_min, headline.source.kind) == (True, 8, "official_statistic")
    assert (editorial.pct_min, editorial.pct_max, editorial.horizon_years, editorial.source.kind) == (
        12,
        15,
        5,
        "editorial_estimate",
    )
    assert len(report.conflicts) == 2
    assert report.empty_sections == ["Education Requirements (line 36)"]
    # The tools section's last paragraph is the role's tools prose, no longer a line left unread.
    assert (33, "Every seed packet is counted by hand at the start of a mission.") not in report.unparsed
    assert Role.objects.get(slug="orbital-gardener").tools_overview.endswith(
        "counted by hand at the start of a mission."
    )


def test_every_row_written_has_a_history_entry_with_the_files_name(import_test_guide, django_user_model):
    editor = django_user_model.objects.create_user("editor")
    import_test_guide(GARDENER, user=editor)

    for model in history_models():
        rows = model.objects.count()
        assert model.history.filter(history_change_reason=REASON).count() >= rows, model
    entry = Role.history.filter(slug="orbital-gardener", history_type="+").get()
    assert (entry.history_change_reason, entry.history_user) == (REASON, editor)


def test_one_import_runs_a_fixed_number_of_queries(import_test_guide, django_assert_num_queries):
    # savepoint, role by slug and by title; the shared rows (`taxonomy.SharedRows`): currencies, regions,
    # sources, skills and certifications (read, insert, history each), tools with their categories (read
    # both, insert and history each), roles (read) and the related stubs (insert, history); then the loader
    # (`guide_rows.guide_replace`) on a new guide: the role (insert), its tools and certifications (set), one
    # history entry for the role holding its links (insert, then a read and an insert per link field), and
    # one insert and one history insert per guide part with rows (no reads: the guide is new); release
    # savepoint. With the content version's one UPDATE (careerguide.content_version: once per transaction,
    # however many saves send a model signal): 80, six UPDATEs fewer than one per signalled save.
    with django_assert_num_queries(80):
        import_test_guide(GARDENER)


# --- Refusals and broken files ------------------------------------------------------------------


def test_an_existing_guide_is_refused_without_update_and_nothing_changes(import_test_guide):
    import_test_guide(GARDENER)
    before = row_counts()

    with pytest.raises(GuideImportError) as error:
        import_test_guide(GARDENER)

    assert str(error.value) == (
        f"{GARDENER}, line 1: a guide for “Orbital Gardener” already exists (role orbital-gardener); "
        "import with --update to apply the differences"
    )
    assert error.value.line == 1
    assert error.value.report.action == "refused"
    assert error.value.report.counts["Career levels"] == 3
    assert row_counts() == before


@pytest.mark.parametrize(
    ("file_name", "message"),
    [
        (
            "broken_bad_utf8.txt",
            "broken_bad_utf8.txt, line 5: the file is not UTF-8 text (byte 0xa3); save it as UTF-8",
        ),
        ("broken_empty.txt", "broken_empty.txt, line 1: the file is empty"),
        ("broken_not_a_guide.txt", "broken_not_a_guide.txt, line 1: the first line must be the guide's title"),
        ("broken_no_key_facts.txt", "broken_no_key_facts.txt, line 3: no “Key Facts & Statistics” section"),
    ],
)
def test_broken_files_name_the_file_and_line_and_save_nothing(import_test_guide, file_name, message):
    before = row_counts()

    with pytest.raises(GuideImportError) as error:
        import_test_guide(file_name)

    assert str(error.value).startswith(message)
    assert row_counts() == before


def test_dry_run_reports_everything_and_saves_nothing(import_test_guide):
    before = row_counts()

    report = import_test_guide(GARDENER, dry_run=True)

    assert (report.action, report.action_display, report.dry_run) == ("created", "would create", True)
    assert report.counts["Focus areas"] == 6
    assert "Dry run: nothing was saved." in report.as_text()
    assert row_counts() == before


# --- Updating ------------------------------------------------------------------------------------


def test_reimporting_an_unchanged_file_changes_nothing_and_adds_no_history(import_test_guide):
    import_test_guide(GARDENER)
    before = row_counts()

    report = import_test_guide(GARDENER, update=True)

    assert report.action == "unchanged"
    assert report.changed_fields == []
    assert row_counts() == before


def test_update_applies_only_the_differences_with_history():
    text = guide_bytes().decode()
    import_text(text)
    faq = FAQ.objects.get(role__slug="orbital-gardener", order=2)
    before = row_counts()
    changed = (
        text.replace("$98,450 USD", "$99,100 USD")
        .replace("Most missions last about six months", "Most missions last about nine months")
        .replace("- Your work feeds the crew directly and they notice.\n", "")
    )

    report = import_text(changed, update=True)

    assert report.action == "updated"
    # Parts in the order of the registry (`GUIDE_ROWS`), which the writer follows.
    assert report.changed_fields == [
        "Key facts: 1 changed (median_pay)",
        "Pros and cons: 1 removed",
        "FAQ entries: 1 changed (answer)",
        "Data notes: 1 changed (note)",  # the median conflict quotes the new median
    ]
    assert KeyFacts.objects.get(role__slug="orbital-gardener").median_pay == Decimal("99100")
    faq.refresh_from_db()
    assert faq.answer.startswith("Most missions last about nine months")
    assert faq.history.latest().history_change_reason == REASON
    after = row_counts()
    assert after["roles.HistoricalFAQ"] == before["roles.HistoricalFAQ"] + 1
    assert after["roles.HistoricalKeyFacts"] == before["roles.HistoricalKeyFacts"] + 1
    assert after["roles.ProCon"] == before["roles.ProCon"] - 1
    removed = apps.get_model("roles", "HistoricalProCon").objects.get(history_type="-")
    assert removed.history_change_reason == REASON
    assert after["roles.HistoricalRole"] == before["roles.HistoricalRole"]


def test_update_can_reorder_and_remove_ladder_levels():
    text = guide_bytes().decode()
    import_text(text)
    reordered = text.replace(
        "| Junior Orbital Gardener | $64k USD | $66k USD |\n| Orbital Gardener | $92k USD | — |",
        "| Orbital Gardener | $92k USD | — |\n| Junior Orbital Gardener | $64k USD | $66k USD |",
    )
    ladder_start = reordered.index("Junior Orbital Gardener\n0-3 years")
    ladder_end = reordered.index("Job Application Toolkit")
    ladder = (
        "Orbital Gardener\n3-7 years total experience, 2-4 years in roleRuns several chambers.\n"
        "Key Focus Areas\nPlan crop rotations.\n"
        "Chief Orbital Gardener\n7+ years total experience, 3+ years in roleOwns the programme.\n"
        "Key Focus Areas\nDesign new growth modules.\n"
    )
    reordered = reordered[:ladder_start] + ladder + reordered[ladder_end:]

    report = import_text(reordered, update=True)

    role = Role.objects.get(slug="orbital-gardener")
    assert [(lv.order, lv.title) for lv in role.levels.all()] == [
        (1, "Orbital Gardener"),
        (2, "Chief Orbital Gardener"),
    ]
    assert FocusArea.objects.filter(level__role=role).count() == 2
    assert "Career levels: 2 changed (order, scope), 1 removed" in report.changed_fields


def test_update_keeps_the_publication_state():
    import_text(guide_bytes().decode(), publish=True)

    report = import_text(guide_bytes().decode(), update=True)

    assert report.action == "unchanged"
    assert Role.objects.get(slug="orbital-gardener").is_published is True


# --- Shared data ---------------------------------------------------------------------------------


def test_sources_with_the_same_publisher_occupation_and_date_are_reused(import_test_guide):
    existing = f.SourceFactory(
        title="Occupational Employment and Wage Statistics",
        occupation="Agricultural and Food Scientists",
        soc_code="19-1010",
        as_of=date(2024, 5, 1),
    )
    older = f.SourceFactory(
        title="Occupational Employment and Wage Statistics", occupation="Agricultural Workers", as_of=date(2023, 5, 1)
    )

    import_test_guide(GARDENER)
    import_test_guide("lunar_beekeeper.txt")

    facts = KeyFacts.objects.get(role__slug="orbital-gardener")
    assert facts.median_pay_source_id == existing.pk
    assert Role.objects.get(slug="orbital-gardener").soc_code == "19-1010"
    oews = Source.objects.filter(title="Occupational Employment and Wage Statistics")
    assert sorted(oews.values_list("occupation", "as_of")) == [
        ("Agricultural Workers", date(2023, 5, 1)),
        ("Agricultural Workers", date(2024, 5, 1)),
        ("Agricultural and Food Scientists", date(2024, 5, 1)),
    ]
    assert Source.objects.filter(title="Employment Projections").count() == 2
    assert KeyFacts.objects.get(role__slug="lunar-beekeeper").median_pay_source_id != older.pk


def test_skills_tools_and_certifications_match_existing_ones_by_name(import_test_guide):
    conflict = f.SkillFactory(name="Conflict Resolution and Negotiation", slug="conflict", category="soft")
    ecs = f.SkillFactory(name="ECS Monitoring and Tuning", slug="ecs", category="technical")
    tool = f.ToolFactory(name="plantlog")
    certification = f.CertificationFactory(name="Certified Professional Horticulturist", abbreviation="CPH")

    import_test_guide(GARDENER)
    import_test_guide("lunar_beekeeper.txt")

    gardener = Role.objects.get(slug="orbital-gardener")
    assert set(gardener.skills.values_list("pk", flat=True)) >= {conflict.pk, ecs.pk}
    assert RoleSkill.objects.filter(skill=conflict).count() == 2
    assert Skill.objects.filter(name__iexact="Attention to Detail").count() == 1
    assert RoleSkill.objects.filter(skill__name="Plant Pathology").count() == 2
    assert tool.pk in set(gardener.tools.values_list("pk", flat=True))
    assert Tool.objects.filter(name__iexact="plantlog").count() == 1
    assert certification.pk in set(gardener.certifications.values_list("pk", flat=True))
    assert not Certification.objects.filter(name="CPH").exists()


def test_related_careers_link_existing_roles_and_add_title_only_drafts(import_test_guide):
    habitat = f.RoleFactory(title="Habitat Systems Engineer", slug="habitat-systems-engineer")

    report = import_test_guide(GARDENER)

    gardener = Role.objects.get(slug="orbital-gardener")
    assert [r.to_role.slug for r in gardener.relations.all()] == ["lunar-beekeeper", "habitat-systems-engineer"]
    assert gardener.relations.get(to_role=habitat).note.startswith("Builds and maintains")
    stub = Role.objects.get(slug="lunar-beekeeper")
    assert (stub.is_published, stub.description, stub.imported_from) == (False, "", "")
    assert any("1 related role as title-only drafts (Lunar Beekeeper)" in note for note in report.notes)


def test_importing_the_guide_of_a_title_only_role_fills_it_in(import_test_guide):
    import_test_guide(GARDENER)
    stub = Role.objects.get(slug="lunar-beekeeper")

    report = import_test_guide("lunar_beekeeper.txt")

    filled = Role.objects.get(slug="lunar-beekeeper")
    assert filled.pk == stub.pk
    assert report.action == "created"
    assert filled.imported_from == "lunar_beekeeper.txt"
    assert filled.levels.count() == 4
    assert Role.objects.filter(title="Orbital Gardener").count() == 1
    assert [r.to_role.slug for r in filled.relations.all()] == ["orbital-gardener"]


def test_ladder_levels_link_to_roles_of_the_same_title(import_test_guide):
    import_test_guide(GARDENER)

    links = {lv.title: lv.same_as_role.slug if lv.same_as_role else None for lv in CareerLevel.objects.all()}
    assert links == {
        "Junior Orbital Gardener": None,
        "Orbital Gardener": "orbital-gardener",
        "Chief Orbital Gardener": None,
    }


def test_named_regions_must_exist_and_their_currency_is_checked(import_test_guide):
    euro = f.CurrencyFactory(code="EUR", name="Euro", symbol="€")
    western = f.NamedRegionFactory(name="Western Europe", slug="western-europe", currency=euro)
    f.RegionFactory(name="United Kingdom", slug="united-kingdom", iso_code="GB", currency=euro)

    report = import_test_guide("lunar_beekeeper.txt")

    salaries = RegionalSalary.objects.filter(role__slug="lunar-beekeeper")
    assert [(s.region_id, s.currency_id, s.local_min) for s in salaries] == [(western.pk, "EUR", 45000)]
    assert "The guide gives France and Netherlands as examples." in salaries.get().note
    unplaced = [text for _, text in report.unparsed if "[" in text]
    assert unplaced == [
        "Nordic countries: EUR 50,000–70,000 [no region “Nordic countries” in the database; add it as a region first]",
        # A currency mismatch names the country and quotes the sentence.
        "United Kingdom: GBP 38,000–55,000, from “In the UK, pay runs £38,000 - £55,000 (roughly $48,000-$70,000 "
        "USD).” [Salaries in United Kingdom are quoted in EUR, not GBP. Use EUR, or change the region's currency "
        "first.]",
    ]


def test_eight_levels_missing_cells_and_unplaced_salaries(import_test_guide):
    report = import_test_guide("deep_sea_cartographer.txt")

    role = Role.objects.get(slug="deep-sea-cartographer")
    assert role.levels.count() == 8
    assert role.faqs.count() == 0
    assert LevelSalary.objects.filter(level__role=role, median__isnull=True).count() == 1
    assert LevelSalary.objects.filter(level__role=role).count() == 7
    currencies = set(RegionalSalary.objects.filter(role=role).values_list("currency_id", flat=True))
    assert currencies == {"INR", "CHF", "ZAR", "MXN"}
    lines = [number for number, _ in report.unparsed]
    assert lines == sorted(lines)
    assert (12, "lots of them") in report.unparsed
    assert any("Gulf states" in text for _, text in report.unparsed)


# --- Cost linear in the guide's size -------------------------------------------------------------------------


def guide_with_skills(count: int) -> str:
    """The Orbital Gardener guide with `count` more (fictional) technical skills."""
    text = guide_bytes().decode()
    extra = "".join(f"- Fictional Orbital Technique {number:05d}\n" for number in range(count))
    at = text.index("Soft Skills\n")
    return text[:at] + extra + text[at:]


def test_matching_skills_folds_each_name_a_bounded_number_of_times(monkeypatch):
    calls = []
    fold = taxonomy.fold
    for module in (taxonomy, rows):  # the two modules of the writer that fold names
        monkeypatch.setattr(module, "fold", lambda text: calls.append(1) or fold(text))

    report = import_text(guide_with_skills(2_000), dry_run=True)

    assert report.counts["Role skills"] == 2_006  # the 2,000 added, 3 technical and 3 soft
    # Names are folded a few times each; matching each new skill against every earlier one folded
    # about two million names (n²/2) and made a 5,000-skill guide take minutes.
    assert len(calls) < 10 * 2_000
