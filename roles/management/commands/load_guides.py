"""Load the portal's career guides from the YAML fixtures in `fixtures/`.

    manage.py load_guides            # first load; does nothing if the guides are already there
    manage.py load_guides --reload   # re-apply the fixtures, updating rows in place by primary key

All fixture files are loaded, sorted by name, in a single `loaddata` call inside one transaction,
so a broken file leaves the database as it was. Re-applying overwrites editors' changes to rows
the fixtures contain; rows that were removed from the fixtures are not deleted.

`loaddata` saves rows "raw", which django-simple-history does not record. So that editors' history
starts from the loaded guide (their first edit shows a diff, and Revert can go back to it), every
row the fixtures contain then gets one history entry naming the load as its reason. Other rows (an
editor's additions, or synthetic test data from `generate_synthetic_data`) get none.
"""

from collections import defaultdict
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.core.management.commands.loaddata import Command as LoadDataCommand
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction

from roles.models import Role

# A guide that the fixtures always contain: if it exists, the guides have been loaded before.
SENTINEL_ROLE_SLUG = "technical-manager"
CONTENT_APPS = ("roles", "salaries")


def fixture_keys(files: list[Path]) -> dict[str, list]:
    """The primary keys of the rows in these fixture files, by model label ("roles.role"); reads the YAML
    only, no query."""
    keys = defaultdict(list)
    for path in files:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if entry.get("pk") is not None:
                keys[entry["model"].lower()].append(entry["pk"])
    return keys


def record_history(*, database: str, reason: str, update: bool, keys: dict[str, list]) -> int:
    """Add one history entry per fixture row (`keys`, from `fixture_keys`) of every tracked content
    model; returns how many (one read and one bulk insert per model with fixture rows)."""
    recorded = 0
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            history = getattr(model, "history", None)
            if history is None or not hasattr(history, "bulk_history_create"):
                continue
            if not (pks := keys.get(model._meta.label_lower)):
                continue
            rows = list(model._default_manager.using(database).filter(pk__in=pks))
            # simple-history writes its entries through the database router, like any other save.
            history.bulk_history_create(rows, batch_size=500, update=update, default_change_reason=reason)
            recorded += len(rows)
    return recorded


def default_fixtures_dir() -> Path:
    """The project's `fixtures/` directory (no query)."""
    return Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Load the career guides from fixtures/*.yaml (sorted by name, in one transaction). "
        "Does nothing if the guides are already loaded, unless --reload is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Re-apply the fixtures even if the guides are already loaded; rows are updated in place by pk.",
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

    def handle(self, *args, reload: bool, fixtures_dir: Path | None, database: str, **options):
        fixtures_dir = fixtures_dir or default_fixtures_dir()
        # One query: does the sentinel guide exist?
        if not reload and Role.objects.using(database).filter(slug=SENTINEL_ROLE_SLUG).exists():
            self.stdout.write(
                f"Guides are already loaded (role “{SENTINEL_ROLE_SLUG}” exists); nothing changed. "
                "Use --reload to re-apply the fixtures."
            )
            return

        files = sorted(fixtures_dir.glob("*.yaml"))
        if not files:
            raise CommandError(f"No fixture files (*.yaml) found in {fixtures_dir}.")

        loaddata = LoadDataCommand(stdout=self.stdout, stderr=self.stderr)
        try:
            with transaction.atomic(using=database):
                call_command(loaddata, *(str(path) for path in files), database=database, verbosity=0)
                record_history(
                    database=database,
                    reason="Re-applied the guide fixtures" if reload else "Loaded from the guide fixtures",
                    update=reload,
                    keys=fixture_keys(files),
                )
        except (CommandError, DatabaseError, DeserializationError) as exc:
            raise CommandError(f"Loading the guide fixtures failed, nothing was changed: {exc}") from exc

        verb = "Re-applied" if reload else "Loaded"
        names = ", ".join(path.name for path in files)
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {loaddata.loaded_object_count} objects from {len(files)} fixture files ({names})."
            )
        )
