"""Bulk salary CSV: `import_salaries`, `export_salaries` and the service behind them and the admin upload."""

import csv
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from roles import salary_csv as services
from roles.models import RegionalSalary
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "role,region,currency,local_min,local_max,usd_min,usd_max,usd_is_approximate,source,note\n"


@pytest.fixture
def reference():
    """What rows point at: two roles, a country, a euro region and a source."""
    eur = factories.CurrencyFactory(code="EUR", name="Euro")
    factories.CurrencyFactory(code="USD")
    return {
        "source": factories.SourceFactory(),
        "role": factories.RoleFactory(slug="technical-manager"),
        "other_role": factories.RoleFactory(slug="data-engineer"),
        "usa": factories.RegionFactory(slug="united-states", name="United States", iso_code="US"),
        "western_europe": factories.RegionFactory(
            slug="western-europe", name="Western Europe", kind="region", iso_code="", currency=eur
        ),
    }


def good_rows(reference):
    source = reference["source"].pk
    return [
        f"technical-manager,united-states,USD,120000,180000,120000,180000,false,{source},",
        f'technical-manager,western-europe,EUR,70000,110000,75000,120000,true,{source},"Germany, the UK"',
        f"data-engineer,united-states,USD,100000.50,150000,100000.50,150000,,{source},",
    ]


