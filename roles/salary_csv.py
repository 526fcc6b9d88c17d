"""The regional salary CSV import and export: writes that touch many rows of a guide's regional pay.

`manage.py import_salaries`, `manage.py export_salaries` and the admin's upload form all call these
functions, so a file is judged by the same rules wherever it comes from.
"""

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.conf import settings
from django.db import connections, router, transaction
from simple_history.utils import bulk_create_with_history

from careerguide.cache import bump_content_version
from careerguide.checked_uploads import TextProblem, checked_lines
from careerguide.csv_cells import csv_cell, csv_cell_text
from salaries.models import Currency, PayPeriod, Region, Source
from salaries.services import salary_currency_error

from .models import RegionalSalary, Role

# The file's columns, in the order `export_salaries` writes them. Every column but `pay_period` (added
# later; files written before it have yearly ranges) must be present in the header (in any order);
# `usd_is_approximate`, `pay_period` and `note` may be left blank in a row.
SALARY_CSV_COLUMNS = (
    "role",
    "region",
    "currency",
    "local_min",
    "local_max",
    "usd_min",
    "usd_max",
    "usd_is_approximate",
    "pay_period",
    "source",
    "note",
)
OPTIONAL_COLUMNS = ("pay_period",)
# What each column holds, for the admin's upload page and the README.
SALARY_CSV_COLUMN_HELP = {
    "role": "Slug of the role (as in the role's address), e.g. technical-manager. The role must exist.",
    "region": "Slug of the country or region, e.g. germany or western-europe. The region must exist.",
    "currency": "ISO 4217 code of the local amounts, e.g. EUR. Must be in the currency list and match the "
    "region's currency when the region has one.",
    "local_min": "Bottom of the range in that currency: digits, optional decimal point, at most 2 decimals "
    "(70000 or 70000.00). Not negative.",
    "local_max": "Top of the range, same format; at least local_min.",
    "usd_min": "The source's US-dollar equivalent of local_min, same format. Not negative.",
    "usd_max": "The source's US-dollar equivalent of local_max; at least usd_min.",
    "usd_is_approximate": "true when the source gives the USD figures as approximations (“about”), false when "
    "exact. Blank means true.",
    "pay_period": "year or hour: what the four amounts are per. An hourly range stays hourly on every page; "
    "blank, or a file without this column, means year.",
    "source": "ID number of the source of the figures (shown in the admin's source list and page address).",
    "note": "Optional remark shown with the range, at most 300 characters.",
}
AMOUNT_COLUMNS = ("local_min", "local_max", "usd_min", "usd_max")
# The values compared to decide whether an existing row changes; `role` and `region` identify the row.
VALUE_FIELDS = ("currency_id", *AMOUNT_COLUMNS, "usd_is_approximate", "pay_period", "source_id", "note")

CHANGE_REASON = "Salary CSV import"  # history reason when the file has no name (e.g. lines from a script)
CHANGES_LISTED = 500  # rows of a report's change list; a larger file is summarised after these
PROGRESS_EVERY = 10_000
BATCH_SIZE = 1_000

_AMOUNT = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$")
_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
_NOTE_MAX_LENGTH = RegionalSalary._meta.get_field("note").max_length


@dataclass(frozen=True)
class SalaryRow:
    """One data row of a salary file: its line number in the file and its raw text values by column."""

    line: int
    values: dict[str, str]
    problem: str = ""  # set when the line could not be split into the header's columns


@dataclass(frozen=True)
class RowError:
    """A reason a file was rejected: where (line and column) and why, in words an editor can act on."""

    line: int
    column: str
    reason: str
    value: str = ""

    def __str__(self):
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        shown = f" (value {self.value!r})" if self.value else ""
        return f"{where}: {self.reason}{shown}"


@dataclass
class RowChange:
    """One row of a file that creates or changes a salary: `fields` are (column, old, new) in words."""

    line: int
    role: str
    region: str
    created: bool
    fields: list[tuple[str, str, str]]


