"""The parse's result types: plain frozen values, no database. Every item keeps the line it came from."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class GuideFormatError(ValueError):
    """The text is not a guide in the expected layout (empty, no title line, no key facts)."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Text:
    """A prose field's text (paragraphs separated by blank lines) and the line it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class OfficialSource:
    """An official statistic the guide cites: "(… for Computer and Information Systems Managers, May 2023, BLS)"."""

    publisher: str
    abbreviation: str
    title: str
    occupation: str
    as_of: date | None
    precision: str  # "month", "year" or "" (no date)
    period_start: int | None
    period_end: int | None
    line: int
    soc_code: str = ""  # "47-2152" when the source line names the occupation's SOC code
    hourly: Decimal | None = None  # an hourly figure the source line adds ("; $30.10 per hour")


@dataclass(frozen=True)
class KeyFigures:
    """The key facts block. Amounts are in `currency`; None means the guide gives no figure."""

    currency: str
    median: Decimal | None
    median_source: OfficialSource | None  # None: the guide's own figure
    range_min: Decimal | None
    range_max: Decimal | None
    range_max_open_ended: bool
    range_note: str
    openings: int | None
    openings_approximate: bool
    openings_source: OfficialSource | None
    typical_education: str
    line: int
    period: str = "year"  # of the median and the range: "year" or "hour"
    guesses: tuple[str, ...] = ()  # what the parse guessed rather than read (a currency from "$")


@dataclass(frozen=True)
class Growth:
    """A growth figure: the official projection of the key facts, or the guide's own (source None)."""

    pct_min: Decimal
    pct_max: Decimal
    period_start: int | None
    period_end: int | None
    horizon_years: int | None
    comparison: str
    occupation: str
    source: OfficialSource | None
    line: int


@dataclass(frozen=True)
class Item:
    """One bulleted or sentence item: a responsibility, a pro, a con, a focus area."""

    text: str
    line: int


@dataclass(frozen=True)
class Industry:
    name: str
    note: str
    line: int


@dataclass(frozen=True)
class ToolMention:
    """A tool named in "… like A, B, or C", under the category the sentence gives it."""

    name: str
    category: str
    line: int


@dataclass(frozen=True)
class CertificationMention:
    name: str
    abbreviation: str
    line: int


@dataclass(frozen=True)
class SkillItem:
    """A skill line: its name as the guide writes it, its category, and the role-specific detail.

    `aliases` are other spellings of the same name used to match the shared taxonomy, e.g.
    "SDLC Management" for "Software Development Life Cycle (SDLC) Management".
    """

    name: str
    category: str  # "technical" or "soft"
    detail: str
    aliases: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    text: str
    line: int


@dataclass(frozen=True)
class Timeline:
    route: str
    years_min: int
    years_max: int
    description: str
    line: int


@dataclass(frozen=True)
class EducationRoute:
    kind: str  # an `EducationPath.Kind` value
    name: str
    fields_of_study: str
    description: str
    cost_min: Decimal | None
    cost_max: Decimal | None
    cost_max_open_ended: bool
    cost_note: str
    currency: str  # "" when the guide gives no cost
    duration_min: int | None
    duration_max: int | None
    duration_unit: str  # "weeks", "months", "years" or ""
    line: int


@dataclass(frozen=True)
class LevelPay:
    """One cell pair of the salary-by-level table; None for a "—" or empty cell."""

    title: str
    country: str
    currency: str
    median: Decimal | None
    average: Decimal | None
    line: int
    period: str = "year"  # "year" or "hour", as the cells state it
    guesses: tuple[str, ...] = ()  # what the parse guessed rather than read (a currency from "$")


@dataclass(frozen=True)
class Level:
    order: int
    title: str
    years_total_min: int
    years_total_max: int | None  # None: open-ended ("20+")
    years_in_role_min: int
    years_in_role_max: int | None
    scope: str
    focus_areas: tuple[Item, ...]
    line: int


@dataclass(frozen=True)
class Insight:
    kind: str  # a `MarketInsight.Kind` value
    text: str
    line: int


@dataclass(frozen=True)
class Place:
    """Where a salary applies: a country (ISO code) or a named region, with the examples the guide names."""

    kind: str  # "country" or "region"
    code: str  # ISO 3166-1 alpha-2 for a country, "" for a region
    name: str
    examples: tuple[str, ...]  # ISO codes of the countries named as examples of a region
    area: str  # a `Region.Area` value guessed from the paragraph, for a country not yet known


