"""What importing one guide file did, or with a dry run would do: the report the command prints and the
admin shows, and the error that refuses a file."""

from collections import Counter
from dataclasses import dataclass, field

from careerguide.formatting import truncate
from roles.models import GUIDE_LINKS, GUIDE_ROWS, GUIDE_TEXT_FIELDS, Role

from .results import ParsedGuide

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"
DRY_RUN_ACTIONS = {CREATED: "would create", UPDATED: "would update", UNCHANGED: "unchanged"}


class GuideImportError(Exception):
    """A file that cannot be imported: not UTF-8, not a guide, or a guide whose role exists (without update).

    `message` names the file (and the line when there is one); `report` holds what the file would
    have given, when it could be parsed. Nothing was saved.
    """

    def __init__(self, message: str, line: int | None = None, report: "GuideImportReport | None" = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.report = report

    def __str__(self):
        return self.message


@dataclass
class GuideImportReport:
    """What importing one guide file did (or, with `dry_run`, would do)."""

    file_name: str
    role_slug: str = ""
    role_title: str = ""
    action: str = ""
    dry_run: bool = False
    published: bool = False
    # Rows the import writes per part of the guide (`row_counts`), in the registry's order.
    counts: dict[str, int] = field(default_factory=dict)
    empty_sections: list[str] = field(default_factory=list)
    unparsed: list[tuple[int, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    # On update: what changed, e.g. "Role: summary" or "FAQ entries: 1 added, 2 changed (answer)".
    changed_fields: list[str] = field(default_factory=list)
    # Shared rows the import added or linked (skills, tools, sources, title-only related roles, ...).
    notes: list[str] = field(default_factory=list)
    # On a refused update: editors' changes since the guide's last import that the file would overwrite.
    edits: list[str] = field(default_factory=list)
    # What the import guessed rather than read, and figures that do not add up ("line 12: ..."), by line.
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, guide: ParsedGuide, *, file_name: str, dry_run: bool) -> "GuideImportReport":
        """The report's parse-only parts: empty sections, lines not imported, conflicts."""
        return cls(
            file_name=file_name,
            dry_run=dry_run,
            role_title=guide.title,
            empty_sections=[f"{empty.heading} (line {empty.line})" for empty in guide.empty_sections],
            unparsed=list(guide.unparsed),  # the writer adds figures it cannot place; sorted at the end
            conflicts=[note.note for note in guide.conflicts],
            warnings=[f"line {line}: {text}" for line, text in guide_warnings(guide)],
        )

    @property
    def action_display(self) -> str:
        return DRY_RUN_ACTIONS.get(self.action, self.action) if self.dry_run else self.action

    def as_text(self) -> str:
        """The report as the command prints it."""
        state = "published" if self.published else "draft"
        lines = [f"{self.file_name}: {self.action_display} “{self.role_title}” ({self.role_slug}, {state})"]
        lines.append("  Sections:")
        width = max((len(name) for name in self.counts), default=0)
        lines += [f"    {name.ljust(width)}  {count}" for name, count in self.counts.items()]
        for heading, items in (("Shared data", self.notes), ("Changes", self.changed_fields)):
            if items:
                lines.append(f"  {heading}:")
                lines += [f"    {item}" for item in items]
        if self.edits:
            lines.append(f"  Edited since the last import ({len(self.edits)}), would be overwritten:")
            lines += [f"    {edit}" for edit in self.edits]
        lines.append(f"  Empty sections ({len(self.empty_sections)}):")
        lines += [f"    {section}" for section in self.empty_sections] or ["    none"]
        lines.append(f"  Lines not imported ({len(self.unparsed)}):")
        lines += [f"    line {number}: {_shortened(text)}" for number, text in self.unparsed] or ["    none"]
        lines.append(f"  Conflicts ({len(self.conflicts)}):")
        lines += [f"    - {conflict}" for conflict in self.conflicts] or ["    none"]
        lines.append(f"  Warnings ({len(self.warnings)}):")
        lines += [f"    {warning}" for warning in self.warnings] or ["    none"]
        if self.dry_run:
            lines.append("  Dry run: nothing was saved.")
        return "\n".join(lines)


def _shortened(text: str) -> str:
    """A line for the report: its text cut to 110 characters, keeping the reason in brackets at its end."""
    if text.endswith("]") and " [" in text:
        head, reason = text.rsplit(" [", 1)
        return f"{truncate(head, 110)} [{reason}"
    return truncate(text, 110)


def _level_years(level) -> str:
    """Why a level's years do not add up ("4–5 years in role but at most 4 in total"), or ""."""
    total_max, role_min, role_max = level.years_total_max, level.years_in_role_min, level.years_in_role_max
    if total_max is not None and level.years_total_min > total_max:
        return f"{level.years_total_min}–{total_max} years of total experience: the minimum is above the maximum"
    if role_max is not None and role_min > role_max:
        return f"{role_min}–{role_max} years in role: the minimum is above the maximum"
    if total_max is not None and (role_max if role_max is not None else role_min) > total_max:
        in_role = f"{role_min}–{role_max}" if role_max is not None else f"{role_min}+"
        return f"{in_role} years in role but at most {total_max} years of total experience"
    return ""


def guide_warnings(guide: ParsedGuide) -> list[tuple[int, str]]:
    """(line, text) for each value the parse guessed rather than read (a country, a currency, a period) and
    each range that does not add up (a level's years), in line order. They are imported as read."""
    found = []
    if guide.key_facts:
        found += [(guide.key_facts.line, f"Key facts: {guess}") for guess in guide.key_facts.guesses]
    found += [(pay.line, f"{pay.title}: {guess}") for pay in guide.level_pay for guess in pay.guesses]
    for pay in guide.regional_pay:
        where = f"{pay.place.name}, {pay.currency} {pay.local_min:,}–{pay.local_max:,}"
        found += [(pay.line, f"{where}: {guess}") for guess in pay.guesses]
    for level in guide.levels:
        problem = _level_years(level)
        if problem:
            found.append((level.line, f"{level.title}: {problem}; imported as written, check the guide"))
    return sorted(found)


def row_counts(rows: list[dict]) -> dict[str, int]:
    """What an import writes (or would write) per part of the guide, counted from the rows themselves, in
    the registry's order: the prose sections, each part's rows, then the shared rows the role links to."""
    role = rows[0]["fields"]
    written = Counter(row["model"] for row in rows[1:])
    counts = {"Prose sections": sum(1 for name in ("summary", *GUIDE_TEXT_FIELDS) if role.get(name))}
    counts.update({_label(part.model): written[part.model._meta.label_lower] for part in GUIDE_ROWS})
    counts.update({_label(Role._meta.get_field(link).related_model): len(role[link]) for link in GUIDE_LINKS})
    return counts


def _label(model) -> str:
    name = str(model._meta.verbose_name_plural)
    return name[:1].upper() + name[1:]