@dataclass
class ImportReport:
    """What an import did, or with `dry_run`, would do. With any error, nothing was written.

    `changes` lists the first `CHANGES_LISTED` rows that create or change a salary, field by field, in
    file order; `changes_not_listed` counts the rest."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    changes_not_listed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        if not self.ok:
            lines = len({error.line for error in self.errors})
            return (
                f"Rejected: {len(self.errors)} problem(s) on {lines} line(s). Nothing was changed; "
                "fix the file and import it again."
            )
        verb = "Would create" if self.dry_run else "Created"
        text = f"{verb} {self.created}, {'update' if self.dry_run else 'updated'} {self.updated}, "
        text += f"left {self.unchanged} unchanged ({self.rows} rows)."
        return text + (" Dry run: nothing was changed." if self.dry_run else "")


@dataclass(frozen=True)
class _Lookups:
    """Everything a row refers to, loaded once (four queries) so validating rows never queries."""

    roles: dict[str, int]
    regions: dict[str, Region]
    currencies: set[str]
    sources: set[int]

    @classmethod
    def load(cls) -> "_Lookups":
        return cls(
            roles=dict(Role.objects.values_list("slug", "pk")),
            regions={region.slug: region for region in Region.objects.only("pk", "slug", "name", "currency")},
            currencies=set(Currency.objects.values_list("code", flat=True)),
            sources=set(Source.objects.values_list("pk", flat=True)),
        )


def _parse_amount(values: dict[str, str], column: str, line: int, errors: list[RowError]) -> Decimal | None:
    raw = values[column].strip()
    if not raw:
        errors.append(RowError(line, column, "is empty; give an annual amount, e.g. 70000"))
        return None
    if not _AMOUNT.match(raw):
        errors.append(
            RowError(
                line,
                column,
                "is not an amount: write digits with an optional decimal point and at most 2 decimals, "
                "no currency signs or thousands separators (e.g. 70000 or 70000.50)",
                raw,
            )
        )
        return None
    amount = Decimal(raw)
    if amount < 0:
        errors.append(RowError(line, column, "must not be negative", raw))
        return None
    return amount


def _parse_row(row: SalaryRow, lookups: _Lookups) -> tuple[tuple[int, int] | None, dict, list[RowError]]:
    """Check one row: return its `(role_id, region_id)`, its values by model field, and its errors."""
    values, line = row.values, row.line
    errors: list[RowError] = []
    role_id = _slug_reference(values, "role", lookups.roles, "technical-manager", line, errors)
    region = _slug_reference(values, "region", lookups.regions, "germany", line, errors)
    currency = _currency(values, region, lookups, line, errors)
    amounts = {column: _parse_amount(values, column, line, errors) for column in AMOUNT_COLUMNS}
    for low, high in (("local_min", "local_max"), ("usd_min", "usd_max")):
        if amounts[low] is not None and amounts[high] is not None and amounts[low] > amounts[high]:
            errors.append(RowError(line, high, f"is smaller than {low} ({values[low].strip()})", values[high].strip()))
    flag = values["usd_is_approximate"].strip().lower()
    if flag and flag not in _TRUE | _FALSE:
        errors.append(RowError(line, "usd_is_approximate", "must be true or false (or blank for true)", flag))
    period = values.get("pay_period", "").strip().lower() or PayPeriod.YEAR
    if period not in PayPeriod.values:
        errors.append(RowError(line, "pay_period", "must be year or hour (or blank for year)", period))
    source_id = _source(values, lookups, line, errors)
    note = values["note"].strip()
    if len(note) > _NOTE_MAX_LENGTH:
        errors.append(RowError(line, "note", f"is longer than {_NOTE_MAX_LENGTH} characters ({len(note)})"))
    if errors:
        return None, {}, errors
    fields = {"currency_id": currency, **amounts, "usd_is_approximate": flag not in _FALSE, "pay_period": period}
    return (role_id, region.pk), {**fields, "source_id": source_id, "note": note}, []


def _slug_reference(values: dict, column: str, known: dict, example: str, line: int, errors: list):
    """The row a slug column names (None, with an error, when it names none)."""
    slug = values[column].strip()
    found = known.get(slug)
    if not slug:
        errors.append(RowError(line, column, f"is empty; give the {column}'s slug, e.g. {example}"))
    elif found is None:
        errors.append(RowError(line, column, f"no {column} has this slug", slug))
    return found


def _currency(values: dict, region, lookups: _Lookups, line: int, errors: list) -> str:
    currency = values["currency"].strip()
    if not _CURRENCY_CODE.match(currency):
        errors.append(RowError(line, "currency", "is not an ISO 4217 code (three capital letters, e.g. EUR)", currency))
    elif currency not in lookups.currencies:
        errors.append(RowError(line, "currency", "is not in the admin's currency list; add it there first", currency))
    elif region is not None and (mismatch := salary_currency_error(region=region, currency_code=currency)):
        errors.append(RowError(line, "currency", mismatch, currency))
    return currency


def _source(values: dict, lookups: _Lookups, line: int, errors: list) -> int | None:
    raw_source = values["source"].strip()
    source_id = int(raw_source) if raw_source.isdigit() else None
    if not raw_source:
        errors.append(RowError(line, "source", "is empty; every figure needs its source (the source's ID number)"))
    elif source_id is None:
        errors.append(RowError(line, "source", "must be the ID number of a source in the admin", raw_source))
    elif source_id not in lookups.sources:
        errors.append(RowError(line, "source", "no source has this ID", raw_source))
    return source_id


@transaction.atomic
def salaries_import(
    *,
    rows: Iterable[SalaryRow],
    dry_run: bool = False,
    user=None,
    name: str = "",
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Create or update regional salaries from `rows`, all or nothing.

    Every row is validated before anything is written; with any error the report lists every bad row
    and the database is untouched. A row updates the existing salary for its (role, region) or creates
    one; rows whose values already match are left alone, so importing the same file twice changes
    nothing. Salaries missing from the file are kept. Writes record history (user `user`, reason
    "Imported from NAME" for the file `name`). The report lists what each row creates or changes
    (`ImportReport.changes`). Queries: 4 lookups, 1 for existing salaries, then batched inserts/updates.
    """
    report = ImportReport(dry_run=dry_run)
    lookups = _Lookups.load()
    parsed, first_line = _checked_rows(rows, lookups, report, progress)
    if report.errors:
        return report
    to_create, to_update, old_values = _compare_with_stored(parsed)
    report.created, report.updated = len(to_create), len(to_update)
    report.unchanged = len(parsed) - report.created - report.updated
    report.changes = _row_changes(to_create[:CHANGES_LISTED], old_values, parsed, first_line, lookups)
    report.changes_not_listed = report.created + report.updated - len(report.changes)
    if not dry_run:
        reason = f"Imported from {name}" if name else CHANGE_REASON
        _write_salaries(parsed, to_create, to_update, user=user, reason=reason, progress=progress)
    return report


