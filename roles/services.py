"""Writes that touch a whole guide: importing a plain-text guide as a draft role.

`manage.py import_guide` and the admin's "Import guide" page both call `guide_import`, so a file is
judged by the same rules wherever it comes from. The text is read by `roles.guide_parser` (no
database); this module maps the parsed guide onto the models the way `fixtures/02_technical_manager.yaml`
does, in one transaction per file, with bulk queries.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from careerguide.cache import bump_content_version
from careerguide.checked_uploads import text_problem
from salaries.models import Currency, Region, Source
from salaries.services import salary_currency_error

from .guide_import import (
    GuideFormatError,
    OfficialSource,
    ParsedGuide,
    country_name,
    currency_name,
    fold,
    iso_currencies,
    parse_guide,
)
from .models import (
    FAQ,
    GUIDE_ROWS,
    CareerEntryStep,
    CareerEntryTimeline,
    CareerLevel,
    Certification,
    DataNote,
    EducationPath,
    FocusArea,
    GrowthProjection,
    KeyFacts,
    LevelSalary,
    MarketInsight,
    ProCon,
    RegionalSalary,
    Responsibility,
    Role,
    RoleRelation,
    RoleSkill,
    Skill,
    Specialization,
    Tool,
    ToolCategory,
    TopIndustry,
    VisaRoute,
)

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"
IMPORT_REASON = "Imported from "  # every row an import writes has the history reason "Imported from FILE"
DRY_RUN_ACTIONS = {CREATED: "would create", UPDATED: "would update", UNCHANGED: "unchanged"}
# Role text fields a guide fills, in the guide's order.
PROSE_FIELDS = (
    "description",
    "work_environment",
    "skills_overview",
    "how_to_become",
    "education_overview",
    "compensation_overview",
    "career_path_overview",
    "global_overview",
    "remote_work",
    "visa_overview",
    "market_overview",
    "specializations_overview",
)


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
        if self.notes:
            lines.append("  Shared data:")
            lines += [f"    {note}" for note in self.notes]
        if self.changed_fields:
            lines.append("  Changes:")
            lines += [f"    {change}" for change in self.changed_fields]
        if self.edits:
            lines.append(f"  Edited since the last import ({len(self.edits)}), would be overwritten:")
            lines += [f"    {edit}" for edit in self.edits]
        lines.append(f"  Empty sections ({len(self.empty_sections)}):")
        lines += [f"    {section}" for section in self.empty_sections] or ["    none"]
        lines.append(f"  Lines not imported ({len(self.unparsed)}):")
        lines += [f"    line {number}: {_shorten(text, 110)}" for number, text in self.unparsed] or ["    none"]
        lines.append(f"  Conflicts ({len(self.conflicts)}):")
        lines += [f"    - {conflict}" for conflict in self.conflicts] or ["    none"]
        if self.dry_run:
            lines.append("  Dry run: nothing was saved.")
        return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def guide_import(
    *,
    name: str,
    data: bytes,
    publish: bool = False,
    update: bool = False,
    force: bool = False,
    dry_run: bool = False,
    user=None,
) -> GuideImportReport:
    """Import one guide file (`data`, UTF-8 text named `name`) as a role, all or nothing.

    A new role is saved as a draft unless `publish`. A role that already has a guide is refused
    (`GuideImportError`) unless `update`, which applies only the differences; re-importing an
    unchanged file writes nothing. A title-only role (a related career without a guide) is filled
    in. An update that would change a guide an editor changed since its last import is refused,
    listing those edits (`GuideImportReport.edits`), unless `force`.
    Every written row gets a history entry "Imported from NAME" (user `user`). `dry_run` does
    everything and rolls it back. Queries: about ten lookups, then one insert (plus one history
    insert) per kind of row, or on update one read per kind and bulk updates of what changed.
    """
    text = _decode(name, data)
    try:
        guide = parse_guide(text)
    except GuideFormatError as error:
        raise GuideImportError(f"{name}, line {error.line}: {error.message}", line=error.line) from error
    report = GuideImportReport(file_name=name, dry_run=dry_run)
    with transaction.atomic():
        _GuideWriter(guide, name=name, report=report, publish=publish, update=update, force=force, user=user).run()
        if dry_run:
            transaction.set_rollback(True)
        elif report.action in (CREATED, UPDATED):
            bump_content_version()  # rows are bulk-inserted, which sends no model signals
    return report


def _decode(name: str, data: bytes) -> str:
    """The file as text; a NUL byte, a byte that is not UTF-8, too many lines or too long a line is
    reported with its line number (`careerguide.checked_uploads.text_problem`)."""
    problem = text_problem(name, data)
    if problem is not None:
        raise GuideImportError(str(problem), line=problem.line)
    return data.decode("utf-8-sig")


def _key(text: str) -> str:
    return fold(text)


def _unique_slug(text: str, taken: set[str], max_length: int) -> str:
    base = (slugify(text.replace("#", " sharp").replace("+", " plus")) or "item")[:max_length].strip("-")
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    taken.add(slug)
    return slug


def _fit(model, values: dict) -> dict:
    """Cut text to the columns' lengths, so PostgreSQL accepts what SQLite would."""
    for name, value in values.items():
        if isinstance(value, str):
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if limit and len(value) > limit:
                values[name] = value[: limit - 1].rstrip() + "…"
    return values


