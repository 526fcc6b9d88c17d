"""manage.py import_oews: BLS's flat files in, a release's estimates out, all or nothing.

The files under tests/data/oews/may2030/ are a small fictional release ("May 2030") in BLS's layout:
CRLF, padded cells, an `oe.occupation` with BLS's extra columns, top-coded, unreleased and hourly-only
figures. Broken variants are written to a temporary directory by the tests themselves.
"""

import gzip
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from salaries.models import Occupation, OewsArea, OewsIndustry, OewsRelease, WageEstimate

pytestmark = pytest.mark.django_db

RELEASE_DIR = Path(__file__).resolve().parent.parent / "data" / "oews" / "may2030"
DATA = "oe.data.0.Current"


def run(*args) -> str:
    out = StringIO()
    call_command("import_oews", *map(str, args), stdout=out, verbosity=1)
    return out.getvalue()


@pytest.fixture
def release_copy(tmp_path):
    """A writable copy of the fictional release; `edit(name, old, new)` changes one file's text."""
    target = tmp_path / "release"
    shutil.copytree(RELEASE_DIR, target)
    return target


def edit(directory: Path, name: str, old: str, new: str, *, count: int = 1) -> None:
    path = directory / name
    text = path.read_bytes().decode()
    assert old in text, old
    path.write_bytes(text.replace(old, new, count).encode())


def estimate(occupation="98-1011", area="0000000", industry="000000") -> WageEstimate:
    return WageEstimate.objects.get(occupation__soc_code=occupation, area__code=area, industry__code=industry)


def test_import_reads_every_file_and_reports_counts():
    report = run(RELEASE_DIR)

    assert "OEWS May 2030 imported" in report
    assert "estimates           31 (31 added, 0 changed, 0 unchanged)" in report
    # Griffin keepers in Borealis: 17 values not released; cloud cartographers' 6 annual figures are hourly only;
    # dragon keepers' two national 90th percentiles are top-coded.
    assert "values not released 17, top-coded 2 (stored as their floor), hourly or annual only 6" in report
    release = OewsRelease.objects.get()
    assert (release.code, release.name, str(release.reference_date)) == ("2030A01", "May 2030", "2030-05-01")
    assert [entry["name"] for entry in release.source_files] == [DATA]
    assert Occupation.objects.count() == 7
    assert OewsArea.objects.count() == 4
    assert OewsIndustry.objects.count() == 4


def test_import_builds_the_soc_hierarchy_and_reads_extra_columns_by_name():
    run(RELEASE_DIR)

    dragon = Occupation.objects.get(soc_code="98-1011")
    assert dragon.title == "Dragon Keepers"
    assert dragon.level == Occupation.Level.DETAILED
    assert dragon.description == "Feed, groom and fireproof dragons."  # BLS's extra column, read by name
    assert [group.soc_code for group in dragon.ancestors()] == ["98-0000", "98-1000", "98-1010"]
    # No broad group 98-1020 in the file: the cartographers hang from the minor group.
    assert Occupation.objects.get(soc_code="98-1020").parent.soc_code == "98-1000"
    assert Occupation.objects.get(soc_code="00-0000").level == Occupation.Level.TOTAL
    assert Occupation.objects.get(soc_code="98-0000").parent is None


def test_import_links_areas_to_states_and_industries_to_parents():
    run(RELEASE_DIR)

    metro = OewsArea.objects.get(code="0098001")
    assert (metro.kind, metro.state.name, metro.state_code) == (OewsArea.Kind.METRO, "Aquilonia", "98")
    assert OewsArea.objects.get(code="9800000").state is None
    lanterns = OewsIndustry.objects.get(code="981000")
    assert lanterns.parent.code == "98--99"
    assert lanterns.parent.parent.code == "000001"
    assert lanterns.parent.parent.parent.code == "000000"


