"""The career ladder: the salary-by-level table and the career path's levels with their years and focus areas."""

import re
from dataclasses import dataclass, field

from careerguide.formatting import truncate

from .layout import Section
from .money import HOUR, SMALLEST_YEARLY, YEAR, money_ranges
from .places import country_for_phrase
from .results import Context, Item, Level, LevelPay, Line, Note, SectionResult
from .text import MISSING_CELLS, fold, is_heading_like, sentences

_LADDER_YEARS = re.compile(
    r"(?P<tmin>\d+)\s*(?:(?:-|–|to)\s*(?P<tmax>\d+)|(?P<tplus>\+))?\s+years?\s+(?:of\s+)?total experience"
    r"(?:,\s*(?P<rmin>\d+)\s*(?:(?:-|–|to)\s*(?P<rmax>\d+)|(?P<rplus>\+))?\s+years?\s+in (?:the )?role)?",
    re.I,
)
_FOCUS = "Key Focus Areas"


# --- Salary by experience level ------------------------------------------------------------------


def _columns(cells: list[str]) -> list[tuple[str, str, str]]:
    """(country code, "median" or "average", period) per figure column of the header, ("", "", "") where
    unknown; the period is "hour" for a column headed "US Median (hourly)" or "... per hour", else ""."""
    columns = []
    for cell in cells[1:]:
        hourly = re.search(r"\s*\(?\b(?:hourly|per hour|/\s?hr?)\b\)?\s*$", cell, re.I)
        head = cell[: hourly.start()] if hourly else cell
        column = re.fullmatch(r"(?P<place>.+?)\s+(?P<stat>Median|Average)", head, re.I)
        code = country_for_phrase(column["place"]) if column else ""
        columns.append((code, column["stat"].lower() if column else "", HOUR if hourly else ""))
    return columns


def _cell(cell: str, column_period: str) -> tuple[tuple | None, str]:
    """((amount, currency, period), "") for a figure cell, (None, "") for a "—", (None, why) when unreadable.

    A figure without a period is yearly, unless it is so small that it can only be an hourly wage the
    cell forgot to say ("$18 USD"): that one is refused rather than stored as $18 a year.
    """
    if cell.lower() in MISSING_CELLS:
        return None, ""
    found = money_ranges(cell)
    if len(found) != 1 or found[0].low is not found[0].high:
        return None, "unreadable"
    period = found[0].period or column_period
    if not period and found[0].low.value < SMALLEST_YEARLY:
        return None, f"{cell}: no period stated and too small for a year's pay; write “/hr” or “a year”"
    return (found[0].low.value, found[0].currency, period or YEAR, found[0].currency_guessed), ""


def _row(cells: list[str], columns: list[tuple[str, str, str]], number: int) -> tuple[list[LevelPay], list[str], str]:
    """The level's pay per country, the cells left empty ("median for Junior"), and why a cell was unreadable."""
    figures: dict[str, dict[str, tuple | None]] = {}
    missing = []
    problems = []
    for (code, stat, column_period), cell in zip(columns, cells[1:], strict=True):
        if not code or not stat:
            continue
        value, problem = _cell(cell, column_period)
        if problem:
            problems.append(problem)
        figures.setdefault(code, {})[stat] = value
        if value is None:
            missing.append(f"{stat} for {cells[0]}")
    pays = []
    for code, stats in figures.items():
        median, average = stats.get("median"), stats.get("average")
        if median and average and median[2] != average[2]:
            problems.append(f"{code} median and average per a different period; neither is stored")
            median = average = None
        currency, period, _ = (median or average or (None, "", YEAR, False))[1:]
        guessed = any(value[3] for value in (median, average) if value)
        pays.append(
            LevelPay(
                cells[0],
                code,
                currency,
                median[0] if median else None,
                average[0] if average else None,
                number,
                period,
                (f"currency {currency} guessed from its sign, no ISO code written",) if guessed else (),
            )
        )
    return (
        pays,
        missing,
        "; ".join(problem for problem in problems if problem != "unreadable") or ("unreadable" if problems else ""),
    )


def level_table(section: Section, context: Context) -> SectionResult:
    """The "| Level | Country Median | … |" table; a "—" cell is a missing figure, noted, never zero."""
    columns: list[tuple[str, str]] | None = None
    pays: list[LevelPay] = []
    missing: list[str] = []
    unparsed: list[Line] = []
    for number, text in section.lines:
        cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
        if not text.startswith("|"):
            unparsed.append((number, text))
        elif columns is None:
            columns = _columns(cells)
            if not cells or cells[0].lower() != "level" or not any(code for code, _, _ in columns):
                unparsed.append((number, text))
        elif all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells):
            continue
        elif len(cells) != len(columns) + 1 or not cells[0]:
            unparsed.append((number, text))
        else:
            row, row_missing, problem = _row(cells, columns, number)
            pays += row
            missing += row_missing
            if problem:
                unparsed.append((number, text if problem == "unreadable" else f"{text} [{problem}]"))
    notes = ()
    if missing:
        note = (
            "The guide's salary table leaves these cells empty: " + "; ".join(missing) + ". They are shown as "
            "missing, not as zero."
        )
        notes = (Note("gap", "salary", "Salary by experience level", note, section.line),)
    return SectionResult(level_pay=tuple(pays), unparsed=tuple(unparsed), notes=notes)


