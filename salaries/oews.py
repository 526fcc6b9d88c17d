"""Reading BLS's OEWS time-series flat files and loading a release into the database.

The input is what a user downloads from BLS (`pub/time.series/oe/`): `oe.data.0.Current` and the lookup
files `oe.occupation`, `oe.area`, `oe.industry`, `oe.footnote`, `oe.release` (and optionally
`oe.areatype`, `oe.datatype`), plain or gzip-compressed. Each is tab-separated with a header line, lines
end in CRLF, and cells are padded with spaces; lookup files are read by column name, so BLS's extra
columns (an occupation's description, `selectable`, `sort_sequence`) do no harm.

`oews_import()` streams the data file in constant memory: its lines come sorted by series id, so the 17
datatypes of one estimate are adjacent and each estimate is written as soon as its last line is read, in
batches (PostgreSQL's COPY, SQLite's multi-row inserts). Everything happens in one transaction: a bad line
anywhere rolls the whole release back, and the error names the file and line.
"""

import gzip
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction

from careerguide.cache import bump_content_version

from .models import OEWS_FIGURES, Occupation, OewsArea, OewsFootnote, OewsIndustry, OewsRelease, WageEstimate

AREA_KINDS = ("national", "state", "metro")
BLS_AREA_TYPE = {"national": "N", "state": "S", "metro": "M"}
DATATYPES = {figure.datatype: index for index, figure in enumerate(OEWS_FIGURES)}
SERIES_PREFIX = "OEU"
SERIES_LENGTH = 25  # OEU + area type (1) + area (7) + industry (6) + occupation (6) + datatype (2)
NOT_PUBLISHED = "-"
# BLS's footnote codes the report counts.
FOOTNOTE_HOURLY_OR_ANNUAL_ONLY = "4"
FOOTNOTE_NOT_RELEASED = "8"
BATCH_SIZE = 5000
MAX_ERRORS_SHOWN = 20

# Lookup file -> the columns the importer needs (any others are ignored).
LOOKUP_COLUMNS = {
    "oe.occupation": ("occupation_code", "occupation_name", "display_level"),
    "oe.area": ("state_code", "area_code", "areatype_code", "area_name"),
    "oe.industry": ("industry_code", "industry_name", "display_level"),
    "oe.footnote": ("footnote_code", "footnote_text"),
    "oe.release": ("release_date", "description"),
    "oe.areatype": ("areatype_code",),
    "oe.datatype": ("datatype_code", "datatype_name"),
}
REQUIRED_FILES = ("oe.occupation", "oe.area", "oe.industry", "oe.footnote", "oe.release")
DATA_COLUMNS = ("series_id", "year", "period", "value", "footnote_codes")
DATA_FILE = re.compile(r"^oe\.data\.[^/]+$")


class OewsFileError(Exception):
    """A flat file that cannot be imported; the message names the file and, when there is one, the line."""


