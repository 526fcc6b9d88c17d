"""`manage.py serve`: the production front, gunicorn with the project's gunicorn.conf.py, in a checkout or
installed from the wheel (which carries the file; see `settings.SITE_DIR`)."""

import importlib.util
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError


def gunicorn_config() -> Path:
    """The gunicorn.conf.py of the checkout or of the installed package (no query)."""
    return Path(settings.SITE_DIR) / "gunicorn.conf.py"


class Command(BaseCommand):
    help = (
        "Serve the site with gunicorn and the project's gunicorn.conf.py (GUNICORN_BIND, GUNICORN_WORKERS... "
        "as documented there). Extra arguments go to gunicorn. Run migrate and collectstatic first."
    )

    def add_arguments(self, parser):
        parser.add_argument("gunicorn_args", nargs="*", help="More gunicorn options, after --.")

    def handle(self, *args, gunicorn_args, **options):
        config = gunicorn_config()
        if not config.is_file():
            raise CommandError(f"{config}: gunicorn configuration not found; reinstall the package.")
        if importlib.util.find_spec("gunicorn") is None:
            raise CommandError("gunicorn not found: install the package's dependencies (pip install careerguide).")
        # This Python's gunicorn; exec, so that a supervisor's signals reach gunicorn's arbiter directly.
        command = [sys.executable, "-m", "gunicorn", "-c", str(config), *gunicorn_args, "careerguide.wsgi"]
        os.execv(sys.executable, command)  # noqa: S606