def guide_edits_since_import(role: Role) -> list[str]:
    """Changes to `role`'s guide made after its last import by anything but an import, in words
    ("Role: summary, by editor on 2026-12-06 19:50", "FAQ entries: 2 changes, by editor, last on ..."),
    or none when the role was never imported. The last import is the newest history entry of the role
    or of a row of its guide whose reason is "Imported from ..." (every import writes one).
    Queries: two per kind of guide row (the last import, the later edits), plus one per edited role version.
    """
    histories = _guide_histories(role)
    imports = [
        history.filter(history_change_reason__startswith=IMPORT_REASON).aggregate(last=Max("history_date"))["last"]
        for _, history in histories
    ]
    last_import = max((when for when in imports if when is not None), default=None)
    if last_import is None:
        return []
    edits = []
    for label, history in histories:
        later = list(
            history.filter(history_date__gt=last_import)
            .exclude(history_change_reason__startswith=IMPORT_REASON)
            .select_related("history_user")
            .order_by("history_date")
        )
        if not later:
            continue
        users = ", ".join(sorted({str(record.history_user or "a script") for record in later}))
        when = f"{timezone.localtime(later[-1].history_date):%Y-%m-%d %H:%M}"
        if label == "Role":
            fields = dict.fromkeys(
                name
                for record in later
                if record.prev_record is not None
                for name in record.diff_against(record.prev_record).changed_fields
            )
            edits.append(f"Role: {', '.join(fields) or 'saved'}, by {users}, last on {when}")
        else:
            edits.append(f"{label}: {_count(len(later), 'change', 'changes')}, by {users}, last on {when}")
    return edits


def _guide_histories(role: Role) -> list[tuple[str, object]]:
    """The history of the role and of each kind of row its guide owns (deleted rows included)."""
    level_ids = CareerLevel.history.filter(role_id=role.pk).values("id")
    histories = [("Role", Role.history.filter(id=role.pk))]
    for part in GUIDE_ROWS:
        if "__" in part.owner:  # owned through a level: its rows point at any level the role ever had
            history = part.model.history.filter(level_id__in=level_ids)
        else:
            history = part.model.history.filter(**{f"{part.owner}_id": role.pk})
        histories.append((_capital(str(part.model._meta.verbose_name_plural)), history))
    return histories


