"""An unreachable Redis is a logged cache miss, never a 500 (careerguide.redis_cache)."""

import logging

import pytest
from django.core.cache import cache, caches
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from careerguide import redis_cache
from tests import factories
from tests.servers import free_port, redis_server

pytestmark = pytest.mark.django_db


def use_redis(settings, url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "careerguide.redis_cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        # The API throttle's counters, as in production beside a Redis page cache (careerguide.throttle_cache).
        "throttle": {
            "BACKEND": "careerguide.throttle_cache.ThrottleRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "throttle",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


def test_pages_and_the_api_are_served_uncached_while_redis_is_down(client, settings, caplog):
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    factories.RoleFactory(title="Orbital Gardener", slug="orbital-gardener")

    with caplog.at_level(logging.WARNING, logger="careerguide.redis_cache"):
        page = client.get("/roles/orbital-gardener/")
        api = client.get("/api/v1/roles/orbital-gardener/")

    assert (page.status_code, api.status_code) == (200, 200)
    assert "Orbital Gardener" in page.content.decode()
    # One line for the outage per cache (the pages', then the API throttle's), however many calls they made.
    assert [record.getMessage()[:36] for record in caplog.records] == ["Redis unreachable (Error 111 connect"] * 2


def test_the_cache_works_again_once_redis_is_back(settings, monkeypatch, caplog):
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0.0)
    port = free_port()
    use_redis(settings, f"redis://127.0.0.1:{port}/0")
    with redis_server(port):
        cache.set("k", "before")
        assert cache.get("k") == "before"

    with caplog.at_level(logging.WARNING, logger="careerguide.redis_cache"):
        assert cache.get("k", "fallback") == "fallback"
        cache.set("k", "during")  # dropped, not raised
        with redis_server(port):
            cache.set("k", "after")
            assert cache.get("k") == "after"

    assert [record.getMessage().split(" (")[0] for record in caplog.records] == [
        "Redis unreachable",
        "Redis reachable again: the cache is back",
    ]


def test_after_a_failure_redis_is_left_alone_for_a_while(settings, monkeypatch):
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    cache.get("k")
    client = cache._cache
    calls = []
    monkeypatch.setattr(redis_cache.RedisCacheClient, "get", lambda self, key, default: calls.append(key) or default)

    assert cache.get("k", "fallback") == "fallback"
    assert calls == []
    monkeypatch.setattr(client, "_down_until", 1.0)  # the pause is over
    assert cache.get("k", "fallback") == "fallback"
    assert len(calls) == 1


def test_a_process_keeps_one_redis_client_and_one_connection(settings):
    with redis_server() as url:
        use_redis(settings, url)
        cache.set("k", "v")
        client = cache._cache.get_client()

        for _ in range(5):
            assert cache.get("k") == "v"

        assert cache._cache.get_client() is client and cache._cache.get_client(write=True) is client
        assert len(client.connection_pool._available_connections) == 1


def test_a_cached_page_held_in_process_costs_no_round_trip(client, settings, monkeypatch):
    with redis_server() as url:
        use_redis(settings, url)
        factories.RoleFactory(title="Orbital Gardener", slug="orbital-gardener")
        first = client.get("/roles/orbital-gardener/")
        commands = []
        connection_class = cache._cache.get_client().connection_pool.connection_class
        original = connection_class.send_command
        monkeypatch.setattr(
            connection_class,
            "send_command",
            lambda self, *args, **kw: commands.append(args[0]) or original(self, *args, **kw),
        )

        hit = client.get("/roles/orbital-gardener/", headers={"accept-encoding": "gzip"})

    assert (first["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert hit["Content-Encoding"] == "gzip"
    # The content version comes from the database at most once a second, the entry from this process's memory.
    assert commands == []


def test_a_content_change_is_seen_by_the_one_round_trip_read(client, settings):
    with redis_server() as url:
        use_redis(settings, url)
        role = factories.RoleFactory(title="Orbital Gardener", slug="orbital-gardener", summary="Tends plants.")
        client.get("/roles/orbital-gardener/")
        role.summary = "Tends plants on a space station."
        role.save()

        again = client.get("/roles/orbital-gardener/")

    assert again["X-Cache"] == "miss"
    assert "Tends plants on a space station." in again.content.decode()


def test_while_redis_is_down_no_answer_is_kept_or_served_from_process_memory(client, settings):
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    role = factories.RoleFactory(title="Orbital Gardener", slug="orbital-gardener", summary="Tends plants.")
    client.get("/roles/orbital-gardener/")
    role.summary = "Tends plants on a space station."
    role.save()  # the version cannot be bumped: Redis is down

    again = client.get("/roles/orbital-gardener/")

    assert "X-Cache" in again and again["X-Cache"] == "miss"
    assert "Tends plants on a space station." in again.content.decode()


def test_with_redis_the_throttle_counts_a_read_in_one_round_trip(settings, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    with redis_server() as url:
        use_redis(settings, url)
        api = APIClient()
        api.get("/api/v1/")  # connects
        throttle_cache = caches["throttle"]
        counter_key = throttle_cache.make_key("throttle_anon_127.0.0.1")
        commands = []
        connection_class = throttle_cache._cache.get_client(write=True).connection_pool.connection_class
        original = connection_class.send_command
        monkeypatch.setattr(
            connection_class,
            "send_command",
            lambda self, *args, **kw: commands.append(args) or original(self, *args, **kw),
        )

        answers = [api.get("/api/v1/") for _ in range(3)]
        counted = [args[0] for args in commands if counter_key in args]
        stored = throttle_cache._cache.get_client().zcard(counter_key)

    # DRF's throttle read and wrote the whole history (GET, SET); here one script per request, counting
    # as DRF does: 3 a minute, the refused request not recorded, Retry-After from the oldest one kept.
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert counted == ["EVALSHA"] * 3
    assert stored == 3
    assert 55 <= int(answers[2]["Retry-After"]) <= 60