def _checked_rows(rows, lookups, report: ImportReport, progress) -> tuple[dict[tuple[int, int], tuple], dict]:
    """Every row checked: (role_id, region_id) -> values in VALUE_FIELDS order (tuples keep 100,000 rows small
    in memory), and the line each key was first given on. Bad rows go to `report.errors`."""
    parsed: dict[tuple[int, int], tuple] = {}
    first_line: dict[tuple[int, int], int] = {}
    for row in rows:
        report.rows += 1
        if report.rows > settings.SALARY_IMPORT_MAX_ROWS:
            limit = f"the file has more than {settings.SALARY_IMPORT_MAX_ROWS:,} rows; split it into smaller files"
            report.errors.append(RowError(row.line, "", limit))
            break
        if row.problem:
            report.errors.append(RowError(row.line, "", row.problem))
            continue
        key, values, errors = _parse_row(row, lookups)
        if errors:
            report.errors.extend(errors)
        elif key in first_line:
            duplicate = f"duplicates line {first_line[key]}: a role has one salary range per region"
            report.errors.append(RowError(row.line, "region", duplicate, row.values["region"].strip()))
        else:
            first_line[key] = row.line
            parsed[key] = tuple(values[name] for name in VALUE_FIELDS)
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress(f"checked {report.rows:,} rows")
    return parsed, first_line


def _compare_with_stored(parsed: dict[tuple[int, int], tuple]) -> tuple[list, list, dict]:
    """(keys to create, (pk, key) to update, old values of the first changed rows for the report), comparing
    while streaming the stored rows (one query), so they are never all held in memory."""
    current_rows = RegionalSalary.objects.filter(role_id__in={role_id for role_id, _ in parsed}).values_list(
        "role_id", "region_id", "pk", *VALUE_FIELDS
    )
    found: set[tuple[int, int]] = set()
    to_update: list[tuple[int, tuple[int, int]]] = []
    old_values: dict[tuple[int, int], tuple] = {}
    for role_id, region_id, pk, *values in current_rows.iterator(chunk_size=PROGRESS_EVERY):
        key = (role_id, region_id)
        if key in parsed:
            found.add(key)
            if tuple(values) != parsed[key]:
                to_update.append((pk, key))
                if len(old_values) < CHANGES_LISTED:
                    old_values[key] = tuple(values)
    return [key for key in parsed if key not in found], to_update, old_values