@dataclass
class OewsReport:
    """What an import found and did; printed by `manage.py import_oews`."""

    release: str = ""
    skipped: bool = False
    occupations: int = 0
    occupations_added: int = 0
    areas: int = 0
    areas_added: int = 0
    industries: int = 0
    industries_added: int = 0
    lines: int = 0
    estimates: int = 0
    estimates_added: int = 0
    estimates_changed: int = 0
    not_released: int = 0
    top_coded: int = 0
    hourly_or_annual_only: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    @property
    def estimates_unchanged(self) -> int:
        return self.estimates - self.estimates_added - self.estimates_changed

    def refuse(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(message)


# --- Reading --------------------------------------------------------------------------------


def file_kind(path: Path) -> str:
    """`oe.area` for `oe.area` or `oe.area.gz`; any `oe.data.*` file is `oe.data`."""
    name = path.name.removesuffix(".gz")
    return "oe.data" if DATA_FILE.match(name) else name


def find_files(paths: list[Path]) -> dict[str, Path]:
    """The flat files among `paths` (directories are searched for BLS's names), by kind.

    Raises OewsFileError for a file whose name BLS does not use, a file given twice, or a missing one.
    """
    found: dict[str, Path] = {}
    for given in paths:
        if given.is_dir():
            candidates = sorted(p for p in given.iterdir() if p.is_file() and p.name.startswith("oe."))
        elif given.is_file():
            candidates = [given]
            if file_kind(given) not in (*LOOKUP_COLUMNS, "oe.data"):
                raise OewsFileError(
                    f"{given}: not an OEWS flat file (expected BLS's names, e.g. oe.area, oe.data.0.Current)"
                )
        else:
            raise OewsFileError(f"{given}: no such file or directory")
        for path in candidates:
            kind = file_kind(path)
            if kind not in (*LOOKUP_COLUMNS, "oe.data"):
                continue
            if kind in found:
                raise OewsFileError(f"{path}: {kind} is given twice (also {found[kind]})")
            found[kind] = path
    missing = [kind for kind in (*REQUIRED_FILES, "oe.data") if kind not in found]
    if missing:
        names = ", ".join("oe.data.0.Current" if kind == "oe.data" else kind for kind in missing)
        raise OewsFileError(f"missing {names} among {', '.join(str(p) for p in paths)}")
    return found


@contextmanager
def open_text(path: Path) -> Iterator[tuple[io.TextIOBase, io.BufferedReader]]:
    """(`path` as text lines, its raw byte stream): unpacked when it ends in .gz, CRLF and LF both end a line.
    The raw stream's position is how far the file has been read (for progress)."""
    with path.open("rb") as raw, gzip.open(raw, "rb") if path.suffix == ".gz" else raw as data:
        yield io.TextIOWrapper(data, encoding="utf-8", newline=None), raw


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_table(path: Path, kind: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: stripped cell}) for every line of a lookup file, read by header name.

    Raises OewsFileError when the header lacks a column the importer needs (a file of another kind) or a
    line has more or fewer cells than the header."""
    wanted = LOOKUP_COLUMNS[kind]
    try:
        with open_text(path) as (lines, _):
            header = [name.strip() for name in next(lines, "").rstrip("\n").split("\t")]
            absent = [name for name in wanted if name not in header]
            if absent:
                raise OewsFileError(
                    f"{path}, line 1: the header has no {', '.join(absent)} column: is this BLS's {kind}?"
                )
            for number, line in enumerate(lines, start=2):
                if line.strip() == "":
                    continue
                cells = line.rstrip("\n").split("\t")
                if len(cells) != len(header):
                    raise OewsFileError(f"{path}, line {number}: {len(cells)} columns, the header has {len(header)}")
                yield number, {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as error:
        raise OewsFileError(f"{path}: cannot be read ({error})") from None


def read_release(path: Path) -> tuple[str, str, date]:
    """(code, name, reference date) of the one release `oe.release` names."""
    rows = list(read_table(path, "oe.release"))
    if len(rows) != 1:
        raise OewsFileError(f"{path}: expected one release, found {len(rows)}")
    number, row = rows[0]
    code, name = row["release_date"], row["description"]
    if not re.fullmatch(r"\d{4}A\d{2}", code):
        raise OewsFileError(f"{path}, line {number}: {code!r} is not a release code like 2025A01")
    try:
        reference = datetime.strptime(name, "%B %Y").date()
    except ValueError:
        raise OewsFileError(f"{path}, line {number}: {name!r} is not a release name like “May 2025”") from None
    return code, name, reference


def soc_code(code: str) -> str:
    return f"{code[:2]}-{code[2:]}"


# --- Lookups --------------------------------------------------------------------------------

OCCUPATION_LEVELS = {
    "0": Occupation.Level.MAJOR,
    "1": Occupation.Level.MINOR,
    "2": Occupation.Level.BROAD,
    "3": Occupation.Level.DETAILED,
}


def sync(model, rows: dict[str, dict], *, key: str = "code") -> tuple[dict[str, int], int]:
    """Create the rows of `model` that are new and update those that changed (by `key`); returns the
    {key: pk} map and how many were added. Two or three queries plus one per batch written."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    new, changed = [], []
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            new.append(model(**{key: code}, **values))
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update(changed, list(next(iter(rows.values()))), batch_size=500)
    return dict(model.objects.values_list(key, "pk")), len(new)


def link_parents(model, parents: dict[str, str | None], ids: dict[str, int], *, key: str = "code") -> None:
    """Point each row at its parent (codes in `parents`), updating only those whose parent changed."""
    current = dict(model.objects.values_list(key, "parent_id"))
    stale = [
        model(pk=ids[code], parent_id=ids.get(parent) if parent else None)
        for code, parent in parents.items()
        if current.get(code) != (ids.get(parent) if parent else None)
    ]
    model.objects.bulk_update(stale, ["parent"], batch_size=500)


