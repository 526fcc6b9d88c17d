"""What importing one guide file did, or with a dry run would do: the report the command prints and the
admin shows, and the error that refuses a file."""

from dataclasses import dataclass, field

from careerguide.formatting import truncate
from roles.models import GUIDE_TEXT_FIELDS, MarketInsight, Skill

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
    # Rows the guide gives per section, in the guide's order.
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

    @classmethod
    def of(cls, guide: ParsedGuide, *, file_name: str, dry_run: bool) -> "GuideImportReport":
        """The report's parse-only parts: counts, empty sections, lines not imported, conflicts."""
        return cls(
            file_name=file_name,
            dry_run=dry_run,
            role_title=guide.title,
            empty_sections=[f"{empty.heading} (line {empty.line})" for empty in guide.empty_sections],
            unparsed=list(guide.unparsed),  # the writer adds figures it cannot place; sorted at the end
            conflicts=[note.note for note in guide.conflicts],
            counts=section_counts(guide),
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
        lines += [f"    line {number}: {truncate(text, 110)}" for number, text in self.unparsed] or ["    none"]
        lines.append(f"  Conflicts ({len(self.conflicts)}):")
        lines += [f"    - {conflict}" for conflict in self.conflicts] or ["    none"]
        if self.dry_run:
            lines.append("  Dry run: nothing was saved.")
        return "\n".join(lines)


def section_counts(guide: ParsedGuide) -> dict[str, int]:
    """Rows the guide gives per section, in the guide's order."""
    facts = guide.key_facts
    figures = (facts.median, facts.range_min, facts.openings, facts.typical_education) if facts else ()
    insights = {kind: sum(1 for i in guide.insights if i.kind == kind) for kind in MarketInsight.Kind.values}
    skills = {category: sum(1 for skill in guide.skills if skill.category == category) for category in Skill.Category}
    return {
        "Prose sections": sum(1 for name in GUIDE_TEXT_FIELDS if name in guide.prose) + bool(guide.summary),
        "Key facts": sum(value is not None and value != "" for value in figures),
        "Growth projections": len(guide.growth),
        "Top industries": len(guide.top_industries),
        "Responsibilities": len(guide.responsibilities),
        "Tools": len(guide.tools),
        "Certifications": len(guide.certifications),
        "Technical skills": skills[Skill.Category.TECHNICAL],
        "Soft skills": skills[Skill.Category.SOFT],
        "Steps": len(guide.steps),
        "Entry timelines": len(guide.timelines),
        "Education paths": len(guide.education),
        "Salary by level": len(guide.level_pay),
        "Market commentary": insights["outlook"],
        "Career levels": len(guide.levels),
        "Focus areas": sum(len(level.focus_areas) for level in guide.levels),
        "Global salaries": len(guide.regional_pay),
        "Visa routes": len(guide.visas),
        "Market challenges": insights["challenge"],
        "Market opportunities": insights["opportunity"],
        "Market trends": insights["trend"],
        "Specializations": len(guide.specializations),
        "Pros": len(guide.pros),
        "Cons": len(guide.cons),
        "FAQ": len(guide.faqs),
        "Related careers": len(guide.related),
        "Gaps noted": len(guide.gaps),
        "Conflicts noted": len(guide.conflicts),
    }
