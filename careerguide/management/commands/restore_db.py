from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from careerguide.backups import BackupError, check_restorable, database_restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup written by backup_db (pg_restore --clean, or SQLite's backup API)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup: a .dump on PostgreSQL, a .sqlite3 on SQLite.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file: Path, interactive: bool, **options):
        try:
            check_restorable(path=file)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Cannot restore: {exc}") from exc
        if interactive:
            prompt = (
                f"This replaces every table of the database {connection.settings_dict['NAME']} with {file}.\n"
                "Type 'yes' to continue, or anything else to cancel: "
            )
            try:
                answer = input(prompt)
            except EOFError:
                raise CommandError("No confirmation (no input); run with --no-input to restore anyway.") from None
            if answer != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            database_restore(path=file)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        self.stdout.write(f"Restored the database from {file}.")