def test_values_keep_blss_figures_and_footnotes():
    run(RELEASE_DIR)

    dragon = estimate()
    assert dragon.employment == 5000
    assert dragon.hourly_median == Decimal("40.00")
    assert dragon.annual_median == 83200
    assert dragon.jobs_per_1000 is None and dragon.jobs_per_1000_footnote == ""  # BLS has no line: no footnote
    # Top-coded: stored as the floor that footnote 5 states, and marked by the footnote.
    assert (dragon.hourly_p90, dragon.hourly_p90_footnote) == (Decimal("115.00"), "5")
    assert (dragon.annual_p90, dragon.annual_p90_footnote) == (239200, "5")
    griffins = estimate("98-1012", "9900000")
    assert griffins.employment is None and griffins.employment_footnote == "8"  # missing, never 0
    assert griffins.annual_median is None and griffins.annual_median_footnote == "8"
    cartographers = estimate("98-1020")
    assert cartographers.hourly_median == Decimal("50.00")
    assert cartographers.annual_median is None and cartographers.annual_median_footnote == "4"
    state = estimate("98-1011", "9800000")
    assert (state.jobs_per_1000, state.location_quotient) == (Decimal("1.250"), Decimal("0.95"))


def test_importing_the_same_release_again_changes_nothing():
    run(RELEASE_DIR)
    before = list(WageEstimate.objects.order_by("pk").values())

    assert "already imported from these files; nothing changed" in run(RELEASE_DIR)
    assert list(WageEstimate.objects.order_by("pk").values()) == before


def test_same_figures_in_other_bytes_change_no_estimate(release_copy):
    run(RELEASE_DIR)
    before = list(WageEstimate.objects.order_by("pk").values())
    # LF instead of CRLF: another file (another SHA-256), the same figures.
    path = release_copy / DATA
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))

    assert "(0 added, 0 changed, 31 unchanged)" in run(release_copy)
    assert list(WageEstimate.objects.order_by("pk").values()) == before
    assert len(OewsRelease.objects.get().source_files) == 2


def test_a_corrected_figure_is_updated_in_place(release_copy):
    run(RELEASE_DIR)
    edit(
        release_copy,
        DATA,
        "OEUN000000000000098101101     \t2030\tA01\t        5000",
        "OEUN000000000000098101101     \t2030\tA01\t        5100",
    )

    assert "(0 added, 1 changed, 30 unchanged)" in run(release_copy)
    assert estimate().employment == 5100


def test_gzip_files_import_like_plain_ones(tmp_path):
    for path in RELEASE_DIR.iterdir():
        (tmp_path / f"{path.name}.gz").write_bytes(gzip.compress(path.read_bytes()))

    assert "estimates           31 (31 added" in run(tmp_path)
    assert estimate().annual_p90 == 239200


def test_files_can_be_named_one_by_one():
    files = [
        RELEASE_DIR / name for name in ("oe.occupation", "oe.area", "oe.industry", "oe.footnote", "oe.release", DATA)
    ]

    run(*files)

    assert WageEstimate.objects.count() == 31


def test_scope_options_take_only_the_asked_areas_and_industries():
    call_command("import_oews", str(RELEASE_DIR), "--areas", "national,state", "--industries", "cross", verbosity=0)

    assert set(WageEstimate.objects.values_list("area__kind", flat=True)) == {"national", "state"}
    assert set(WageEstimate.objects.values_list("industry__code", flat=True)) == {"000000"}
    # The rest of the same files, later, is added beside it.
    assert "(10 added, 0 changed, 21 unchanged)" in run(RELEASE_DIR)


def test_a_newer_release_sits_beside_the_older_and_becomes_the_default(release_copy):
    run(RELEASE_DIR)
    edit(release_copy, "oe.release", "2030A01\tMay 2030", "2031A01\tMay 2031")
    edit(release_copy, DATA, "\t2030\t", "\t2031\t", count=-1)

    run(release_copy)

    assert list(OewsRelease.objects.values_list("code", flat=True)) == ["2031A01", "2030A01"]
    assert OewsRelease.objects.latest_release().code == "2031A01"
    assert WageEstimate.objects.count() == 62


def test_dry_run_checks_everything_and_saves_nothing():
    report = run(RELEASE_DIR, "--dry-run")

    assert "would import (dry run, nothing saved)" in report
    assert "(31 added" in report
    assert not WageEstimate.objects.exists()
    assert not OewsRelease.objects.exists()