def load_occupations(path: Path, report: OewsReport) -> dict[str, int]:
    """Occupations by BLS code (no hyphen) -> pk; parents are the nearest group present in the file."""
    rows, levels = {}, {}
    for number, row in read_table(path, "oe.occupation"):
        code = row["occupation_code"]
        if not re.fullmatch(r"\d{6}", code) or row["display_level"] not in OCCUPATION_LEVELS:
            raise OewsFileError(
                f"{path}, line {number}: not an occupation (code {code!r}, level {row['display_level']!r})"
            )
        level = Occupation.Level.TOTAL if code == "000000" else OCCUPATION_LEVELS[row["display_level"]]
        levels[code] = level
        # BLS's file has a description column; files without one leave it empty.
        rows[soc_code(code)] = {
            "title": row["occupation_name"],
            "level": level,
            "description": row.get("occupation_description", ""),
        }
    ids, report.occupations_added = sync(Occupation, rows, key="soc_code")
    parents = {}
    for code, level in levels.items():
        # Detailed 11-3021 -> broad 11-3020 -> minor 11-3000 -> major 11-0000, skipping groups BLS leaves out.
        candidates = [code[:5] + "0", code[:3] + "000", code[:2] + "0000"]
        top = level in (Occupation.Level.TOTAL, Occupation.Level.MAJOR)
        parents[soc_code(code)] = (
            None if top else next((soc_code(c) for c in candidates if c != code and c in levels), None)
        )
    link_parents(Occupation, parents, ids, key="soc_code")
    report.occupations = len(rows)
    return {code.replace("-", ""): pk for code, pk in ids.items()}


def load_areas(path: Path, report: OewsReport) -> dict[str, tuple[int, str]]:
    """Areas by code -> (pk, BLS area type letter)."""
    rows = {}
    for number, row in read_table(path, "oe.area"):
        kind = OewsArea.KIND_BY_BLS_TYPE.get(row["areatype_code"])
        if (
            kind is None
            or not re.fullmatch(r"\d{7}", row["area_code"])
            or not re.fullmatch(r"\d{2}", row["state_code"])
        ):
            raise OewsFileError(
                f"{path}, line {number}: not an area (code {row['area_code']!r}, type {row['areatype_code']!r})"
            )
        rows[row["area_code"]] = {"name": row["area_name"], "kind": kind, "state_code": row["state_code"]}
    ids, report.areas_added = sync(OewsArea, rows)
    states = {values["state_code"]: code for code, values in rows.items() if values["kind"] == OewsArea.Kind.STATE}
    link_parents_state(rows, states, ids)
    report.areas = len(rows)
    letters = {kind: letter for letter, kind in OewsArea.KIND_BY_BLS_TYPE.items()}
    return {code: (ids[code], letters[values["kind"]]) for code, values in rows.items()}


def link_parents_state(rows: dict, states: dict[str, str], ids: dict[str, int]) -> None:
    """Point each metropolitan area at its state (the state FK), updating only those that changed."""
    current = dict(OewsArea.objects.values_list("code", "state_id"))
    stale = []
    for code, values in rows.items():
        state = states.get(values["state_code"]) if values["kind"] == OewsArea.Kind.METRO else None
        state_id = ids[state] if state else None
        if current.get(code) != state_id:
            stale.append(OewsArea(pk=ids[code], state_id=state_id))
    OewsArea.objects.bulk_update(stale, ["state"], batch_size=500)


def load_industries(path: Path, report: OewsReport) -> dict[str, int]:
    """Industries by code -> pk; a parent is the last industry one display level up, in BLS's order."""
    rows, parents, open_levels = {}, {}, {}
    for position, (number, row) in enumerate(read_table(path, "oe.industry"), start=1):
        code, level = row["industry_code"], row["display_level"]
        if not re.fullmatch(r"[0-9A-Z-]{6}", code) or not level.isdigit():
            raise OewsFileError(f"{path}, line {number}: not an industry (code {code!r}, level {level!r})")
        rows[code] = {"name": row["industry_name"], "level": int(level), "position": position}
        parents[code] = open_levels.get(int(level) - 1)
        open_levels[int(level)] = code
    ids, report.industries_added = sync(OewsIndustry, rows)
    link_parents(OewsIndustry, parents, ids)
    report.industries = len(rows)
    return ids


