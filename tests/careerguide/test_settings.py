"""Settings come from the environment and refuse unsafe or unreadable values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Fictional, and strong enough for debug off: 50+ characters, many distinct.
STRONG_KEY = "fictional-test-key-" + "0123456789abcdef" * 3
# The production environment README documents ("Production environment"), with fictional values.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "careerguide.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://careerguide.example.org",
    "DJANGO_SECURE_SSL": "true",
    "DATABASE_URL": "postgres://careerguide:secret@127.0.0.1:5432/careerguide",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_TRUSTED_PROXIES": "1",
}


def _clean_environ() -> dict:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CAREERGUIDE_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }


def _load_settings(code: str = "", **env):
    """Import the settings module in a fresh interpreter with exactly these DJANGO_*/DATABASE_URL values."""
    clean = _clean_environ()
    code = code or (
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
        DJANGO_SECRET_KEY=STRONG_KEY,
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


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DJANGO_CONN_MAX_AGE", "soon"),
        ("DJANGO_PG_RANDOM_PAGE_COST", "cheap"),
        ("DJANGO_PG_RANDOM_PAGE_COST", "0"),
    ],
)
def test_unreadable_values_are_rejected_with_their_name(name, value):
    result = _load_settings(DJANGO_SECRET_KEY=STRONG_KEY, DATABASE_URL=PRODUCTION_ENV["DATABASE_URL"], **{name: value})

    assert result.returncode != 0
    assert f"{name}={value!r}" in result.stderr


@pytest.mark.parametrize(
    ("key", "length", "bits"),
    [
        ("short", 5, 12),
        ("ab" * 40, 80, 5),
        ("abcd" * 13, 52, 14),
        ("x" * 49 + "y", 50, 1),
        # Long, with 7 distinct characters: what Django's own check (security.W009) lets through.
        ("changeme" * 7, 56, 30),
        ("0123456789" * 5, 50, 43),
    ],
)
def test_a_weak_secret_key_is_refused_with_debug_off(key, length, bits):
    result = _load_settings(DJANGO_SECRET_KEY=key)

    assert result.returncode != 0
    assert (
        f"DJANGO_SECRET_KEY is too weak ({length} characters, about {bits} bits of entropy): with debug off it "
        "needs at least 50 characters and 128 bits, and a repeated word or pattern counts once."
    ) in result.stderr


def test_a_random_secret_key_is_accepted_with_debug_off():
    result = _load_settings(
        _print("SECRET_KEY"), DJANGO_SECRET_KEY="fictional-7Yq2Lw9Xc4Rv8Tn1Bz6Hm3Kp5Sd0Fg-Ju8Wa2Ne4Q"
    )

    assert result.returncode == 0, result.stderr


def test_a_weak_secret_key_is_accepted_for_local_development():
    assert _load_settings(DJANGO_SECRET_KEY="short", DJANGO_DEBUG="true").returncode == 0


def _print(*names: str) -> str:
    return "from careerguide import settings as s; print(" + ", ".join(f"repr(s.{name})" for name in names) + ")"


def test_hsts_covers_subdomains_and_preload_behind_tls_unless_switched_off():
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    tls = _load_settings(_print(*names), DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_SECURE_SSL="true")
    switched_off = _load_settings(
        _print(*names),
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_SECURE_SSL="true",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="false",
        DJANGO_HSTS_PRELOAD="false",
    )
    plain = _load_settings(_print(*names), DJANGO_SECRET_KEY=STRONG_KEY)

    assert tls.stdout.split() == ["31536000", "True", "True"], tls.stderr
    assert switched_off.stdout.split() == ["31536000", "False", "False"], switched_off.stderr
    assert plain.stdout.split() == ["0", "False", "False"], plain.stderr


def test_x_forwarded_for_is_ignored_unless_proxies_are_trusted():
    code = _print("TRUSTED_PROXIES", "REST_FRAMEWORK['NUM_PROXIES']", "AXES_CLIENT_IP_CALLABLE")
    default = _load_settings(code, DJANGO_SECRET_KEY=STRONG_KEY)
    two = _load_settings(code, DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_TRUSTED_PROXIES="2")

    assert default.stdout.split() == ["0", "0", "'careerguide.client_address.client_address'"], default.stderr
    assert two.stdout.split() == ["2", "2", "'careerguide.client_address.client_address'"], two.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "'django.core.cache.backends.filebased.FileBasedCache'"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "'careerguide.redis_cache.ResilientRedisCache'"),
    ],
)
def test_the_cache_is_shared_by_every_worker_never_per_process_memory(env, backend):
    """The API throttle counts in this cache: per-process memory would give each gunicorn worker its own count."""
    result = _load_settings(_print("CACHES['default']['BACKEND']"), DJANGO_SECRET_KEY=STRONG_KEY, **env)

    assert result.stdout.split() == [backend], result.stderr


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env={**_clean_environ(), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_names_what_the_production_environment_must_set():
    env = {**_clean_environ(), **PRODUCTION_ENV, "DJANGO_SECURE_SSL": "false"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_postgresql_connections_price_random_reads_for_ssds_unless_told_otherwise():
    code = "from careerguide import settings as s; print(s.DATABASES['default']['OPTIONS']['options'])"
    default = _load_settings(code, DJANGO_SECRET_KEY=STRONG_KEY, DATABASE_URL=PRODUCTION_ENV["DATABASE_URL"])
    spinning = _load_settings(
        code, DJANGO_SECRET_KEY=STRONG_KEY, DATABASE_URL=PRODUCTION_ENV["DATABASE_URL"], DJANGO_PG_RANDOM_PAGE_COST="4"
    )

    assert default.stdout.split() == ["-c", "pg_trgm.word_similarity_threshold=0.4", "-c", "random_page_cost=1.1"]
    assert spinning.stdout.split()[-1] == "random_page_cost=4.0"
