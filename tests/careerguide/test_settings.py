"""Settings come from the environment and refuse unsafe or unreadable values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load_settings(**env):
    """Import the settings module in a fresh interpreter with exactly these DJANGO_*/DATABASE_URL values."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    code = (
        "from careerguide import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.SECURE_SSL_REDIRECT)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env={**clean, **env}, capture_output=True, text=True, check=False
    )


def test_production_without_secret_key_refuses_to_start():
    result = _load_settings()

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_debug_mode_uses_a_development_key_and_sqlite_by_default():
    result = _load_settings(DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "['127.0.0.1',", "'localhost']", "django.db.backends.sqlite3", "False"]


def test_database_url_and_hosts_come_from_the_environment():
    result = _load_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://user:pw@127.0.0.1:5432/careerguide",
        DJANGO_ALLOWED_HOSTS="careerguide.example, www.careerguide.example",
        DJANGO_SECURE_SSL="on",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['careerguide.example',",
        "'www.careerguide.example']",
        "django.db.backends.postgresql",
        "True",
    ]


@pytest.mark.parametrize(("name", "value"), [("DJANGO_DEBUG", "maybe"), ("DJANGO_CONN_MAX_AGE", "soon")])
def test_unreadable_values_are_rejected_with_their_name(name, value):
    result = _load_settings(DJANGO_SECRET_KEY="x" * 50, **{name: value})

    assert result.returncode != 0
    assert f"{name}={value!r}" in result.stderr