def load_footnotes(path: Path) -> dict[str, OewsFootnote]:
    """Footnotes by code; a top-code footnote gets its floors from its own text."""
    rows = {}
    for number, row in read_table(path, "oe.footnote"):
        if not row["footnote_code"] or len(row["footnote_code"]) > 2:
            raise OewsFileError(f"{path}, line {number}: {row['footnote_code']!r} is not a footnote code")
        floors = OewsFootnote.FLOOR_PATTERN.search(row["footnote_text"])
        rows[row["footnote_code"]] = {
            "text": row["footnote_text"],
            "hourly_floor": Decimal(floors[1].replace(",", "")) if floors else None,
            "annual_floor": int(floors[2].replace(",", "").split(".")[0]) if floors else None,
        }
    sync(OewsFootnote, rows)
    return {footnote.code: footnote for footnote in OewsFootnote.objects.all()}


# --- Estimates ------------------------------------------------------------------------------


@dataclass
class Scope:
    """Which estimates of the files to take: area kinds and industries (cross-industry only, or all)."""

    areas: tuple[str, ...] = AREA_KINDS
    industries: str = "all"

    def as_dict(self) -> dict:
        return {"areas": list(self.areas), "industries": self.industries}


def read_estimates(
    path: Path,
    *,
    release_code: str,
    occupations: dict[str, int],
    areas: dict[str, tuple[int, str]],
    industries: dict[str, int],
    footnotes: dict[str, OewsFootnote],
    scope: Scope,
    report: OewsReport,
    progress: Callable[[int], None] = lambda n: None,
) -> Iterator[tuple]:
    """Yield one row per estimate (occupation, area, industry, 17 values, 17 footnotes), streaming.

    Every refused line goes to `report.refuse()` with its file and line; the caller rolls back when any
    line was refused. `progress` gets the bytes read so far, now and then.
    """
    year, period = release_code[:4], release_code[4:]
    letters = {BLS_AREA_TYPE[kind] for kind in scope.areas}
    cross_only = scope.industries == "cross"
    width = len(OEWS_FIGURES)
    key, values, notes, ids, previous = None, None, None, None, ""
    datatypes, estimates, all_industries = DATATYPES, 0, OewsIndustry.ALL_INDUSTRIES_CODE
    kinds = [figure.kind for figure in OEWS_FIGURES]
    fields = [figure.field for figure in OEWS_FIGURES]
    integral = [kind in ("count", "annual") for kind in kinds]
    try:
        with open_text(path) as (lines, raw):
            header = [name.strip() for name in next(lines, "").rstrip("\n").split("\t")]
            absent = [name for name in DATA_COLUMNS if name not in header]
            if absent:
                raise OewsFileError(
                    f"{path}, line 1: the header has no {', '.join(absent)} column: is this BLS's oe.data.0.Current?"
                )
            sid_at, year_at, period_at, value_at, note_at = (header.index(name) for name in DATA_COLUMNS)
            columns = len(header)
            # The hot loop (6 million lines for a full release): locals only, values kept as BLS's text
            # (checked, not converted; the database converts them), cells stripped only where BLS pads them.
            top_codes = {code: note for code, note in footnotes.items() if note.is_top_code}
            refuse = report.refuse
            number = 1
            for number, line in enumerate(lines, start=2):
                if not number % 100_000:
                    progress(raw.tell())
                cells = line.split("\t")
                if len(cells) != columns:
                    if line.strip():
                        refuse(f"{path}, line {number}: {len(cells)} columns, the header has {columns}")
                    continue
                series = cells[sid_at].rstrip()
                if len(series) != SERIES_LENGTH or series[:3] != SERIES_PREFIX:
                    refuse(f"{path}, line {number}: {series[:40]!r} is not an OEWS series id")
                    continue
                if series <= previous:
                    refuse(f"{path}, line {number}: series {series} is out of order or repeated")
                    continue
                previous = series
                if cells[year_at].strip() != year or cells[period_at].strip() != period:
                    refuse(
                        f"{path}, line {number}: {cells[year_at].strip()} {cells[period_at].strip()} is not the "
                        f"release of oe.release ({year} {period})"
                    )
                    continue
                if series[3] not in letters or (cross_only and series[11:17] != all_industries):
                    continue
                if series[:23] != key:
                    if ids is not None:
                        yield (*ids, *values, *notes)
                    key, ids = series[:23], None
                    problem = estimate_problem(series, areas, industries, occupations)
                    if problem:
                        refuse(f"{path}, line {number}: {problem}")
                        continue
                    ids = (occupations[series[17:23]], areas[series[4:11]][0], industries[series[11:17]])
                    values, notes = [None] * width, [""] * width
                    estimates += 1
                elif ids is None:
                    continue  # the estimate's first line was refused already
                index = datatypes.get(series[23:])
                if index is None:
                    refuse(f"{path}, line {number}: datatype {series[23:]} is not one of BLS's 01-17")
                    continue
                text, note = cells[value_at].strip(), cells[note_at].strip()
                if note:
                    codes = note.replace(" ", "").split(",")
                    unknown = [code for code in codes if code not in footnotes]
                    if unknown:
                        refuse(f"{path}, line {number}: footnote {unknown[0]!r} is not in oe.footnote")
                        continue
                    notes[index] = ",".join(codes)
                if text == NOT_PUBLISHED:
                    kind = kinds[index]
                    floor = next((top_codes[c] for c in codes if c in top_codes), None) if note else None
                    if floor is not None and kind in ("hourly", "annual"):
                        values[index] = str(floor.hourly_floor if kind == "hourly" else floor.annual_floor)
                        report.top_coded += 1
                    elif note and FOOTNOTE_HOURLY_OR_ANNUAL_ONLY in codes:
                        report.hourly_or_annual_only += 1
                    else:
                        report.not_released += 1
                elif text.isdigit() or (not integral[index] and text.replace(".", "", 1).isdigit()):
                    values[index] = text
                else:
                    refuse(f"{path}, line {number}: {text!r} is not a value for {fields[index]}")
            report.lines += number - 1
            report.estimates += estimates
            if ids is not None:
                yield (*ids, *values, *notes)
            progress(raw.tell())
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as error:
        raise OewsFileError(f"{path}: cannot be read ({error})") from None