def _write_salaries(parsed, to_create, to_update, *, user, reason: str, progress) -> None:
    """Insert and update in chunks with history; model instances are built one chunk at a time, so memory does
    not grow with the file."""

    def salary(key, pk=None):
        return RegionalSalary(
            pk=pk, role_id=key[0], region_id=key[1], **dict(zip(VALUE_FIELDS, parsed[key], strict=True))
        )

    for start in range(0, len(to_create), PROGRESS_EVERY):
        bulk_create_with_history(
            [salary(key) for key in to_create[start : start + PROGRESS_EVERY]],
            RegionalSalary,
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=reason,
        )
        if progress:
            progress(f"created {min(start + PROGRESS_EVERY, len(to_create)):,} of {len(to_create):,} salaries")
    for start in range(0, len(to_update), PROGRESS_EVERY):
        chunk = [salary(key, pk) for pk, key in to_update[start : start + PROGRESS_EVERY]]
        _update_with_history(chunk, user=user, reason=reason)
        if progress:
            progress(f"updated {min(start + PROGRESS_EVERY, len(to_update)):,} of {len(to_update):,} salaries")
    if to_create or to_update:
        bump_content_version()  # bulk writes send no model signals


def _row_changes(created, old_values, parsed, first_line, lookups) -> list[RowChange]:
    """The listed rows of a report: new salaries (`created` keys) and changed ones (`old_values` by key),
    in file order, at most `CHANGES_LISTED`, each field that is set or changes in words. No query."""
    role_slugs = {pk: slug for slug, pk in lookups.roles.items()}
    region_names = {region.pk: region.name for region in lookups.regions.values()}
    columns = [name.removesuffix("_id") for name in VALUE_FIELDS]
    keys = sorted([*created, *old_values], key=first_line.__getitem__)[:CHANGES_LISTED]
    changes = []
    for key in keys:
        old = old_values.get(key)
        new = parsed[key]
        fields = [
            (column, "" if old is None else _shown(old[index]), _shown(new[index]))
            for index, column in enumerate(columns)
            if old is None or old[index] != new[index]
        ]
        changes.append(RowChange(first_line[key], role_slugs[key[0]], region_names[key[1]], old is None, fields))
    return changes


