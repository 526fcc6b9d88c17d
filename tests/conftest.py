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
