from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # MD5 keeps user creation in tests cheap; production keeps Django's default hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs `collectstatic`; tests (and live_server) serve plain files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The API's anonymous throttle counts requests in the cache; each test starts from zero.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor_client(client, django_user_model):
    """Logged in as a staff member of the "Editors" group (created by migration roles 0003)."""
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("editor", "editor@example.org", "password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
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
    from roles.services import guide_import

    def run(file_name: str, **options):
        path = GUIDES_DIR / file_name
        return guide_import(name=path.name, data=path.read_bytes(), **options)

    return run
