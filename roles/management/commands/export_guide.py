"""Write roles with everything they own as a guide fixture file (see `roles.guide_fixtures`).

manage.py export_guide technical-manager -o fixtures/02_technical_manager.yaml
manage.py export_guide technical-manager technical-director      # one file, to stdout
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from roles.guide_fixtures import GuideExportError, guides_export


class Command(BaseCommand):
    help = (
        "Write the roles with these slugs, everything they own and the shared rows they point at as a YAML "
        "guide fixture that load_guides loads on any instance (rows named by natural key, not by id)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="+", metavar="SLUG", help="Slug of a role to export.")
        parser.add_argument(
            "-o", "--output", type=Path, help="File to write (overwritten). Without it the YAML goes to stdout."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database to export from (default: %(default)s)."
        )

    def handle(self, *args, slugs: list[str], output: Path | None, database: str, verbosity: int, **options):
        try:
            text = guides_export(slugs=slugs, database=database)
        except GuideExportError as exc:
            raise CommandError(f"Nothing was written. {exc}") from exc
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        if verbosity >= 1:
            self.stderr.write(f"Exported {', '.join(sorted(set(slugs)))} to {output}.")
