import argparse
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

from salaries.oews import AREA_KINDS, OewsFileError, OewsImportRefused, Scope, oews_import


def area_kinds(text: str) -> tuple[str, ...]:
    kinds = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [kind for kind in kinds if kind not in AREA_KINDS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(f"use any of {', '.join(AREA_KINDS)}, comma-separated (not {text!r})")
    return kinds


class Command(BaseCommand):
    help = (
        "Import a BLS OEWS release from its time-series flat files (oe.data.0.Current, oe.occupation, oe.area, "
        "oe.industry, oe.footnote, oe.release; plain or .gz), all or nothing. Importing the same files again "
        "changes nothing; a newer release is added beside the older ones and becomes the default."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="DIR|FILE", help="a directory holding the files, or the files"
        )
        parser.add_argument(
            "--areas",
            type=area_kinds,
            default=AREA_KINDS,
            help="area kinds to take: national,state,metro (default all)",
        )
        parser.add_argument(
            "--industries",
            choices=["cross", "all"],
            default="all",
            help="cross: all-industry estimates only; all (default): every industry the files hold",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, save nothing")
        parser.add_argument("--published", type=date.fromisoformat, help="BLS's publication date (YYYY-MM-DD)")

    def handle(self, *args, paths, areas, industries, dry_run, published, verbosity, **options):
        progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            disable=verbosity < 1,
            console=Console(stderr=True),  # the report alone goes to stdout
        )

        def progress_factory(total: int):
            task = progress.add_task("oe.data", total=total)
            return lambda done: progress.update(task, completed=done)

        try:
            with progress:
                report = oews_import(
                    paths=paths,
                    scope=Scope(areas=areas, industries=industries),
                    dry_run=dry_run,
                    published=published,
                    progress_factory=progress_factory,
                )
        except OewsImportRefused as error:
            raise CommandError(str(error)) from None
        except OewsFileError as error:
            raise CommandError(f"{error}. Nothing was saved.") from None
        if verbosity < 1:
            return
        if report.skipped:
            self.stdout.write(f"OEWS {report.release}: already imported from these files; nothing changed.")
            return
        verb = "would import (dry run, nothing saved)" if dry_run else "imported"
        self.stdout.write(
            f"OEWS {report.release} {verb}:\n"
            f"  occupations  {report.occupations:>9,} ({report.occupations_added:,} new)\n"
            f"  areas        {report.areas:>9,} ({report.areas_added:,} new)\n"
            f"  industries   {report.industries:>9,} ({report.industries_added:,} new)\n"
            f"  lines read   {report.lines:>9,}\n"
            f"  estimates    {report.estimates:>9,} ({report.estimates_added:,} added, "
            f"{report.estimates_changed:,} changed, {report.estimates_unchanged:,} unchanged)\n"
            f"  values not released {report.not_released:,}, top-coded {report.top_coded:,} (stored as their "
            f"floor), hourly or annual only {report.hourly_or_annual_only:,}\n"
            f"  lines refused 0"
        )