def refused(directory) -> str:
    with pytest.raises(CommandError) as error:
        run(directory)
    assert not WageEstimate.objects.exists()
    assert not OewsRelease.objects.exists()
    assert not Occupation.objects.exists()  # the lookups roll back too
    return str(error.value)


def test_a_bad_value_is_refused_with_its_file_and_line(release_copy):
    edit(release_copy, DATA, "          10\t\r\n", "         ten\t\r\n")

    message = refused(release_copy)

    assert f"{release_copy / DATA}, line 2: 'ten' is not a value for employment" in message
    assert "1 line(s) refused, nothing was saved" in message


def test_every_refused_line_is_listed(release_copy):
    edit(release_copy, DATA, "\t2030\tA01\t         1.5\t", "\t2030\tA01\t        -1.5\t", count=3)

    message = refused(release_copy)

    assert "3 line(s) refused" in message
    assert message.count("'-1.5' is not a value for employment_rse") == 3


def test_an_unknown_area_is_refused(release_copy):
    lines = (release_copy / DATA).read_bytes().decode().split("\r\n")
    first = next(number for number, line in enumerate(lines, start=1) if line.startswith("OEUS9900000"))
    edit(release_copy, DATA, "OEUS9900000", "OEUS9950000", count=-1)  # still in order, but no such area

    message = refused(release_copy)

    assert message.startswith("7 line(s) refused")  # one per estimate: its other lines are skipped with it
    assert f"{release_copy / DATA}, line {first}: area 9950000 is not in oe.area" in message


def test_an_unknown_occupation_or_footnote_is_refused(release_copy):
    edit(release_copy, "oe.occupation", "981020\tCloud Cartographers\t3\tT\t7\tMap clouds for airships.\r\n", "")
    edit(release_copy, "oe.footnote", "8\tEstimate not released.\r\n", "")

    message = refused(release_copy)

    assert "occupation 981020 is not in oe.occupation" in message
    assert "footnote '8' is not in oe.footnote" in message


def test_a_file_of_the_wrong_kind_is_refused(release_copy):
    shutil.copy(release_copy / "oe.area", release_copy / "oe.industry")

    message = refused(release_copy)

    assert (
        f"{release_copy / 'oe.industry'}, line 1: the header has no industry_code, industry_name, display_level"
        in message
    )


def test_a_data_file_of_the_wrong_kind_is_refused(release_copy):
    shutil.copy(release_copy / "oe.area", release_copy / DATA)

    assert "line 1: the header has no series_id, year, period, value, footnote_codes column" in refused(release_copy)


def test_lines_out_of_order_are_refused(release_copy):
    lines = (release_copy / DATA).read_bytes().split(b"\r\n")
    lines[2], lines[3] = lines[3], lines[2]
    (release_copy / DATA).write_bytes(b"\r\n".join(lines))

    assert "line 4: series OEUM009800100000000000002 is out of order or repeated" in refused(release_copy)


def test_a_line_of_another_release_is_refused(release_copy):
    edit(release_copy, DATA, "\t2030\tA01\t", "\t2029\tA01\t")

    assert "line 2: 2029 A01 is not the release of oe.release (2030 A01)" in refused(release_copy)


def test_a_missing_file_is_refused(release_copy):
    (release_copy / "oe.footnote").unlink()

    assert "missing oe.footnote" in refused(release_copy)


def test_a_broken_gzip_file_is_refused(release_copy):
    (release_copy / DATA).unlink()
    (release_copy / f"{DATA}.gz").write_bytes(b"not gzip at all")

    assert f"{release_copy / DATA}.gz: cannot be read" in refused(release_copy)


def test_a_short_line_is_refused(release_copy):
    edit(release_copy, DATA, "\t2030\tA01\t          10\t\r\n", "\t2030\r\n")

    assert "line 2: 2 columns, the header has 5" in refused(release_copy)


def test_bad_options_are_refused():
    with pytest.raises(CommandError, match="use any of national, state, metro"):
        call_command("import_oews", str(RELEASE_DIR), "--areas", "moon")
    with pytest.raises(CommandError, match="no such file or directory"):
        call_command("import_oews", str(RELEASE_DIR / "nothing-here"))