def write_csv(tmp_path, rows, header=HEADER, name="salaries.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((header + "".join(f"{row}\n" for row in rows)).encode(encoding))
    return path


def run_import(path, *args):
    """Run the command; return (stdout, stderr), or raise CommandError like a non-zero exit."""
    out, err = StringIO(), StringIO()
    call_command("import_salaries", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_import_expecting_failure(path, *args):
    err = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_salaries", str(path), *args, stdout=StringIO(), stderr=err)
    return str(failure.value), err.getvalue()


def export(*args) -> str:
    out = StringIO()
    call_command("export_salaries", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot():
    """Every salary row and every history row, to prove nothing changed."""
    return (
        list(RegionalSalary.objects.order_by("pk").values()),
        RegionalSalary.history.count(),
    )


# --- A clean file ----------------------------------------------------------------------------------------


def test_good_file_creates_every_row(tmp_path, reference):
    out, _ = run_import(write_csv(tmp_path, good_rows(reference)))

    assert out.strip() == "Created 3, updated 0, left 0 unchanged (3 rows)."
    europe = RegionalSalary.objects.get(region__slug="western-europe")
    assert (europe.currency_id, europe.local_min, europe.usd_max) == ("EUR", Decimal("70000"), Decimal("120000"))
    assert europe.note == "Germany, the UK"
    assert europe.usd_is_approximate
    assert not RegionalSalary.objects.get(
        role__slug="technical-manager", region__slug="united-states"
    ).usd_is_approximate
    assert RegionalSalary.objects.get(role__slug="data-engineer").usd_is_approximate  # blank means true
    assert RegionalSalary.objects.get(role__slug="data-engineer").local_min == Decimal("100000.50")
    assert set(RegionalSalary.history.values_list("history_change_reason", flat=True)) == {"Imported from salaries.csv"}


def test_reimporting_the_same_file_changes_nothing(tmp_path, reference):
    path = write_csv(tmp_path, good_rows(reference))
    run_import(path)
    before = snapshot()

    out, _ = run_import(path)

    assert out.strip() == "Created 0, updated 0, left 3 unchanged (3 rows)."
    assert snapshot() == before


def test_changed_row_updates_the_existing_salary_in_place(tmp_path, reference):
    run_import(write_csv(tmp_path, good_rows(reference)))
    ids = set(RegionalSalary.objects.values_list("pk", flat=True))
    rows = good_rows(reference)
    rows[1] = rows[1].replace("70000,110000", "72000,115000")

    out, _ = run_import(write_csv(tmp_path, rows, name="v2.csv"))

    assert out.strip() == "Created 0, updated 1, left 2 unchanged (3 rows)."
    assert set(RegionalSalary.objects.values_list("pk", flat=True)) == ids
    europe = RegionalSalary.objects.get(region__slug="western-europe")
    assert (europe.local_min, europe.local_max) == (Decimal("72000"), Decimal("115000"))
    assert [record.local_max for record in europe.history.all()] == [Decimal("115000"), Decimal("110000")]


def test_rows_not_in_the_file_are_kept(tmp_path, reference):
    kept = factories.RegionalSalaryFactory(role=reference["other_role"], region=factories.RegionFactory())
    run_import(write_csv(tmp_path, good_rows(reference)[:1]))
    assert RegionalSalary.objects.filter(pk=kept.pk).exists()


def test_dry_run_reports_what_would_change_and_writes_nothing(tmp_path, reference):
    before = snapshot()
    out, _ = run_import(write_csv(tmp_path, good_rows(reference)), "--dry-run")

    assert out.strip() == "Would create 3, update 0, left 0 unchanged (3 rows). Dry run: nothing was changed."
    assert snapshot() == before


def test_file_saved_by_a_spreadsheet_with_a_byte_order_mark_and_crlf_imports(tmp_path, reference):
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + HEADER + "\n".join(good_rows(reference)) + "\n").replace("\n", "\r\n").encode())

    out, _ = run_import(path)

    assert out.strip() == "Created 3, updated 0, left 0 unchanged (3 rows)."


def test_columns_may_come_in_any_order(tmp_path, reference):
    source = reference["source"].pk
    header = "region,role,currency,local_min,local_max,usd_min,usd_max,source,usd_is_approximate,note\n"
    path = write_csv(tmp_path, [f"united-states,technical-manager,USD,1,2,1,2,{source},true,"], header=header)

    run_import(path)

    assert RegionalSalary.objects.get().role == reference["role"]


# --- A bad file: every problem reported, nothing changed --------------------------------------------------


def test_file_with_several_bad_rows_reports_each_one_and_changes_nothing(tmp_path, reference):
    existing = factories.RegionalSalaryFactory(role=reference["role"], region=reference["usa"])
    before = snapshot()
    source = reference["source"].pk
    rows = [
        *good_rows(reference),  # lines 2-4 are fine, and would update `existing`
        f"no-such-role,united-states,USD,1,2,1,2,true,{source},",  # line 5
        f"technical-manager,atlantis,USD,1,2,1,2,true,{source},",  # line 6
        f'data-engineer,western-europe,EUR,"70,000",60000,-1,2,true,{source},',  # line 7
        "data-engineer,western-europe,eur,1,2,1,2,true,,",  # line 8
    ]

    message, err = run_import_expecting_failure(write_csv(tmp_path, rows))

    assert message == "Rejected: 6 problem(s) on 4 line(s). Nothing was changed; fix the file and import it again."
    assert err.splitlines() == [
        "salaries.csv: line 5, column role: no role has this slug (value 'no-such-role')",
        "salaries.csv: line 6, column region: no region has this slug (value 'atlantis')",
        "salaries.csv: line 7, column local_min: is not an amount: write digits with an optional decimal point "
        "and at most 2 decimals, no currency signs or thousands separators (e.g. 70000 or 70000.50) "
        "(value '70,000')",
        "salaries.csv: line 7, column usd_min: must not be negative (value '-1')",
        "salaries.csv: line 8, column currency: is not an ISO 4217 code (three capital letters, e.g. EUR) "
        "(value 'eur')",
        "salaries.csv: line 8, column source: is empty; every figure needs its source (the source's ID number)",
    ]
    assert snapshot() == before
    existing.refresh_from_db()
    assert existing.local_min == Decimal("70000")


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"role": ""}, "role", "is empty; give the role's slug, e.g. technical-manager"),
        ({"region": ""}, "region", "is empty; give the region's slug, e.g. germany"),
        ({"currency": "EURO"}, "currency", "is not an ISO 4217 code (three capital letters, e.g. EUR)"),
        ({"currency": "JPY"}, "currency", "is not in the admin's currency list; add it there first"),
        (
            {"currency": "USD"},
            "currency",
            "Salaries in Western Europe are quoted in EUR, not USD. Use EUR, or change the region's currency first.",
        ),
        ({"local_min": ""}, "local_min", "is empty; give an annual amount, e.g. 70000"),
        ({"local_max": "€110000"}, "local_max", "is not an amount"),
        ({"usd_min": "75000.123"}, "usd_min", "is not an amount"),
        ({"usd_max": "1e6"}, "usd_max", "is not an amount"),
        ({"local_min": "-5"}, "local_min", "must not be negative"),
        ({"local_min": "120000"}, "local_max", "is smaller than local_min (120000)"),
        ({"usd_min": "130000"}, "usd_max", "is smaller than usd_min (130000)"),
        ({"usd_is_approximate": "about"}, "usd_is_approximate", "must be true or false (or blank for true)"),
        ({"pay_period": "month"}, "pay_period", "must be year or hour (or blank for year)"),
        ({"source": "BLS"}, "source", "must be the ID number of a source in the admin"),
        ({"source": "9999"}, "source", "no source has this ID"),
        ({"note": "x" * 301}, "note", "is longer than 300 characters (301)"),
    ],
)
def test_each_kind_of_bad_value_is_named_with_its_column(reference, cells, column, reason):
    values = dict(
        zip(
            services.SALARY_CSV_COLUMNS,
            ["technical-manager", "western-europe", "EUR", "70000", "110000", "75000", "120000", "true", "", "", ""],
            strict=True,
        )
    )
    values["source"] = str(reference["source"].pk)
    values.update(cells)

    report = services.salaries_import(rows=[services.SalaryRow(line=2, values=values)])

    assert [(error.line, error.column) for error in report.errors] == [(2, column)]
    assert report.errors[0].reason.startswith(reason)
    assert not RegionalSalary.objects.exists()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "role,region,currency,local_min,local_max,usd_min,usd_max,source,note\n",
            ["line 1, column usd_is_approximate: column is missing from the header"],
        ),
        (
            HEADER.replace("note", "notes"),
            [
                "line 1, column notes: unknown column; expected only: " + ", ".join(services.SALARY_CSV_COLUMNS),
                "line 1, column note: column is missing from the header",
            ],
        ),
        (
            HEADER.strip() + ",role\n",
            ["line 1, column role: column appears twice"],
        ),
    ],
)
def test_header_problems_are_reported_on_line_1(tmp_path, reference, header, expected):
    _, err = run_import_expecting_failure(write_csv(tmp_path, good_rows(reference), header=header))
    assert [line.removeprefix("salaries.csv: ") for line in err.splitlines()] == expected
    assert not RegionalSalary.objects.exists()


