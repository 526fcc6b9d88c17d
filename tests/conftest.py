from pathlib import Path

import pytest
from django.conf import settings as django_settings

from roles.guide_import import guide_import
from tests.servers import SiteDatabases, collected_static


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres_only` run only in the PostgreSQL run of `make test`, tests marked `sqlite_only`
    only in the SQLite run; the others are deselected, not skipped: the same suite runs on both databases."""
    other = "sqlite_only" if "postgresql" in django_settings.DATABASES["default"]["ENGINE"] else "postgres_only"
    kept = [item for item in items if item.get_closest_marker(other) is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def site_databases(tmp_path_factory):
    """Migrated databases of the run's engine (SQLite files, or databases on the run's PostgreSQL server) for
    the servers tests start; migrated once, on first use (tests/servers.py)."""
    databases = SiteDatabases(tmp_path_factory.mktemp("site-databases"))
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """Static files collected once, with the hashed names production serves, for the fronts tests start."""
    return collected_static(tmp_path_factory.mktemp("static"))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # MD5 keeps user creation in tests cheap; production keeps Django's default hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client's host: absolute links in public answers come from SITE_URL (careerguide.site_url).
    settings.SITE_URL = "http://testserver"
    # One process runs the tests and sees its own bumps at once; tests of the reuse itself set their own.
    settings.CONTENT_VERSION_SECONDS = 3600
    # The manifest storage needs `collectstatic`; tests (and live_server) serve plain files.
    # One process runs the tests, so its memory is a shared-enough cache (production uses files or Redis).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache(_test_settings):
    # The API's anonymous throttle and the page cache keep their state in the cache; each test starts
    # from an empty one (after `_test_settings` has chosen the backend).
    from django.core.cache import cache, caches

    from careerguide import cache_keys, content_version, title_index
    from careerguide.cache import early_patterns, local_entries

    cache.clear()
    # Every test runs under the content version "test" (below), so entries a process kept must go too.
    local_entries.clear()
    caches["throttle"].clear()
    cache_keys.forget()
    early_patterns.clear()
    # Search's title indexes are kept per content version, and every test starts at the version "test".
    title_index.forget()
    # As if this process had just read it: the version's one read stays out of the queries tests count.
    content_version.use("test")


@pytest.fixture
def editor_client(client, django_user_model):
    """Logged in as a staff member of the "Editors" group (created by migration roles 0003)."""

    editor = django_user_model.objects.create_user("editor", "editor@example.org", "password", is_staff=True)
    from tests.admin_helpers import editors_group

    editor.groups.add(editors_group())
    client.force_login(editor)
    return client


@pytest.fixture
def reader_client(client, django_user_model):
    """Logged in as a user who is not staff: the admin must treat them like a visitor."""
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "password"))
    return client


GUIDES_DIR = Path(__file__).resolve().parent / "data" / "guides"


@pytest.fixture
def import_test_guide():
    """Import one of the fictional guides in tests/data/guides/ through `guide_import`; returns the report."""

    def run(file_name: str, **options):
        path = GUIDES_DIR / file_name
        return guide_import(name=path.name, data=path.read_bytes(), **options)

    return run


@pytest.fixture
def db_vendor() -> str:
    """ "sqlite" or "postgresql": for the few query counts that differ by database (say why where used)."""
    from django.db import connection

    return connection.vendor