class _GuideWriter:
    """Writes one parsed guide. Shared rows (taxonomy, sources, regions) are only ever added, never changed."""

    def __init__(
        self,
        guide: ParsedGuide,
        *,
        name: str,
        report: GuideImportReport,
        publish: bool,
        update: bool,
        force: bool,
        user,
    ):
        self.guide = guide
        self.force = force
        self.name = name
        self.report = report
        self.publish = publish
        self.update = update
        self.user = user
        self.reason = f"{IMPORT_REASON}{name}"
        self.changed = False

    # --- Writing helpers ---------------------------------------------------------------------

    def _create(self, model, objects: list) -> list:
        if not objects:
            return []
        return bulk_create_with_history(
            objects, model, batch_size=500, default_user=self.user, default_change_reason=self.reason
        )

    def _delete(self, objects) -> None:
        for obj in objects:
            obj._change_reason = self.reason
            obj._history_user = self.user
            obj.delete()

    def _sync(self, model, existing, desired: list[dict], key: tuple[str, ...], *, label: str = "", shift=None):
        """Make the role's `model` rows equal `desired` (field values by attribute name).

        Rows are matched by `key`; changed fields are written with one bulk update, missing rows
        created in one insert, rows the guide no longer has deleted, each with a history entry.
        `shift` names a field under a unique constraint whose values may be swapped between rows.
        Returns every row now in the database for the guide, by key.
        """
        label = label or str(model._meta.verbose_name_plural)
        current = {tuple(getattr(obj, name) for name in key): obj for obj in existing}
        wanted: dict[tuple, dict] = {}
        for values in desired:
            wanted.setdefault(tuple(values[name] for name in key), _fit(model, values))
        stale = [obj for obj_key, obj in current.items() if obj_key not in wanted]
        updates, changed_names, creates = [], set(), []
        for obj_key, values in wanted.items():
            obj = current.get(obj_key)
            if obj is None:
                creates.append(model(**values))
                continue
            diff = [name for name, value in values.items() if getattr(obj, name) != value]
            if diff:
                for name in diff:
                    setattr(obj, name, values[name])
                updates.append(obj)
                changed_names.update(diff)
        self._delete(stale)
        if updates:
            if shift and shift in changed_names:
                # Move the rows out of the way first (no history: the update below records the change).
                model.objects.filter(pk__in=[obj.pk for obj in updates]).update(**{shift: F(shift) + 10_000})
            bulk_update_with_history(
                updates,
                model,
                sorted(changed_names),
                batch_size=500,
                default_user=self.user,
                default_change_reason=self.reason,
            )
        created = self._create(model, creates)
        if (creates or updates or stale) and not self.created:
            parts = []
            if creates:
                parts.append(f"{len(creates)} added")
            if updates:
                parts.append(f"{len(updates)} changed ({', '.join(sorted(changed_names))})")
            if stale:
                parts.append(f"{len(stale)} removed")
            self.report.changed_fields.append(f"{_capital(label)}: {', '.join(parts)}")
        if creates or updates or stale:
            self.changed = True
        rows = {obj_key: obj for obj_key, obj in current.items() if obj_key in wanted}
        rows.update({tuple(getattr(obj, name) for name in key): obj for obj in created})
        return rows

    def _existing(self, queryset):
        """The role's current rows of one kind (one query), or none for a role created just now."""
        return list(queryset) if self.existing_role else []

    # --- The import ------------------------------------------------------------------------------

    def run(self) -> None:
        guide, report = self.guide, self.report
        report.role_title = guide.title
        report.empty_sections = [f"{empty.heading} (line {empty.line})" for empty in guide.empty_sections]
        report.unparsed = list(guide.unparsed)  # the service adds figures it cannot place; sorted at the end
        report.conflicts = [note.note for note in guide.conflicts]
        if len(guide.title) > Role._meta.get_field("title").max_length:
            raise GuideImportError(
                f"{self.name}, line {guide.title_line}: the title is too long", line=guide.title_line
            )
        report.counts = self._counts()

        role = self._find_role()
        # Read before this import writes history of its own.
        edits = guide_edits_since_import(role) if role is not None and not self.created and not self.force else []
        self._shared_rows()
        role = self._save_role(role)
        self._key_facts(role)
        self._growth(role)
        self._lists(role)
        self._skills(role)
        self._ladder(role)
        self._regional(role)
        self._relations(role)
        self._notes(role)
        self._many_to_many(role)
        report.role_slug = role.slug
        report.published = role.is_published
        report.unparsed.sort()
        if self.created:
            report.action = CREATED
        else:
            report.action = UPDATED if self.changed else UNCHANGED
        if report.action == UPDATED and edits:
            report.action, report.edits = REFUSED, edits
            raise GuideImportError(
                f"{self.name}, line {guide.title_line}: “{role.title}” was edited since its last import "
                f"({_count(len(edits), 'change', 'changes')} listed in the report would be overwritten); "
                "import with --force to overwrite them with the file",
                line=guide.title_line,
                report=report,
            )

    def _counts(self) -> dict[str, int]:
        guide = self.guide
        facts = guide.key_facts
        figures = 0
        if facts:
            figures = sum(
                value is not None and value != ""
                for value in (facts.median, facts.range_min, facts.openings, facts.typical_education)
            )
        insights = {kind: sum(1 for i in guide.insights if i.kind == kind) for kind in MarketInsight.Kind.values}
        return {
            "Prose sections": sum(1 for name in PROSE_FIELDS if name in guide.prose) + bool(guide.summary),
            "Key facts": figures,
            "Growth projections": len(guide.growth),
            "Top industries": len(guide.top_industries),
            "Responsibilities": len(guide.responsibilities),
            "Tools": len(guide.tools),
            "Certifications": len(guide.certifications),
            "Technical skills": sum(1 for skill in guide.skills if skill.category == Skill.Category.TECHNICAL),
            "Soft skills": sum(1 for skill in guide.skills if skill.category == Skill.Category.SOFT),
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

    def _find_role(self) -> Role | None:
        """The role this guide is for, if it exists (one query), refusing a full guide without `update`."""
        slug = slugify(self.guide.title)
        guide_parts = {
            "has_facts": Exists(KeyFacts.objects.filter(role=OuterRef("pk"))),
            "has_levels": Exists(CareerLevel.objects.filter(role=OuterRef("pk"))),
            "has_skills": Exists(RoleSkill.objects.filter(role=OuterRef("pk"))),
        }
        candidates = list(Role.objects.filter(slug=slug).annotate(**guide_parts)) or [
            role
            for role in Role.objects.filter(title__iexact=self.guide.title).annotate(**guide_parts)
            if _key(role.title) == _key(self.guide.title)
        ]
        role = candidates[0] if candidates else None
        self.report.role_slug = role.slug if role else slug
        self.existing_role = role is not None
        self.created = role is None
        if role is None:
            return None
        is_stub = not (role.has_facts or role.has_levels or role.has_skills or role.description.strip())
        if is_stub:
            self.created = True
            self.report.notes.append(f"Filled in the existing title-only role “{role.title}”.")
        elif not self.update:
            self.report.action = REFUSED
            raise GuideImportError(
                f"{self.name}, line {self.guide.title_line}: a guide for “{role.title}” already exists "
                f"(role {role.slug}); import with --update to apply the differences",
                line=self.guide.title_line,
                report=self.report,
            )
        return role

    # --- Shared rows: currencies, regions, sources, taxonomy, related roles ------------------------

    def _shared_rows(self) -> None:
        guide = self.guide
        added: list[str] = []

        codes = {pay.currency for pay in guide.regional_pay} | {pay.currency for pay in guide.level_pay if pay.currency}
        codes |= {route.currency for route in guide.education if route.currency}
        if guide.key_facts:
            codes.add(guide.key_facts.currency)
        codes = {code for code in codes if code in iso_currencies()}
        known = set(Currency.objects.filter(code__in=codes).values_list("code", flat=True))
        symbols = {pay.currency: pay.symbol for pay in guide.regional_pay if pay.symbol}
        new = [
            Currency(code=code, name=currency_name(code)[:80], symbol=symbols.get(code, "$" if code == "USD" else ""))
            for code in sorted(codes - known)
        ]
        self._create(Currency, new)
        self.currencies = known | {currency.code for currency in new}
        if new:
            added.append(_count(len(new), "currency", "currencies") + f" ({', '.join(c.code for c in new)})")

        self.regions = list(Region.objects.all())
        by_iso = {region.iso_code: region for region in self.regions if region.iso_code}
        wanted: dict[str, tuple[str, str]] = {}  # ISO code -> (area, currency)
        for pay in guide.regional_pay:
            if pay.place.kind == "country":
                wanted.setdefault(pay.place.code, (pay.place.area, pay.currency))
        for pay in guide.level_pay:
            wanted.setdefault(pay.country, ("", pay.currency))
        for visa in guide.visas:
            if visa.country:
                wanted.setdefault(visa.country, ("", ""))
        names = {region.name for region in self.regions}
        slugs = {region.slug for region in self.regions}
        new_regions = []
        for code, (area, currency) in sorted(wanted.items()):
            if code in by_iso:
                continue
            name = country_name(code)[:100]
            if name in names:
                name = f"{name} ({code})"
            names.add(name)
            new_regions.append(
                Region(
                    name=name,
                    slug=_unique_slug(name, slugs, 100),
                    kind=Region.Kind.COUNTRY,
                    iso_code=code,
                    area=area,
                    currency_id=currency if currency in self.currencies else None,
                )
            )
        self.regions += self._create(Region, new_regions)
        if new_regions:
            added.append(
                _count(len(new_regions), "country", "countries") + f" ({', '.join(r.iso_code for r in new_regions)})"
            )
        self.by_iso = {region.iso_code: region for region in self.regions if region.iso_code}
        self.by_region_name = {}
        for region in self.regions:
            if region.kind == Region.Kind.REGION:
                self.by_region_name[_key(region.name)] = region
                self.by_region_name[_key(region.slug)] = region

        self._sources(added)
        self._taxonomy(added)
        self._related_roles(added)
        if added:
            self.report.notes.append("Added: " + "; ".join(added) + ".")

    def _sources(self, added: list[str]) -> None:
        """Official sources the key facts cite and the guide's own editorial source, reused when they exist."""
        guide = self.guide
        facts = guide.key_facts
        official: list[OfficialSource] = []
        if facts:
            official += [source for source in (facts.median_source, facts.openings_source) if source]
        official += [growth.source for growth in guide.growth if growth.source]
        year = guide.editorial_year
        editorial = {
            "publisher": guide.publisher,
            "publisher_abbreviation": "",
            "title": f"{guide.title} career guide",
            "measures": "The guide's own estimates: pay by experience level and the national pay range, salary ranges "
            "by country or region, costs and durations of education, routes into the role and its market commentary.",
            "occupation": "",
            "soc_code": "",
            "kind": Source.Kind.EDITORIAL_ESTIMATE,
            "as_of": date(year, 1, 1) if year else None,
            "as_of_precision": Source.Precision.YEAR if year else "",
            "notes": "Editorial estimates published without a method or sample size"
            + (f"; dated to the {year} market the guide describes." if year else "; the guide gives no date."),
        }
        wanted = {self._source_key(editorial): editorial}
        self.official_keys: dict[int, tuple] = {}
        for source in official:
            values = {
                "publisher": source.publisher,
                "publisher_abbreviation": source.abbreviation,
                "title": source.title,
                "measures": self._measures(source),
                "occupation": source.occupation,
                "soc_code": "",
                "kind": Source.Kind.OFFICIAL_STATISTIC,
                "as_of": source.as_of,
                "as_of_precision": source.precision,
                "notes": "",
            }
            self.official_keys[id(source)] = self._source_key(values)
            wanted.setdefault(self._source_key(values), values)
        publishers = {values["publisher"] for values in wanted.values()}
        self.sources = {}
        for source in Source.objects.filter(publisher__in=publishers).order_by("pk"):
            values = {"publisher": source.publisher, "title": source.title, "occupation": source.occupation}
            self.sources.setdefault(self._source_key({**values, "as_of": source.as_of}), source)
        new = [_fit(Source, dict(values)) for key, values in wanted.items() if key not in self.sources]
        for source in self._create(Source, [Source(**values) for values in new]):
            self.sources[self._source_key(source.__dict__)] = source
        if new:
            added.append(_count(len(new), "source", "sources"))
        self.editorial = self.sources[self._source_key(editorial)]

    @staticmethod
    def _source_key(values: dict) -> tuple:
        """Sources are the same when publisher, data set, occupation and reference date agree."""
        return (_key(values["publisher"]), _key(values["title"]), _key(values["occupation"]), values["as_of"])

    @staticmethod
    def _measures(source: OfficialSource) -> str:
        if source.title.startswith("Occupational") or "wage" in source.title.lower():
            return f"Annual median wage for the occupation {source.occupation}, as the guide cites it."
        period = f" over {source.period_start}–{source.period_end}" if source.period_start else ""
        return f"Projected change in employment and yearly openings for {source.occupation}{period}."

    def source_for(self, official: OfficialSource | None) -> Source:
        return self.sources[self.official_keys[id(official)]] if official else self.editorial

    def _taxonomy(self, added: list[str]) -> None:
        """Match skills, tools (with categories) and certifications by name; add the missing ones."""
        guide = self.guide
        # Skills: any spelling of the name ("SDLC Management" for "Software Development Life Cycle (SDLC) …").
        self.skill_ids: dict[str, int] = {}
        if guide.skills:
            existing = list(Skill.objects.values_list("pk", "name", "slug"))
            by_key = {_key(name): pk for pk, name, _ in existing}
            slugs = {slug for _, _, slug in existing}
            # New skills by key: a set rebuilt per skill made 5,000 skills cost 12.5 million folds (minutes).
            new: dict[str, Skill] = {}
            for skill in guide.skills:
                name_key = _key(skill.name)
                keys = [name_key, *(_key(alias) for alias in skill.aliases)]
                found = next((by_key[key] for key in keys if key in by_key), None)
                if found is None and name_key not in new:
                    new[name_key] = Skill(
                        name=skill.name, slug=_unique_slug(skill.name, slugs, 120), category=skill.category
                    )
                elif found is not None:
                    self.skill_ids[name_key] = found
            new = list(new.values())
            for skill in self._create(Skill, new):
                self.skill_ids[_key(skill.name)] = skill.pk
            if new:
                added.append(_count(len(new), "skill", "skills"))

        self.tool_ids: list[int] = []
        if guide.tools:
            tools = list(Tool.objects.values_list("pk", "name", "slug"))
            tool_ids = {_key(name): pk for pk, name, _ in tools}
            missing = {_key(tool.name): tool for tool in guide.tools if _key(tool.name) not in tool_ids}
            # A tool already in the taxonomy keeps its category; new tools go under the guide's.
            categories = list(ToolCategory.objects.values_list("pk", "name", "slug", "order")) if missing else []
            category_ids = {_key(name): pk for pk, name, _, _ in categories}
            category_slugs = {slug for _, _, slug, _ in categories}
            next_order = max((order for *_, order in categories), default=0) + 1
            new_categories: dict[str, ToolCategory] = {}
            for tool in missing.values():
                key = _key(tool.category)
                if key not in category_ids and key not in new_categories:
                    new_categories[key] = ToolCategory(
                        name=tool.category,
                        slug=_unique_slug(tool.category, category_slugs, 80),
                        order=next_order + len(new_categories),
                    )
            for category in self._create(ToolCategory, list(new_categories.values())):
                category_ids[_key(category.name)] = category.pk
            tool_slugs = {slug for _, _, slug in tools}
            new_tools = [
                Tool(
                    name=tool.name,
                    slug=_unique_slug(tool.name, tool_slugs, 80),
                    category_id=category_ids[_key(tool.category)],
                )
                for tool in missing.values()
            ]
            for tool in self._create(Tool, new_tools):
                tool_ids[_key(tool.name)] = tool.pk
            self.tool_ids = list(dict.fromkeys(tool_ids[_key(tool.name)] for tool in guide.tools))
            if new_tools:
                categories_added = _count(len(new_categories), "new category", "new categories")
                added.append(
                    _count(len(new_tools), "tool", "tools") + (f" in {categories_added}" if new_categories else "")
                )

        self.certification_ids: list[int] = []
        if guide.certifications:
            existing = list(Certification.objects.values_list("pk", "name", "slug", "abbreviation"))
            by_key = {}
            for pk, name, _, abbreviation in existing:
                by_key[_key(name)] = pk
                if abbreviation:
                    by_key.setdefault(_key(abbreviation), pk)
            slugs = {slug for _, _, slug, _ in existing}
            new = {}
            order: list[str] = []
            for mention in guide.certifications:
                keys = [_key(mention.name)] + ([_key(mention.abbreviation)] if mention.abbreviation else [])
                found = next((key for key in keys if key in by_key), None)
                if found:
                    order.append(found)
                    continue
                new.setdefault(
                    keys[0],
                    Certification(
                        name=mention.name,
                        slug=_unique_slug(mention.name, slugs, 150),
                        abbreviation=mention.abbreviation[:20],
                    ),
                )
                order.append(keys[0])
            for certification in self._create(Certification, list(new.values())):
                by_key[_key(certification.name)] = certification.pk
            self.certification_ids = list(dict.fromkeys(by_key[key] for key in order))
            if new:
                added.append(_count(len(new), "certification", "certifications"))

    def _related_roles(self, added: list[str]) -> None:
        """Roles named as related careers or ladder levels: link existing ones, add title-only drafts."""
        titles = [related.title for related in self.guide.related]
        roles = list(Role.objects.values_list("pk", "title", "slug"))
        self.role_ids = {}
        for pk, title, slug in roles:
            self.role_ids[_key(title)] = pk
            self.role_ids.setdefault(_key(slug), pk)
        slugs = {slug for _, _, slug in roles} | {self.report.role_slug}
        new = {}
        for title in titles:
            key = _key(title)
            if key in self.role_ids or key == _key(self.guide.title) or key in new:
                continue
            if slugify(title) in slugs and _key(slugify(title)) in self.role_ids:
                continue
            new[key] = Role(title=title, slug=_unique_slug(title, slugs, 120), is_published=False)
        for role in self._create(Role, list(new.values())):
            self.role_ids[_key(role.title)] = role.pk
        if new:
            titles = ", ".join(role.title for role in new.values())
            added.append(_count(len(new), "related role", "related roles") + f" as title-only drafts ({titles})")
        linked = len(titles) - len(new)
        if linked:
            self.report.notes.append(f"Linked {_count(linked, 'related career', 'related careers')} to existing roles.")

    # --- The role and what it owns ----------------------------------------------------------------

    def _save_role(self, role: Role | None) -> Role:
        guide = self.guide
        values = {name: guide.prose[name].text if name in guide.prose else "" for name in PROSE_FIELDS}
        values["title"] = guide.title
        values["summary"] = guide.summary.text if guide.summary else ""
        values["imported_from"] = self.name[: Role._meta.get_field("imported_from").max_length]
        facts = guide.key_facts
        official = (facts.median_source if facts else None) or next(
            (growth.source for growth in guide.growth if growth.source), None
        )
        values["reference_occupation"] = official.occupation if official else ""
        if official and self.source_for(official).soc_code:
            values["soc_code"] = self.source_for(official).soc_code
        if self.publish:
            values["is_published"] = True
        values = _fit(Role, values)
        if role is None:
            role = Role(slug=self.report.role_slug, **{"is_published": False, **values})
            role._change_reason = self.reason
            role._history_user = self.user
            role.save()
            return role
        diff = [name for name, value in values.items() if getattr(role, name) != value]
        if diff:
            for name in diff:
                setattr(role, name, values[name])
            role._change_reason = self.reason
            role._history_user = self.user
            role.save()
            self.changed = True
            if not self.created:
                self.report.changed_fields.append(f"Role: {', '.join(diff)}")
        return role

    def _key_facts(self, role: Role) -> None:
        facts = self.guide.key_facts
        desired = []
        if facts:
            desired.append(
                {
                    "role_id": role.pk,
                    "currency_id": facts.currency,
                    "median_pay": facts.median,
                    "median_pay_source_id": self.source_for(facts.median_source).pk
                    if facts.median is not None
                    else None,
                    "pay_range_min": facts.range_min,
                    "pay_range_max": facts.range_max,
                    "pay_range_max_open_ended": facts.range_max_open_ended,
                    "pay_range_note": facts.range_note,
                    "pay_range_source_id": self.editorial.pk if facts.range_min is not None else None,
                    "annual_openings": facts.openings,
                    "annual_openings_approximate": facts.openings_approximate,
                    "annual_openings_source_id": self.source_for(facts.openings_source).pk
                    if facts.openings is not None
                    else None,
                    "typical_education": facts.typical_education,
                    "typical_education_source_id": self.editorial.pk if facts.typical_education else None,
                }
            )
        self._sync(
            KeyFacts, self._existing(KeyFacts.objects.filter(role=role)), desired, ("role_id",), label="key facts"
        )

    def _growth(self, role: Role) -> None:
        desired = []
        for index, growth in enumerate(self.guide.growth):
            desired.append(
                {
                    "role_id": role.pk,
                    "pct_min": growth.pct_min,
                    "pct_max": growth.pct_max,
                    "period_start_year": growth.period_start,
                    "period_end_year": growth.period_end,
                    "horizon_years": growth.horizon_years,
                    "comparison": growth.comparison,
                    "occupation": growth.occupation,
                    "is_headline": index == 0,
                    "source_id": self.source_for(growth.source).pk,
                }
            )
        existing = self._existing(GrowthProjection.objects.filter(role=role))
        self._sync(GrowthProjection, existing, desired, ("is_headline", "source_id"))

    def _lists(self, role: Role) -> None:
        """The ordered sections that belong to the role alone."""
        guide, pk = self.guide, role.pk
        editorial = self.editorial.pk
        ordered = [
            (Responsibility, [{"order": i, "text": item.text} for i, item in enumerate(guide.responsibilities, 1)]),
            (
                TopIndustry,
                [{"order": i, "name": x.name, "note": x.note} for i, x in enumerate(guide.top_industries, 1)],
            ),
            (
                CareerEntryStep,
                [{"order": step.number, "title": step.title, "text": step.text} for step in guide.steps],
            ),
            (
                CareerEntryTimeline,
                [
                    {
                        "order": i,
                        "route": t.route,
                        "years_min": t.years_min,
                        "years_max": t.years_max,
                        "description": t.description,
                    }
                    for i, t in enumerate(guide.timelines, 1)
                ],
            ),
            (
                EducationPath,
                [
                    {
                        "order": i,
                        "kind": route.kind,
                        "name": route.name,
                        "fields_of_study": route.fields_of_study,
                        "description": route.description,
                        "cost_min": route.cost_min,
                        "cost_max": route.cost_max,
                        "cost_max_open_ended": route.cost_max_open_ended,
                        "cost_note": route.cost_note,
                        "currency_id": route.currency if route.currency in self.currencies else None,
                        "duration_min": route.duration_min,
                        "duration_max": route.duration_max,
                        "duration_unit": route.duration_unit,
                        "duration_note": "",
                        "source_id": editorial,
                    }
                    for i, route in enumerate(guide.education, 1)
                ],
            ),
            (
                Specialization,
                self._specializations(),
            ),
            (FAQ, [{"order": i, "question": q.question, "answer": q.answer} for i, q in enumerate(guide.faqs, 1)]),
            (
                VisaRoute,
                [
                    {
                        "order": i,
                        "kind": visa.kind,
                        "name": visa.name,
                        "country_id": self.by_iso[visa.country].pk if visa.country else None,
                        "notes": "",
                    }
                    for i, visa in enumerate(guide.visas, 1)
                ],
            ),
        ]
        for model, desired in ordered:
            for values in desired:
                values["role_id"] = pk
            self._sync(model, self._existing(model.objects.filter(role=role)), desired, ("order",))

        insights, pros_cons = [], []
        for kind in MarketInsight.Kind.values:
            rows = [i for i in guide.insights if i.kind == kind]
            insights += [
                {"role_id": pk, "kind": kind, "order": n, "title": "", "body": i.text, "source_id": editorial}
                for n, i in enumerate(rows, 1)
            ]
        self._sync(MarketInsight, self._existing(role.market_insights.all()), insights, ("kind", "order"))
        for kind, items in ((ProCon.Kind.PRO, guide.pros), (ProCon.Kind.CON, guide.cons)):
            pros_cons += [{"role_id": pk, "kind": kind, "order": n, "text": i.text} for n, i in enumerate(items, 1)]
        self._sync(ProCon, self._existing(role.pros_cons.all()), pros_cons, ("kind", "order"))

    def _specializations(self) -> list[dict]:
        slugs: set[str] = set()
        return [
            {"order": i, "name": s.name, "slug": _unique_slug(s.name, slugs, 150), "description": s.text}
            for i, s in enumerate(self.guide.specializations, 1)
        ]

    def _skills(self, role: Role) -> None:
        desired = []
        for order, skill in enumerate(self.guide.skills, 1):
            desired.append(
                {
                    "role_id": role.pk,
                    "skill_id": self.skill_ids[_key(skill.name)],
                    "order": order,
                    "detail": skill.detail,
                }
            )
        self._sync(RoleSkill, self._existing(role.role_skills.all()), desired, ("skill_id",), label="skills")

    def _ladder(self, role: Role) -> None:
        guide = self.guide
        slugs: set[str] = set()
        levels = []
        for level in guide.levels:
            same = role.pk if _key(level.title) == _key(guide.title) else self.role_ids.get(_key(level.title))
            levels.append(
                {
                    "role_id": role.pk,
                    "order": level.order,
                    "title": level.title,
                    "slug": _unique_slug(level.title, slugs, 120),
                    "years_total_min": level.years_total_min,
                    "years_total_max": level.years_total_max,
                    "years_in_role_min": level.years_in_role_min,
                    "years_in_role_max": level.years_in_role_max,
                    "scope": level.scope,
                    "same_as_role_id": same,
                }
            )
        existing_levels = self._existing(CareerLevel.objects.filter(role=role))
        kept = {values["slug"] for values in levels}
        # Rows under levels the guide no longer has go first, each with its history entry.
        gone = [level.pk for level in existing_levels if level.slug not in kept]
        self._delete(FocusArea.objects.filter(level_id__in=gone))
        self._delete(LevelSalary.objects.filter(level_id__in=gone))
        rows = self._sync(CareerLevel, existing_levels, levels, ("slug",), label="career levels", shift="order")
        level_ids = {slug: level.pk for (slug,), level in rows.items()}
        by_title = {
            _key(level.title): level_ids[values["slug"]] for level, values in zip(guide.levels, levels, strict=True)
        }

        focus = [
            {"level_id": level_ids[values["slug"]], "order": n, "text": item.text}
            for level, values in zip(guide.levels, levels, strict=True)
            for n, item in enumerate(level.focus_areas, 1)
        ]
        existing_focus = self._existing(FocusArea.objects.filter(level__role=role))
        self._sync(FocusArea, existing_focus, focus, ("level_id", "order"))

        pay_rows = []
        for pay in guide.level_pay:
            level_id = by_title.get(_key(pay.title))
            if level_id is None:
                self.report.unparsed.append(
                    (pay.line, f"{pay.title}: salary row [no career-ladder level of this title]")
                )
                continue
            if pay.median is None and pay.average is None:
                continue
            region = self.by_iso[pay.country]
            problem = salary_currency_error(region=region, currency_code=pay.currency)
            if problem or pay.currency not in self.currencies:
                self.report.unparsed.append((pay.line, f"{pay.title}: salary row [{problem or 'unknown currency'}]"))
                continue
            pay_rows.append(
                {
                    "level_id": level_id,
                    "region_id": region.pk,
                    "currency_id": pay.currency,
                    "source_id": self.editorial.pk,
                    "median": pay.median,
                    "average": pay.average,
                }
            )
        existing_pay = self._existing(LevelSalary.objects.filter(level__role=role))
        self._sync(LevelSalary, existing_pay, pay_rows, ("level_id", "region_id"), label="salaries by level")

    def _regional(self, role: Role) -> None:
        desired = []
        for pay in self.guide.regional_pay:
            place = pay.place
            if place.kind == "country":
                region = self.by_iso.get(place.code)
            else:
                region = self.by_region_name.get(_key(place.name)) or self.by_region_name.get(_key(slugify(place.name)))
            where = f"{place.name}: {pay.currency} {pay.local_min:,}–{pay.local_max:,}"
            if region is None:
                self.report.unparsed.append(
                    (pay.line, f"{where} [no region “{place.name}” in the database; add it as a region first]")
                )
                continue
            problem = salary_currency_error(region=region, currency_code=pay.currency)
            if problem:
                self.report.unparsed.append((pay.line, f"{where} [{problem}]"))
                continue
            desired.append(
                {
                    "role_id": role.pk,
                    "region_id": region.pk,
                    "currency_id": pay.currency,
                    "source_id": self.editorial.pk,
                    "local_min": pay.local_min,
                    "local_max": pay.local_max,
                    "usd_min": pay.usd_min,
                    "usd_max": pay.usd_max,
                    "usd_is_approximate": pay.usd_is_approximate,
                    "note": pay.note,
                }
            )
        existing = self._existing(RegionalSalary.objects.filter(role=role))
        self._sync(RegionalSalary, existing, desired, ("region_id",), label="global salaries")

    def _relations(self, role: Role) -> None:
        desired = []
        for order, related in enumerate(self.guide.related, 1):
            to_role = self.role_ids.get(_key(related.title)) or self.role_ids.get(_key(slugify(related.title)))
            if to_role is None or to_role == role.pk:
                continue
            desired.append({"from_role_id": role.pk, "to_role_id": to_role, "order": order, "note": related.note})
        existing = self._existing(role.relations.all())
        self._sync(RoleRelation, existing, desired, ("to_role_id",), label="related careers")

    def _notes(self, role: Role) -> None:
        desired = [
            {"role_id": role.pk, "kind": note.kind, "section": note.section, "subject": note.subject, "note": note.note}
            for note in self.guide.notes
        ]
        existing = self._existing(role.data_notes.all())
        self._sync(DataNote, existing, desired, ("kind", "section", "subject"), label="data notes")

    def _many_to_many(self, role: Role) -> None:
        role._change_reason = self.reason
        role._history_user = self.user
        for name, wanted in (("tools", self.tool_ids), ("certifications", self.certification_ids)):
            manager = getattr(role, name)
            current = set(manager.values_list("pk", flat=True)) if self.existing_role else set()
            if current != set(wanted):
                manager.set(wanted)
                self.changed = True
                if not self.created:
                    self.report.changed_fields.append(
                        f"Role {name}: {len(set(wanted) - current)} added, {len(current - set(wanted))} removed"
                    )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
