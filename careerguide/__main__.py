"""`careerguide <command>` (the installed console script) and `python -m careerguide <command>`: Django's
management commands with CareerGuide's settings, as `manage.py` gives them in a checkout.

An installed wheel has no manage.py: `careerguide migrate`, `careerguide collectstatic --noinput`,
`careerguide load_guides`, `careerguide serve` (gunicorn with the project's gunicorn.conf.py).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