def _shown(value) -> str:
    """A salary value as the CSV writes it (amounts with two decimals, flags as true/false)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _update_with_history(salaries: list[RegionalSalary], *, user, reason: str) -> None:
    """Write the value fields of `salaries` by primary key, then add one history row each.

    One prepared UPDATE run for every row (executemany) plus batched history inserts. Django's
    `bulk_update()` builds a CASE expression per field and row, which costs about 2 ms a row in
    Python: minutes for a 100,000-row file instead of seconds.
    """
    connection = connections[router.db_for_write(RegionalSalary)]
    quote = connection.ops.quote_name
    fields = [RegionalSalary._meta.get_field(name) for name in VALUE_FIELDS]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Table and column names come from the model, values are parameters.
    table, pk = quote(RegionalSalary._meta.db_table), quote(RegionalSalary._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    params = [
        [field.get_db_prep_save(getattr(salary, field.attname), connection) for field in fields] + [salary.pk]
        for salary in salaries
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    RegionalSalary.history.bulk_history_create(
        salaries, batch_size=BATCH_SIZE, update=True, default_user=user, default_change_reason=reason
    )


def decoded_lines(lines: Iterable[bytes], *, name: str = "") -> Iterator[str]:
    """Decode a file's lines as UTF-8 one by one (dropping a byte order mark), so a bad byte is
    reported on its own line rather than wherever a buffered decoder happens to meet it. A NUL byte,
    a byte that is not UTF-8, a line over `IMPORT_MAX_LINE_CHARS` or a file over `IMPORT_MAX_LINES`
    stops the reading with `careerguide.checked_uploads.TextProblem`, reported as a row error."""
    return checked_lines(name or "the file", lines)


def read_salary_csv(file: Iterable[str]) -> tuple[list[RowError], Iterator[SalaryRow]]:
    """Check the header of a salary CSV; return header errors and an iterator over its data rows.

    Lines are numbered as in a text editor (the header is line 1). A row with the wrong number of
    cells, or text that is not UTF-8, is reported as a row error by the iterator's consumer.
    """
    reader = csv.reader(file)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error, TextProblem) as exc:
        return [RowError(1, "", f"cannot read the header: {_read_problem(exc)}")], iter(())
    if header is None:
        return [RowError(1, "", f"the file is empty; the first line must be: {','.join(SALARY_CSV_COLUMNS)}")], iter(())
    header = [name.strip().lstrip("\ufeff") for name in header]
    errors = [
        RowError(1, name, "unknown column; expected only: " + ", ".join(SALARY_CSV_COLUMNS))
        for name in header
        if name not in SALARY_CSV_COLUMNS
    ]
    errors += [
        RowError(1, name, "column is missing from the header")
        for name in SALARY_CSV_COLUMNS
        if name not in header and name not in OPTIONAL_COLUMNS
    ]
    errors += [RowError(1, name, "column appears twice") for name in dict.fromkeys(header) if header.count(name) > 1]
    if errors:
        return errors, iter(())
    return [], _data_rows(reader, header)


def _read_problem(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError) or getattr(exc, "code", "") == "utf8":
        return "the file is not UTF-8 text; save it as “CSV UTF-8”"
    if isinstance(exc, TextProblem):
        return exc.reason
    return f"not valid CSV ({exc})"


def _data_rows(reader, header: list[str]) -> Iterator[SalaryRow]:
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (UnicodeDecodeError, csv.Error, TextProblem) as exc:
            # The reader cannot find the next line reliably after this: report it and stop reading.
            yield SalaryRow(line=getattr(exc, "line", line), values={}, problem=_read_problem(exc))
            return
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, e.g. at the end of a file edited by hand
        if len(cells) != len(header):
            problem = f"has {len(cells)} cells but the header has {len(header)} columns"
            yield SalaryRow(line=line, values={}, problem=problem)
            continue
        # Cells an export neutralised against spreadsheet formulas (`'=...`) get their text back.
        yield SalaryRow(line=line, values={name: csv_cell_text(cell) for name, cell in zip(header, cells, strict=True)})


def salaries_import_csv(
    *,
    file: Iterable[str],
    dry_run: bool = False,
    user=None,
    name: str = "",
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import a salary CSV (see `SALARY_CSV_COLUMNS`): header checks, then `salaries_import`.

    `file` is an open text file or any iterable of lines, such as `decoded_lines(upload)`; `name` is the
    file's name, for the history ("Imported from NAME").
    """
    header_errors, rows = read_salary_csv(file)
    if header_errors:
        return ImportReport(dry_run=dry_run, errors=header_errors)
    return salaries_import(rows=rows, dry_run=dry_run, user=user, name=name, progress=progress)


def salaries_export(*, file: TextIO, queryset=None) -> int:
    """Write regional salaries as CSV in the import format, ordered by role and region slug; return the count.

    One query, streamed in chunks, so a large table is never held in memory. Amounts are written with
    two decimals and the flag as true/false, exactly as `salaries_import` reads them back; text that a
    spreadsheet would run as a formula is neutralised by `csv_cell()`, and the import undoes that.
    """
    queryset = RegionalSalary.objects.all() if queryset is None else queryset
    rows = queryset.order_by("role__slug", "region__slug").values_list(
        "role__slug",
        "region__slug",
        "currency_id",
        *AMOUNT_COLUMNS,
        "usd_is_approximate",
        "pay_period",
        "source_id",
        "note",
    )
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(SALARY_CSV_COLUMNS)
    count = 0
    for role, region, currency, *amounts, approximate, period, source_id, note in rows.iterator(chunk_size=2_000):
        money = [f"{amount:.2f}" for amount in amounts]
        cells = (role, region, currency, *money, approximate, period, source_id, note)
        writer.writerow([csv_cell(cell) for cell in cells])
        count += 1
    return count
