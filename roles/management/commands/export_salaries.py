from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roles.salary_csv import salaries_export


class Command(BaseCommand):
    help = "Write every regional salary as CSV in the format import_salaries reads (round trip)."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", type=Path, help="File to write (overwritten). Without it the CSV goes to stdout."
        )

    def handle(self, *args, output: Path | None, verbosity: int, **options):
        if output is None:
            count = salaries_export(file=self.stdout)
        else:
            try:
                with output.open("w", encoding="utf-8", newline="") as handle:
                    count = salaries_export(file=handle)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        if verbosity >= 1:
            self.stderr.write(f"Exported {count} regional salaries{f' to {output}' if output else ''}.")
