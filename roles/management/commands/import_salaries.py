import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from roles.salary_csv import SALARY_CSV_COLUMNS, decoded_lines, salaries_import_csv


class Command(BaseCommand):
    help = (
        "Create or update regional salaries from a CSV file (columns: "
        + ", ".join(SALARY_CSV_COLUMNS)
        + "). The file is applied in one transaction only if every row is valid; otherwise every bad row is "
        "printed with its line, column and reason, nothing changes and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file in UTF-8, as written by export_salaries.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report what would change, without saving."
        )

    def handle(self, *args, file: Path, dry_run: bool, verbosity: int, **options):
        try:
            handle = file.open("rb")
        except OSError as exc:
            raise CommandError(f"Cannot open {file}: {exc.strerror}.") from exc
        size = os.fstat(handle.fileno()).st_size
        if size > settings.SALARY_IMPORT_MAX_BYTES:
            handle.close()
            limit = filesizeformat(settings.SALARY_IMPORT_MAX_BYTES)
            raise CommandError(f"{file.name}: larger than {limit} (DJANGO_SALARY_IMPORT_MAX_BYTES); split it.")
        # Progress goes to stderr so stdout stays a clean summary; -v 0 silences it.
        progress = (lambda message: self.stderr.write(f"{file.name}: {message}")) if verbosity >= 1 else None
        with handle:
            report = salaries_import_csv(
                file=decoded_lines(handle, name=file.name), dry_run=dry_run, name=file.name, progress=progress
            )
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"{file.name}: {error}")
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
