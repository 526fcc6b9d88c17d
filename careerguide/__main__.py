"""`careerguide <command>` (the installed console script) and `python -m careerguide <command>`: Django's
management commands with CareerGuide's settings, as `manage.py` gives them in a checkout.

An installed wheel has no manage.py: `careerguide migrate`, `careerguide collectstatic --noinput`,
`careerguide load_guides`, `careerguide serve` (gunicorn with the project's gunicorn.conf.py) and
`careerguide serve-prod` (the production front, nginx in front of gunicorn: careerguide/serve_prod.py, which
runs before Django reads its settings, since it sets the environment the app starts with).
"""

import os
import sys

from careerguide import serve_prod


def main() -> None:
    if sys.argv[1:2] == ["serve-prod"]:
        sys.exit(serve_prod.main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