def test_empty_file_is_rejected(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    _, err = run_import_expecting_failure(path)
    assert err.strip() == (
        "empty.csv: line 1: the file is empty; the first line must be: " + ",".join(services.SALARY_CSV_COLUMNS)
    )


def test_rows_with_the_wrong_number_of_cells_are_reported_with_the_other_problems(tmp_path, reference):
    rows = [*good_rows(reference), "technical-manager,united-states,USD", good_rows(reference)[0]]

    _, err = run_import_expecting_failure(write_csv(tmp_path, rows))

    assert err.splitlines() == [
        "salaries.csv: line 5: has 3 cells but the header has 10 columns",
        "salaries.csv: line 6, column region: duplicates line 2: a role has one salary range per region "
        "(value 'united-states')",
    ]
    assert not RegionalSalary.objects.exists()


def test_file_that_is_not_utf8_is_rejected_with_its_line(tmp_path, reference):
    rows = [*good_rows(reference)[:2], good_rows(reference)[2].replace(",,", ",,Zürich")]
    path = write_csv(tmp_path, rows, encoding="latin-1")

    _, err = run_import_expecting_failure(path)

    assert err.splitlines() == ["salaries.csv: line 4: the file is not UTF-8 text; save it as “CSV UTF-8”"]
    assert not RegionalSalary.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot open .*missing\.csv: No such file or directory\."):
        call_command("import_salaries", str(tmp_path / "missing.csv"))


def test_a_failure_while_writing_rolls_back_the_whole_file(tmp_path, reference, monkeypatch):
    run_import(write_csv(tmp_path, good_rows(reference)[:1]))
    before = snapshot()
    rows = good_rows(reference)
    rows[0] = rows[0].replace("120000,180000,120000", "125000,180000,125000")  # an update after two creates

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_update_with_history", fail)
    with pytest.raises(RuntimeError):
        run_import(write_csv(tmp_path, rows, name="v2.csv"))

    assert snapshot() == before


# --- Progress for large files ------------------------------------------------------------------------------


def test_progress_is_written_to_stderr(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    source = reference["source"].pk
    regions = [factories.RegionFactory(slug=f"country-{n}") for n in range(5)]
    rows = [f"technical-manager,{region.slug},USD,1,2,1,2,true,{source}," for region in regions]

    out, err = run_import(write_csv(tmp_path, rows))

    assert err.splitlines() == [
        "salaries.csv: checked 2 rows",
        "salaries.csv: checked 4 rows",
        "salaries.csv: created 2 of 5 salaries",
        "salaries.csv: created 4 of 5 salaries",
        "salaries.csv: created 5 of 5 salaries",
    ]
    assert out.strip() == "Created 5, updated 0, left 0 unchanged (5 rows)."
    _, quiet = run_import(write_csv(tmp_path, rows), "--verbosity", "0")
    assert quiet == ""


# --- Export and the round trip -------------------------------------------------------------------------


def test_export_then_import_round_trip_is_identical(tmp_path, reference):
    source = reference["source"]
    for n, note in enumerate(["", 'Says "about", roughly', "Zürich, Genève\nand Basel", "  "]):
        factories.RegionalSalaryFactory(
            role=reference["role"],
            region=factories.RegionFactory(slug=f"country-{n}"),
            source=source,
            local_min=Decimal(f"{1000 + n}.5"),
            usd_is_approximate=bool(n % 2),
            note=note.strip(),
        )
    factories.RegionalSalaryFactory(role=reference["other_role"], region=reference["usa"], source=source)
    first = export()
    exported = tmp_path / "export.csv"
    exported.write_text(first, encoding="utf-8")

    out, _ = run_import(exported)
    assert out.strip() == "Created 0, updated 0, left 5 unchanged (5 rows)."

    RegionalSalary.objects.all().delete()
    out, _ = run_import(exported)
    assert out.strip() == "Created 5, updated 0, left 0 unchanged (5 rows)."
    assert export() == first


def test_export_writes_a_file_and_the_documented_columns(tmp_path, reference):
    factories.RegionalSalaryFactory(role=reference["role"], region=reference["usa"], source=reference["source"])
    target = tmp_path / "out.csv"
    err = StringIO()

    call_command("export_salaries", "--output", str(target), stdout=StringIO(), stderr=err)

    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER.strip().replace("usd_is_approximate,", "usd_is_approximate,pay_period,")
    assert lines[0].split(",") == list(services.SALARY_CSV_COLUMN_HELP)
    assert lines[1] == (
        f"technical-manager,united-states,USD,70000.00,110000.00,75000.00,120000.00,true,year,{reference['source'].pk},"
    )
    assert err.getvalue().strip() == f"Exported 1 regional salaries to {target}."


EVIL_NOTE = '=HYPERLINK("http://evil.example","x")'


def test_export_neutralises_formulas_and_the_import_restores_the_exact_note(tmp_path, reference):
    salary = factories.RegionalSalaryFactory(
        role=reference["role"], region=reference["usa"], source=reference["source"], note=EVIL_NOTE
    )
    exported = tmp_path / "export.csv"
    call_command("export_salaries", "--output", str(exported), stdout=StringIO(), stderr=StringIO())

    with exported.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["note"] == "'" + EVIL_NOTE
    assert row["local_min"] == "70000.00"

    RegionalSalary.objects.all().delete()
    out, _ = run_import(exported)

    assert out.strip() == "Created 1, updated 0, left 0 unchanged (1 rows)."
    assert RegionalSalary.objects.get(region=salary.region).note == EVIL_NOTE
    assert export() == exported.read_text(encoding="utf-8")


def test_notes_starting_with_a_quote_or_a_minus_survive_the_round_trip(tmp_path, reference):
    notes = ["'=not a formula", "'quoted by hand", "-10% in 2024", "@team"]
    for n, note in enumerate(notes):
        factories.RegionalSalaryFactory(
            role=reference["role"], region=factories.RegionFactory(slug=f"country-{n}"), note=note
        )
    exported = tmp_path / "export.csv"
    exported.write_text(export(), encoding="utf-8")

    RegionalSalary.objects.all().delete()
    run_import(exported)

    assert sorted(RegionalSalary.objects.values_list("note", flat=True)) == sorted(notes)


# --- Bounded files ------------------------------------------------------------------------------------------


def test_a_nul_byte_is_a_row_error_naming_its_line_and_nothing_is_saved(tmp_path, reference):
    rows = good_rows(reference)
    rows[1] = rows[1].replace("Germany", "Ger\x00many")
    before = snapshot()

    message, err = run_import_expecting_failure(write_csv(tmp_path, rows))

    assert "salaries.csv: line 3: the file has a NUL byte (0x00), so it is not plain text" in err
    assert message.startswith("Rejected: 1 problem(s) on 1 line(s).")
    assert snapshot() == before


def test_a_file_over_the_row_limit_is_refused_at_the_first_row_past_it(tmp_path, reference, settings):
    settings.SALARY_IMPORT_MAX_ROWS = 2

    _, err = run_import_expecting_failure(write_csv(tmp_path, good_rows(reference)))

    assert err.strip() == "salaries.csv: line 4: the file has more than 2 rows; split it into smaller files"
    assert not RegionalSalary.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, reference, settings):
    path = write_csv(tmp_path, good_rows(reference))
    settings.SALARY_IMPORT_MAX_BYTES = path.stat().st_size - 1

    message, _ = run_import_expecting_failure(path)

    assert message.startswith("salaries.csv: larger than ")
    assert message.endswith("(DJANGO_SALARY_IMPORT_MAX_BYTES); split it.")
    assert not RegionalSalary.objects.exists()


def test_a_line_over_the_length_limit_is_a_row_error_naming_it(tmp_path, reference, settings):
    settings.IMPORT_MAX_LINE_CHARS = 200
    rows = good_rows(reference)
    rows[2] = rows[2] + "x" * 300

    _, err = run_import_expecting_failure(write_csv(tmp_path, rows))

    assert "salaries.csv: line 4: the line has " in err and "characters, more than 200" in err


def test_an_hourly_range_is_imported_and_exported_per_hour(tmp_path, reference):
    source = reference["source"].pk
    header = HEADER.replace("usd_is_approximate,", "usd_is_approximate,pay_period,")
    path = write_csv(tmp_path, [f"technical-manager,united-states,USD,18,25,18,25,false,hour,{source},"], header=header)
    call_command("import_salaries", str(path), stdout=StringIO(), stderr=StringIO())
    out = StringIO()

    services.salaries_export(file=out)

    assert RegionalSalary.objects.get().pay_period == "hour"
    assert (
        out.getvalue().splitlines()[1]
        == f"technical-manager,united-states,USD,18.00,25.00,18.00,25.00,false,hour,{source},"
    )