# --- The career path --------------------------------------------------------------------------------


@dataclass
class _Block:
    """A level as the guide writes it: a title line, then the years line, its scope and its focus areas."""

    title: str
    line: int
    years: list[re.Match]
    scope: list[str] = field(default_factory=list)
    focus: list[Line] = field(default_factory=list)
    in_focus: bool = False


def _blocks(lines: tuple[Line, ...]) -> tuple[list[_Block], list[Line], list[Line]]:
    """The levels in the guide's order, the overview before the first, and the lines not understood."""
    blocks: list[_Block] = []
    overview: list[Line] = []
    unparsed: list[Line] = []
    index = 0
    while index < len(lines):
        number, text = lines[index]
        years = _LADDER_YEARS.match(lines[index + 1][1]) if index + 1 < len(lines) else None
        if years and is_heading_like(text):
            blocks.append(_Block(text, number, [years]))
            rest = lines[index + 1][1][years.end() :].strip(" ,.")
            if rest and rest != _FOCUS:
                blocks[-1].scope.append(rest)
            index += 2
            continue
        current = blocks[-1] if blocks else None
        if current is None:
            overview.append((number, text))
        elif text == _FOCUS:
            current.in_focus = True
        elif current.in_focus:
            current.focus.append((number, text))
        elif _LADDER_YEARS.match(text):
            unparsed.append((number, text))
        else:
            current.scope.append(text)
        index += 1
    return blocks, overview, unparsed


def _merged(blocks: list[_Block]) -> list[_Block]:
    """One block per level title: a level written twice keeps its first years, scope and focus areas."""
    merged: dict[str, _Block] = {}
    for block in blocks:
        entry = merged.setdefault(fold(block.title), _Block(block.title, block.line, [], block.scope, block.focus))
        entry.years.append(block.years[0])
        entry.scope = entry.scope or block.scope
        entry.focus = entry.focus or block.focus
    return list(merged.values())


def _ladder_numbers(match: re.Match) -> tuple[int, int | None, int | None, int | None]:
    total_min = int(match["tmin"])
    total_max = None if match["tplus"] else int(match["tmax"] or total_min)
    if match["rmin"] is None:
        return total_min, total_max, None, None
    role_min = int(match["rmin"])
    role_max = None if match["rplus"] else int(match["rmax"] or role_min)
    return total_min, total_max, role_min, role_max


def _level(entry: _Block, order: int) -> Level:
    total_min, total_max, role_min, role_max = _ladder_numbers(entry.years[0])
    return Level(
        order=order,
        title=truncate(entry.title, 120),
        years_total_min=total_min,
        years_total_max=total_max,
        years_in_role_min=role_min,
        years_in_role_max=role_max,
        scope="\n\n".join(entry.scope),
        focus_areas=tuple(
            Item(truncate(sentence, 300), number) for number, text in entry.focus for sentence in sentences(text)
        ),
        line=entry.line,
    )


def _years_conflict(entry: _Block) -> tuple[Note, ...]:
    numbers = [_ladder_numbers(match) for match in entry.years]
    if all(other == numbers[0] for other in numbers[1:]):
        return ()
    note = f"The guide gives two different experience ranges for the “{entry.title}” level; the first is used."
    return (Note("conflict", "career_ladder", f"Years for {entry.title}", note, entry.line),)


def _ladder_gaps(levels: list[Level], line: int) -> tuple[Note, ...]:
    no_focus = [level.title for level in levels if not level.focus_areas]
    no_scope = [level.title for level in levels if not level.scope]
    notes = []
    if no_focus:
        note = "The guide gives no focus areas for: " + ", ".join(no_focus) + "."
        notes.append(Note("gap", "career_ladder", "Key focus areas", note, line))
    if no_scope:
        note = "The guide does not describe what these levels are responsible for: " + ", ".join(no_scope) + "."
        notes.append(Note("gap", "career_ladder", "Level descriptions", note, line))
    return tuple(notes)


def career_path(section: Section, context: Context) -> SectionResult:
    """The levels of the career path; a level without years in role is reported, not guessed."""
    blocks, overview, unparsed = _blocks(section.lines)
    levels: list[Level] = []
    notes: list[Note] = []
    for entry in _merged(blocks):
        notes += _years_conflict(entry)
        if _ladder_numbers(entry.years[0])[2] is None:
            unparsed.append((entry.line, f"{entry.title}: {entry.years[0].group()} [no years in role]"))
            continue
        levels.append(_level(entry, len(levels) + 1))
    return SectionResult(
        prose=(("career_path_overview", tuple(overview)),),
        levels=tuple(levels),
        notes=(*notes, *_ladder_gaps(levels, section.line)),
        unparsed=tuple(unparsed),
    )