@dataclass(frozen=True)
class RegionalPay:
    place: Place
    currency: str
    local_min: Decimal
    local_max: Decimal
    usd_min: Decimal
    usd_max: Decimal
    usd_is_approximate: bool
    note: str
    symbol: str  # the currency sign the guide used, if any ("€")
    line: int
    period: str = "year"  # "year" or "hour", as the sentence states it
    sentence: str = ""  # the sentence it comes from, for the import report
    guesses: tuple[str, ...] = ()  # what the parse guessed rather than read: a country, a currency, a period


@dataclass(frozen=True)
class Visa:
    kind: str  # a `VisaRoute.Kind` value
    name: str
    country: str  # ISO code, "" for a route many countries offer
    line: int


@dataclass(frozen=True)
class NamedText:
    """A specialisation: its heading and text."""

    name: str
    text: str
    line: int


@dataclass(frozen=True)
class Question:
    question: str
    answer: str
    line: int


@dataclass(frozen=True)
class Related:
    title: str
    note: str
    line: int


@dataclass(frozen=True)
class Note:
    """A gap or conflict for readers, in the terms of `roles.DataNote` (kind, section, subject, note)."""

    kind: str  # "gap" or "conflict"
    section: str
    subject: str
    note: str
    line: int


@dataclass(frozen=True)
class EmptySection:
    heading: str
    line: int


Line = tuple[int, str]  # a line's number and its text


def _no_part(owner: object, name: str):
    """The error for an attribute that is neither a field nor a part name (a dunder, a private name)."""
    return AttributeError(f"{type(owner).__name__!r} object has no attribute {name!r}")


class SectionResult:
    """What one section of a guide adds to the parse; the dispatcher joins them in the guide's order.

    The fixed fields are what every section may say about the guide as a whole; everything else is a
    part the section lists, passed by name (`SectionResult(faqs=(...))`) and read as `result.parts`.
    A part's name is the guide's accessor on `Role` (`faqs`, `top_industries`), or the name a builder in
    `rows.BUILDERS` reads (`level_pay`, `pros`): a new section needs no field here.
    `prose` holds (Role text field, lines) pairs: a section may add to a field another section starts.
    An empty `publisher` means the section does not name one.
    """

    __slots__ = ("editorial_year", "empty", "key_facts", "notes", "parts", "prose", "publisher", "skipped", "unparsed")

    def __init__(
        self,
        *,
        prose: tuple[tuple[str, tuple[Line, ...]], ...] = (),
        unparsed: tuple[Line, ...] = (),
        notes: tuple["Note", ...] = (),
        empty: tuple["EmptySection", ...] = (),
        skipped: int = 0,
        key_facts: KeyFigures | None = None,
        publisher: str = "",
        editorial_year: int | None = None,
        **parts: tuple,
    ):
        self.prose, self.unparsed, self.notes, self.empty = prose, unparsed, notes, empty
        self.skipped, self.key_facts, self.publisher, self.editorial_year = (
            skipped,
            key_facts,
            publisher,
            editorial_year,
        )
        self.parts: dict[str, tuple] = {name: tuple(items) for name, items in parts.items()}

    def __repr__(self):
        return f"SectionResult(parts={sorted(self.parts)}, prose={[field for field, _ in self.prose]})"


@dataclass(frozen=True)
class ParsedGuide:
    """A whole guide as parsed: its title and summary, prose, key facts, the parts its sections list
    (`parts`, by the names `SectionResult` gives them, each in the guide's order) and what the parse noted.

    A part reads as an attribute (`guide.levels`); a part no section listed reads as an empty tuple.
    """

    title: str
    title_line: int
    summary: Text | None
    prose: dict[str, Text]  # Role text field name -> text
    key_facts: KeyFigures | None
    parts: dict[str, tuple]
    certifications: tuple[CertificationMention, ...]
    visas: tuple[Visa, ...]
    publisher: str
    editorial_year: int | None
    notes: tuple[Note, ...]
    empty_sections: tuple[EmptySection, ...]
    unparsed: tuple[tuple[int, str], ...]
    skipped_lines: int  # the site's furniture: navigation, sign-up and pricing blurbs

    def __getattr__(self, name: str) -> tuple:
        # Only called for names that are not fields: a part, or () for a part this guide does not list.
        if name.startswith("_"):
            raise _no_part(self, name)
        return self.__dict__.get("parts", {}).get(name, ())

    @property
    def gaps(self) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.kind == "gap")

    @property
    def conflicts(self) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.kind == "conflict")


@dataclass(frozen=True)
class Context:
    """What a section knows of the rest of the guide: its title and the growth figures of earlier sections."""

    title: str
    growth: tuple[Growth, ...] = ()
