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