def estimate_problem(series: str, areas: dict, industries: dict, occupations: dict) -> str | None:
    """Why the codes of a series id cannot be imported (a code missing from its lookup file), or None."""
    area = areas.get(series[4:11])
    if area is None:
        return f"area {series[4:11]} is not in oe.area"
    if area[1] != series[3]:
        return f"area {series[4:11]} is of type {area[1]} in oe.area, not {series[3]}"
    if series[11:17] not in industries:
        return f"industry {series[11:17]} is not in oe.industry"
    if series[17:23] not in occupations:
        return f"occupation {series[17:23]} is not in oe.occupation"
    return None


ESTIMATE_COLUMNS = (
    "occupation_id",
    "area_id",
    "industry_id",
    *(figure.field for figure in OEWS_FIGURES),
    *(f"{figure.field}_footnote" for figure in OEWS_FIGURES),
)
KEY_COLUMNS = ("occupation_id", "release_id", "industry_id", "area_id")  # the unique constraint's order


def write_estimates(release: OewsRelease, rows: Iterator[tuple]) -> int:
    """Upsert `rows` into `release`'s estimates in batches; returns how many rows were added or changed.

    An estimate already stored with the same figures is left alone, so importing a release again changes
    nothing. PostgreSQL: COPY into a temporary table, then one INSERT ... ON CONFLICT. SQLite: multi-row
    INSERT ... ON CONFLICT per batch.
    """
    table = connection.ops.quote_name(WageEstimate._meta.db_table)
    columns = ("release_id", *ESTIMATE_COLUMNS)
    names = ", ".join(columns)
    figures = [c for c in ESTIMATE_COLUMNS if c not in KEY_COLUMNS]
    updates = ", ".join(f"{c} = excluded.{c}" for c in figures)
    stored, incoming = ", ".join(f"{table}.{c}" for c in figures), ", ".join(f"excluded.{c}" for c in figures)
    differs = (
        f"({stored}) IS DISTINCT FROM ({incoming})"
        if connection.vendor == "postgresql"
        else " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in figures)
    )
    upsert_tail = f"ON CONFLICT ({', '.join(KEY_COLUMNS)}) DO UPDATE SET {updates} WHERE {differs}"
    batch: list[tuple] = []
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TEMPORARY TABLE oews_incoming (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
            cursor.execute("ALTER TABLE oews_incoming DROP COLUMN id")

            def flush():
                buffer = io.StringIO()
                for row in batch:
                    buffer.write("\t".join(r"\N" if v is None else str(v) for v in (release.pk, *row)))
                    buffer.write("\n")
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY oews_incoming ({names}) FROM STDIN", buffer)

            for row in rows:
                batch.append(row)
                if len(batch) == BATCH_SIZE:
                    flush()
                    batch.clear()
            if batch:
                flush()
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM oews_incoming {upsert_tail}"  # noqa: S608
            )
            written = cursor.rowcount
            cursor.execute("DROP TABLE oews_incoming")
            # Fresh statistics now rather than at autovacuum's leisure: with the table's old ones (none, on a
            # first import) the planner guesses one row per occupation and picks poor plans.
            cursor.execute(f"ANALYZE {table}")
        else:
            per_row = "(" + ", ".join(["%s"] * len(columns)) + ")"

            def flush():
                # SQLite allows 32,766 parameters a statement; 39 columns x 500 rows stays well under.
                for start in range(0, len(batch), 500):
                    chunk = batch[start : start + 500]
                    cursor.execute(
                        f"INSERT INTO {table} ({names}) VALUES {', '.join([per_row] * len(chunk))} {upsert_tail}",  # noqa: S608
                        [v for row in chunk for v in (release.pk, *row)],
                    )
                    nonlocal written
                    written += cursor.rowcount

            for row in rows:
                batch.append(row)
                if len(batch) == BATCH_SIZE:
                    flush()
                    batch.clear()
            if batch:
                flush()
    return written


