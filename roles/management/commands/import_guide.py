"""Import career guides written in the source's plain-text layout (see `roles.services.guide_import`).

manage.py import_guide FILE [FILE ...] [--dry-run] [--publish] [--update [--force]]
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from roles.services import GuideImportError, guide_import


class Command(BaseCommand):
    help = (
        "Import plain-text career guides as draft roles (published with --publish). Each file is imported in "
        "its own transaction and its report printed; a file that cannot be imported changes nothing and does "
        "not stop the others. Exits with status 1 if any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="Guide text file in UTF-8.")
        parser.add_argument("--dry-run", action="store_true", help="Parse and check everything, save nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish the imported roles at once.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Apply the differences to roles that already have a guide (otherwise they are refused). A guide "
            "edited since its last import is refused, listing the edits, unless --force.",
        )
        parser.add_argument(
            "--force", action="store_true", help="With --update: overwrite edits made since the last import."
        )

    def handle(self, *args, files: list[Path], dry_run: bool, publish: bool, update: bool, force: bool, **options):
        failed: list[str] = []
        done = 0
        for path in files:
            try:
                data = self._read(path)
            except OSError as exc:
                self.stderr.write(f"{path.name}: {exc.strerror}.")
                failed.append(path.name)
                continue
            try:
                report = guide_import(
                    name=path.name, data=data, publish=publish, update=update, force=force, dry_run=dry_run
                )
            except GuideImportError as error:
                if error.report is not None:
                    self.stdout.write(error.report.as_text())
                self.stderr.write(f"{error.message}. Nothing was saved for this file.")
                failed.append(path.name)
                continue
            self.stdout.write(report.as_text())
            done += 1
        if len(files) > 1:
            verb = "checked" if dry_run else "imported"
            summary = f"{done} of {len(files)} files {verb}"
            self.stdout.write(summary + (f"; failed: {', '.join(failed)}." if failed else "."))
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} files could not be imported: {', '.join(failed)}.")

    @staticmethod
    def _read(path: Path) -> bytes:
        """The file's bytes; a file over GUIDE_IMPORT_MAX_BYTES is refused before it is read."""
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise OSError(exc.errno, f"cannot read the file: {exc.strerror}") from exc
        if size > settings.GUIDE_IMPORT_MAX_BYTES:
            limit = filesizeformat(settings.GUIDE_IMPORT_MAX_BYTES)
            raise OSError(0, f"larger than {limit} (DJANGO_GUIDE_IMPORT_MAX_BYTES); a guide is about 40 kB")
        try:
            return path.read_bytes()
        except OSError as exc:
            raise OSError(exc.errno, f"cannot read the file: {exc.strerror}") from exc
