"""The client address: X-Forwarded-For counts only as far as DJANGO_TRUSTED_PROXIES says (client_address)."""

import pytest
from django.test import RequestFactory
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, BaseThrottle

from careerguide.client_address import client_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def trusted_proxies(settings):
    def use(count: int):
        settings.TRUSTED_PROXIES = count
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}
        api_settings.reload()

    yield use
    api_settings.reload()


def test_by_default_a_throttled_client_stays_throttled_whatever_x_forwarded_for_says(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    api = APIClient()

    statuses = [api.get("/api/v1/currencies/").status_code for _ in range(3)]
    spoofed = [api.get("/api/v1/currencies/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(1, 6)]

    assert statuses == [200, 200, 429]
    assert spoofed == [429] * 5


def test_behind_one_trusted_proxy_the_address_it_saw_is_the_client(monkeypatch, trusted_proxies):
    trusted_proxies(1)
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    api = APIClient()

    def get(forwarded):
        return api.get("/api/v1/currencies/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    # The client may prepend anything; the proxy appends the address it saw, 203.0.113.7, last.
    first = [get(f"10.0.0.{n}, 203.0.113.7") for n in range(3)]
    other_client = get("203.0.113.8")

    assert first == [200, 200, 429]
    assert other_client == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "192.0.2.1"),
        (0, "203.0.113.7", "192.0.2.1"),
        (1, None, "192.0.2.1"),
        (1, "10.0.0.1, 203.0.113.7", "203.0.113.7"),
        (2, "10.0.0.1, 203.0.113.7, 192.0.2.50", "203.0.113.7"),
        (3, "203.0.113.7", "203.0.113.7"),
    ],
)
def test_client_address_follows_drfs_num_proxies_rule(trusted_proxies, proxies, forwarded, expected):
    trusted_proxies(proxies)
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", **headers)

    assert client_address(request) == expected
    # The API throttle and django-axes (the admin sign-in limit) see the same client.
    assert BaseThrottle().get_ident(request) == expected