# --- The import -----------------------------------------------------------------------------


def oews_import(
    *,
    paths: list[Path],
    scope: Scope | None = None,
    dry_run: bool = False,
    published: date | None = None,
    progress_factory: Callable[[int], Callable[[int], None]] | None = None,
) -> OewsReport:
    """Import one OEWS release from BLS's flat files; all or nothing.

    Raises OewsFileError (nothing saved) when a file is missing, of the wrong kind, or any line is refused;
    the report then lists the refused lines. Skips the work when the same data file was already imported
    for this release with the same scope. `progress_factory(total_bytes)` returns a callback for progress.
    """
    scope = scope or Scope()
    files = find_files(paths)
    report = OewsReport()
    code, name, reference = read_release(files["oe.release"])
    report.release = name
    data = files["oe.data"]
    entry = {"name": data.name, "bytes": data.stat().st_size, "sha256": sha256_of(data), **scope.as_dict()}
    release = OewsRelease.objects.filter(code=code).first()
    if release is not None and entry in release.source_files and not dry_run:
        report.skipped = True
        return report
    with transaction.atomic():
        occupations = load_occupations(files["oe.occupation"], report)
        areas = load_areas(files["oe.area"], report)
        industries = load_industries(files["oe.industry"], report)
        footnotes = load_footnotes(files["oe.footnote"])
        if "oe.datatype" in files:
            check_datatypes(files["oe.datatype"])
        release, _ = OewsRelease.objects.get_or_create(code=code, defaults={"name": name, "reference_date": reference})
        release.name, release.reference_date = name, reference
        if published is not None:
            release.published = published
        before = release.estimates.count()
        progress = progress_factory(data.stat().st_size) if progress_factory else (lambda n: None)
        rows = read_estimates(
            data,
            release_code=code,
            occupations=occupations,
            areas=areas,
            industries=industries,
            footnotes=footnotes,
            scope=scope,
            report=report,
            progress=progress,
        )
        written = write_estimates(release, rows)
        if report.error_count:
            transaction.set_rollback(True)
            raise OewsImportRefused(report)
        report.estimates_added = release.estimates.count() - before
        report.estimates_changed = written - report.estimates_added
        release.source_files = [*(f for f in release.source_files if f != entry), entry]
        release.save()
        if dry_run:
            transaction.set_rollback(True)
        else:
            bump_content_version()
    return report


class OewsImportRefused(OewsFileError):
    """Lines were refused: nothing was saved. `report.errors` lists them (the first MAX_ERRORS_SHOWN)."""

    def __init__(self, report: OewsReport):
        self.report = report
        more = report.error_count - len(report.errors)
        tail = f"\n... and {more} more" if more else ""
        super().__init__(
            f"{report.error_count} line(s) refused, nothing was saved:\n" + "\n".join(report.errors) + tail
        )


def check_datatypes(path: Path) -> None:
    """`oe.datatype` must list BLS's 17 datatypes (a different set means a different survey layout)."""
    codes = {row["datatype_code"] for _, row in read_table(path, "oe.datatype")}
    if codes != set(DATATYPES):
        raise OewsFileError(f"{path}: datatypes {', '.join(sorted(codes))} are not OEWS's 01-17")
