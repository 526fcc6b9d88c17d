"""Import a plain-text guide: parse it, find or add the shared rows it names, turn it into the rows
`export_guide` writes and hand them to the loader's replace mode (`roles.guide_rows.guide_replace`).

`manage.py import_guide` and the admin's "Import guide" page both call `guide_import`, so a file is judged
by the same rules wherever it comes from, and `load_guides` saves a guide through the same loader.
"""

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from careerguide.cache import bump_content_version
from careerguide.checked_uploads import text_problem
from roles.guide_rows import guide_replace
from roles.models import GUIDE_ROWS, CareerLevel, KeyFacts, Role, RoleSkill

from .dispatch import parse_guide
from .report import CREATED, REFUSED, UNCHANGED, UPDATED, GuideImportError, GuideImportReport, row_counts
from .results import GuideFormatError, ParsedGuide
from .rows import Guide, guide_rows, role_fields
from .taxonomy import SharedRows, count
from .text import fold

IMPORT_REASON = "Imported from "  # every row an import writes has the history reason "Imported from FILE"


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
    (`GuideImportError`, its report counting what the file holds) unless `update`, which applies only
    the differences; re-importing an unchanged file writes nothing. A title-only role (a related career
    without a guide) is filled in. An update that would change a guide an editor changed since its last
    import is refused, listing those edits (`GuideImportReport.edits`), unless `force`.
    Every written row gets a history entry "Imported from NAME" (user `user`). `dry_run` does
    everything and rolls it back. Queries: the role, about three per kind of shared row, then the
    loader's (`guide_replace`): on a new guide one insert and one history insert per kind of row.
    """
    text = _decode(name, data)
    try:
        guide = parse_guide(text)
    except GuideFormatError as error:
        raise GuideImportError(f"{name}, line {error.line}: {error.message}", line=error.line) from error
    report = GuideImportReport.of(guide, file_name=name, dry_run=dry_run)
    with transaction.atomic():
        _write(guide, report, name=name, publish=publish, update=update, force=force, user=user)
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


def _write(guide: ParsedGuide, report: GuideImportReport, *, name, publish, update, force, user) -> None:
    """Write the guide's rows through the loader and fill in the report; refuse as `guide_import` says."""
    if len(guide.title) > Role._meta.get_field("title").max_length:
        raise GuideImportError(f"{name}, line {guide.title_line}: the title is too long", line=guide.title_line)
    role, filled = _find_role(guide, report)
    slug = report.role_slug
    # Read before this import writes history of its own.
    edits = guide_edits_since_import(role) if role is not None and not filled and update and not force else []
    reason = f"{IMPORT_REASON}{name}"
    shared = SharedRows(guide, role_slug=slug, user=user, reason=reason)
    shared.resolve()
    report.notes += shared.notes
    rows_of = Guide(guide, shared, slug=slug, unplaced=report.unparsed)
    rows = guide_rows(rows_of, role_fields=role_fields(guide, shared, slug=slug, name=name, publish=publish))
    report.counts = row_counts(rows)
    if role is not None and not filled and not update:
        report.action = REFUSED
        raise GuideImportError(
            f"{name}, line {guide.title_line}: a guide for “{role.title}” already exists "
            f"(role {role.slug}); import with --update to apply the differences",
            line=guide.title_line,
            report=report,
        )
    result = guide_replace(
        rows, references=shared.references, user=user, reason=reason, new=role is None, report_changes=not filled
    )
    report.changed_fields = result.changes
    report.published = result.role.is_published
    report.unparsed.sort()
    report.action = CREATED if role is None or filled else (UPDATED if result.changed else UNCHANGED)
    if report.action == UPDATED and edits:
        report.action, report.edits = REFUSED, edits
        raise GuideImportError(
            f"{name}, line {guide.title_line}: “{role.title}” was edited since its last import "
            f"({count(len(edits), 'change', 'changes')} listed in the report would be overwritten); "
            "import with --force to overwrite them with the file",
            line=guide.title_line,
            report=report,
        )


def _find_role(guide: ParsedGuide, report: GuideImportReport):
    """The role this guide is for, if it exists (one query), and whether it is a title-only role the
    guide fills in."""
    slug = slugify(guide.title)
    parts = {
        "has_facts": Exists(KeyFacts.objects.filter(role=OuterRef("pk"))),
        "has_levels": Exists(CareerLevel.objects.filter(role=OuterRef("pk"))),
        "has_skills": Exists(RoleSkill.objects.filter(role=OuterRef("pk"))),
    }
    candidates = list(Role.objects.filter(slug=slug).annotate(**parts)) or [
        role
        for role in Role.objects.filter(title__iexact=guide.title).annotate(**parts)
        if fold(role.title) == fold(guide.title)
    ]
    role = candidates[0] if candidates else None
    report.role_slug = role.slug if role else slug
    if role is None:
        return None, False
    if not (role.has_facts or role.has_levels or role.has_skills or role.description.strip()):
        report.notes.append(f"Filled in the existing title-only role “{role.title}”.")
        return role, True
    return role, False


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
        if later:
            edits.append(_edit_words(label, later))
    return edits


def _edit_words(label: str, later: list) -> str:
    users = ", ".join(sorted({str(record.history_user or "a script") for record in later}))
    when = f"{timezone.localtime(later[-1].history_date):%Y-%m-%d %H:%M}"
    if label != "Role":
        return f"{label}: {count(len(later), 'change', 'changes')}, by {users}, last on {when}"
    fields = dict.fromkeys(
        name
        for record in later
        if record.prev_record is not None
        for name in record.diff_against(record.prev_record).changed_fields
    )
    return f"Role: {', '.join(fields) or 'saved'}, by {users}, last on {when}"


def _guide_histories(role: Role) -> list[tuple[str, object]]:
    """The history of the role and of each kind of row its guide owns (deleted rows included)."""
    level_ids = CareerLevel.history.filter(role_id=role.pk).values("id")
    histories = [("Role", Role.history.filter(id=role.pk))]
    for part in GUIDE_ROWS:
        if "__" in part.owner:  # owned through a level: its rows point at any level the role ever had
            history = part.model.history.filter(level_id__in=level_ids)
        else:
            history = part.model.history.filter(**{f"{part.owner}_id": role.pk})
        label = str(part.model._meta.verbose_name_plural)
        histories.append((label[:1].upper() + label[1:], history))
    return histories
