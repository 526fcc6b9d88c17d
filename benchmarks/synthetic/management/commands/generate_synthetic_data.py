"""Generate clearly labelled synthetic career guides for load tests, or remove them.

    manage.py generate_synthetic_data --roles 10000 --seed 1   # add 10,000 roles (numbering continues)
    manage.py generate_synthetic_data --purge                  # remove every synthetic row, nothing else
    manage.py generate_synthetic_data --purge --roles 100      # start again from Synthetic Role 00001

Installed only with CAREERGUIDE_SYNTHETIC=true (the `benchmarks.synthetic` app). The work is done by
`benchmarks.synthetic.services`; this command parses the options and reports.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from benchmarks.synthetic.services import synthetic_data_generate, synthetic_data_purge
from benchmarks.synthetic.vocabulary import SUMMARY_LABEL
from careerguide.cache import bump_content_version


class Command(BaseCommand):
    help = (
        "Add N synthetic roles, each a full published guide (ladder, ~20 skills from a 500-skill taxonomy, "
        "salaries in many regions and currencies, every section), for load tests and benchmarks. Synthetic "
        "rows are labelled: slugs start with 'synthetic-' and titles and summaries say so. A second run adds "
        "more roles, numbered on from the last one; --purge removes the synthetic rows and nothing else. "
        "Deterministic for a given --seed. Rows are bulk-inserted, so no revision history is recorded for "
        "them (it is test data). Never run by `make run`; do not use it on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--roles", type=int, help="How many synthetic roles to add.")
        parser.add_argument(
            "--seed", type=int, default=0, help="Seed of the generator; the same seed gives the same data."
        )
        parser.add_argument(
            "--purge",
            action="store_true",
            help="First remove every synthetic role and the synthetic skills, tools, certifications, countries "
            "and sources no other row uses. Alone, it only removes.",
        )

    def handle(self, *args, roles: int | None, seed: int, purge: bool, verbosity: int, **options):
        if roles is None and not purge:
            raise CommandError("Give --roles N to add synthetic roles, or --purge to remove them.")
        if roles is not None and roles < 1:
            raise CommandError("--roles must be at least 1.")
        started = time.monotonic()

        # Progress goes to stderr so that stdout stays a clean summary; -v 0 silences it.
        def progress(done: int, total: int) -> None:
            self.stderr.write(
                f"generate_synthetic_data: {done:,} of {total:,} roles ({done / total:.0%}), "
                f"{time.monotonic() - started:.1f} s"
            )

        deleted, report = {}, None
        try:
            # --purge --roles N replaces the synthetic data in one transaction: all of it or none of it.
            with transaction.atomic():
                if purge:
                    deleted = synthetic_data_purge()
                if roles is not None:
                    report = synthetic_data_generate(
                        roles=roles, seed=seed, progress=progress if verbosity >= 1 else None
                    )
                bump_content_version()  # bulk inserts send no model signals; cached pages must see the change
        except DatabaseError as exc:
            raise CommandError(f"Failed, nothing was changed: {exc}") from exc

        if purge:
            self.stdout.write(self.style.SUCCESS(f"Removed {sum(deleted.values()):,} synthetic rows."))
            if verbosity >= 2:
                for label, count in sorted(deleted.items()):
                    self.stdout.write(f"  {label}: {count:,}")
        if report is None:
            return
        if report.loaded_reference:
            self.stdout.write("Loaded the shared reference rows (fixtures/01_reference.yaml) the roles need.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {report.roles:,} synthetic roles (numbers {report.first_number:05d} to "
                f"{report.last_number:05d}, seed {seed}): {sum(report.rows.values()):,} rows in "
                f"{report.seconds:.1f} s. {SUMMARY_LABEL}"
            )
        )
        if verbosity >= 2:
            for label, count in sorted(report.rows.items()):
                self.stdout.write(f"  {label}: {count:,}")
