from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careerguide.backups import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Back up the whole database to one file: pg_dump -Fc on PostgreSQL (.dump), SQLite's online backup "
        "(.sqlite3). Prints the file's path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=settings.BASE_DIR / "backups",
            help="Directory to write careerguide-YYYYmmdd-HHMMSS.{dump,sqlite3} into (default: backups/).",
        )

    def handle(self, *args, dir: Path, **options):
        try:
            path = database_backup(directory=dir)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(str(path))
