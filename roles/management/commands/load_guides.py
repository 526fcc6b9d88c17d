"""Load the portal's career guides from the YAML fixtures in `fixtures/`, one file at a time.

    manage.py load_guides            # load what is missing; safe to repeat
    manage.py load_guides --reload   # re-apply the fixtures over existing rows

Each file is loaded in its own transaction, in name order (`roles.guide_fixtures` has the rules): a
guide is loaded while the database has no guide for its role, and left alone (with editors' changes)
once it has one; shared rows (sources, regions, skills, ...) and stubs of related roles are created
when missing. A broken file is reported by name and changes nothing; the others still load, and the
command exits non-zero. `--reload` re-applies every guide and the first copy of every shared row,
updating rows in place by natural key, and deletes the rows of a re-applied guide that its file no longer
has (a FAQ entry removed from the fixture goes, with a history entry); shared rows are never deleted.

A guide is written by the same replace mode as `import_guide --update` (`roles.guide_rows`), which
records what it adds or changes; shared rows are saved "raw", as `loaddata` saves them, which
django-simple-history does not record. So that editors' history starts from the loaded guide (their
first edit shows a diff, and Revert can go back to it), every row saved gets one history entry naming
the load as its reason; a re-applied guide row that did not change gets none.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from careerguide.cache import bump_content_version
from roles.guide_fixtures import guide_files_load


def default_fixtures_dir() -> Path:
    """The project's `fixtures/` directory, in a checkout or installed (`GUIDE_FIXTURES_DIR`; no query)."""
    return Path(settings.GUIDE_FIXTURES_DIR)


class Command(BaseCommand):
    help = (
        "Load the career guides from fixtures/*.yaml, each file in its own transaction: guides the database "
        "does not hold yet, and shared rows that are missing. Safe to repeat; --reload re-applies the fixtures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Re-apply the fixtures over existing rows, even guides that are loaded; rows are matched by "
            "natural key and updated in place, and a guide's rows its file no longer has are deleted.",
        )
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=None,
            help="Directory holding the *.yaml fixtures (default: fixtures/ in the project).",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database to load into (default: %(default)s)."
        )

    def handle(self, *args, reload: bool, fixtures_dir: Path | None, database: str, verbosity: int, **options):
        fixtures_dir = fixtures_dir or default_fixtures_dir()
        files = sorted(fixtures_dir.glob("*.yaml"))
        if not files:
            raise CommandError(f"No fixture files (*.yaml) found in {fixtures_dir}.")

        reason = "Re-applied the guide fixtures" if reload else "Loaded from the guide fixtures"
        reports = guide_files_load(paths=files, reload=reload, reason=reason, database=database)
        bump_content_version()  # rows are loaded without model signals; cached pages must show them

        if verbosity >= 2:
            for report in reports:
                self.stdout.write(f"{report.name}: {describe(report, reload=reload)}")
        failed = [report for report in reports if report.error]
        loaded = [report for report in reports if report.saved]
        left_alone = sorted(slug for report in reports if not report.error for slug in report.left_alone)
        saved = sum(report.saved for report in reports)
        if verbosity >= 1:
            if saved:
                verb = "Re-applied" if reload else "Loaded"
                of_files = f"{len(loaded)} of {len(files)}" if len(loaded) < len(files) else f"{len(files)}"
                names = ", ".join(report.name for report in loaded)
                message = f"{verb} {saved} objects from {of_files} fixture {plural(len(files), 'file')} ({names})."
                if left_alone:
                    message += f" Already loaded, left as they are: {', '.join(left_alone)}."
                self.stdout.write(self.style.SUCCESS(message))
            elif left_alone:
                hint = "" if failed else " Use --reload to re-apply the fixtures."
                self.stdout.write(f"Guides are already loaded ({', '.join(left_alone)}); nothing changed.{hint}")
            elif not failed:
                self.stdout.write("Nothing to load; nothing changed.")
        if failed:
            problems = "\n".join(f"  {report.name}: {report.error}" for report in failed)
            others = "; the other files were loaded as usual" if len(failed) < len(files) else ""
            raise CommandError(
                f"{len(failed)} of {len(files)} fixture {plural(len(files), 'file')} could not be loaded and "
                f"changed nothing{others}:\n{problems}"
            )


def plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def describe(report, *, reload: bool) -> str:
    """One line on what loading a file did, e.g. "guide technical-manager loaded: 164 rows created, 0 updated"."""
    if report.error:
        return f"FAILED, nothing changed: {report.error}"
    what = []
    if report.loaded:
        what.append(f"guide {', '.join(report.loaded)} {'re-applied' if reload else 'loaded'}")
    if report.left_alone:
        what.append(f"guide {', '.join(report.left_alone)} already loaded, left as it is")
    if not report.guides:
        what.append("reference data")
    counts = f"{report.created} rows created, {report.updated} updated" if report.saved else "nothing to change"
    if report.removed:
        counts += f", {report.removed} removed (no longer in the file)"
    return f"{'; '.join(what)}: {counts}"
