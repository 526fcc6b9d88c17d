"""careerguide.cache: anonymous reads are served from the shared cache, and any content change makes them fresh."""

import gzip
import pickle
from decimal import Decimal

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from careerguide.cache import LocalEntries, bump_content_version, content_version, early_patterns
from careerguide.models import ContentVersion
from roles.api import RoleViewSet
from roles.models import RegionalSalary, Role
from roles.salary_csv import SalaryRow, salaries_import
from roles.views import RoleDetailView
from tests import factories
from tests.api_data import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    role = factories.RoleFactory(title="Orbital Gardener", slug="orbital-gardener", summary="Tends plants in orbit.")
    factories.RegionalSalaryFactory(role=role)
    return role


def test_a_repeated_anonymous_page_comes_from_the_cache_without_queries(client, role, django_assert_num_queries):
    first = client.get("/roles/orbital-gardener/")

    with django_assert_num_queries(0):
        again = client.get("/roles/orbital-gardener/")

    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"]
    assert "Last-Modified" in again


def test_a_content_change_makes_every_cached_page_fresh_at_once(client, role):
    client.get("/roles/orbital-gardener/")
    client.get("/roles/")

    role.summary = "Tends plants on a space station."
    role.save()

    page, listing = client.get("/roles/orbital-gardener/"), client.get("/roles/")
    assert (page["X-Cache"], listing["X-Cache"]) == ("miss", "miss")
    assert "Tends plants on a space station." in page.content.decode()
    assert "Tends plants on a space station." in listing.content.decode()


def test_signed_in_users_are_never_served_or_stored_from_the_cache(client, admin_client, role):
    admin_client.get("/roles/orbital-gardener/")
    assert "X-Cache" not in admin_client.get("/roles/orbital-gardener/")
    assert client.get("/roles/orbital-gardener/")["X-Cache"] == "miss"  # the staff visit stored nothing


def test_a_staff_preview_of_a_draft_is_never_cached(admin_client, client):
    draft = factories.RoleFactory(slug="draft", is_published=False)

    preview = admin_client.get(draft.get_absolute_url())

    assert preview.status_code == 200 and "X-Cache" not in preview
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url", ["/roles/?min_median_usd=abc", "/roles/no-such-role/", "/skills/x/?page=9"])
def test_errors_are_not_cached(client, role, url):
    first = client.get(url)
    assert first.status_code in (400, 404)
    assert "X-Cache" not in first
    assert "X-Cache" not in client.get(url)


def test_etag_and_304_work_on_cached_pages(client, role):
    first = client.get("/roles/orbital-gardener/")
    cached = client.get("/roles/orbital-gardener/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert cached.status_code == 304


def test_api_reads_are_cached_and_an_api_write_makes_them_fresh(role, django_assert_num_queries):
    api = APIClient()
    salary = RegionalSalary.objects.get()
    api.get("/api/v1/salaries/")
    with django_assert_num_queries(0):
        assert api.get("/api/v1/salaries/")["X-Cache"] == "hit"

    editor = client_for("with permission", RegionalSalary, "patch")
    assert editor.patch(f"/api/v1/salaries/{salary.pk}/", {"note": "Checked"}, format="json").status_code == 200

    fresh = api.get("/api/v1/salaries/")
    assert fresh["X-Cache"] == "miss"
    assert fresh.json()["results"][0]["note"] == "Checked"


def stored_entries() -> list:
    # The test cache is local memory (conftest): its entries are pickles, under careerguide.cache's keys.
    return [
        pickle.loads(value)  # noqa: S301 - our own cache, in this process
        for key, value in cache._cache.items()
        if ":page:" in key
    ]


def test_a_cached_api_read_is_stored_as_bytes_and_headers_only(role):
    api = APIClient()
    first = api.get(f"/api/v1/roles/{role.slug}/")
    stored = stored_entries()
    hit = api.get(f"/api/v1/roles/{role.slug}/")

    assert hit["X-Cache"] == "hit"
    assert hit.content == first.content
    assert hit["Content-Type"] == first["Content-Type"] == "application/json"
    # A DRF Response would carry its data (the serializer and the model instances it read) into the cache.
    assert not hasattr(hit, "data")
    [(status, headers, etag, bodies)] = stored
    assert status == 200 and etag == hit["ETag"] == first["ETag"]
    assert bodies["identity"] == first.content
    assert gzip.decompress(bodies["gzip"]) == first.content
    assert all(isinstance(name, str) and isinstance(value, str) for name, value in headers)


@pytest.mark.parametrize("url", ["/roles/orbital-gardener/", "/api/v1/roles/orbital-gardener/", "/sitemap.xml"])
def test_a_cached_answer_is_sent_compressed_to_a_client_that_accepts_gzip(client, role, url):
    plain = client.get(url)
    first = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    again = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})

    assert (plain["X-Cache"], first["X-Cache"], again["X-Cache"]) == ("miss", "hit", "hit")
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert first.content == again.content  # compressed once, when stored: the same bytes every time
    assert gzip.decompress(again.content) == plain.content
    assert int(again["Content-Length"]) == len(again.content) < len(plain.content)
    # The identity body's ETag, made weak for the gzip body (as Django's GZipMiddleware does).
    assert again["ETag"] == f"W/{plain['ETag']}"
    assert client.get(url, headers={"accept-encoding": "gzip", "if-none-match": again["ETag"]}).status_code == 304


def test_a_miss_sends_the_bytes_and_etag_every_hit_will_send(client, role):
    first = client.get("/roles/orbital-gardener/", headers={"accept-encoding": "gzip"})
    again = client.get("/roles/orbital-gardener/", headers={"accept-encoding": "gzip"})

    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert first.content == again.content and first["ETag"] == again["ETag"]


def test_a_cached_api_read_is_answered_before_the_drf_pipeline(role, monkeypatch, django_assert_num_queries):
    api = APIClient()
    api.get("/api/v1/roles/orbital-gardener/")

    def no_pipeline(*args, **kwargs):
        raise AssertionError("a cached read went through DRF's initial()")

    monkeypatch.setattr(APIView, "initial", no_pipeline)
    with django_assert_num_queries(0):
        hit = api.get("/api/v1/roles/orbital-gardener/")

    assert hit.status_code == 200 and hit["X-Cache"] == "hit"
    assert hit.json()["slug"] == "orbital-gardener"
    assert hit["Cache-Control"] == "public, max-age=300"


def test_a_cached_read_keeps_one_entry_per_format_a_view_offers(role):
    # The job description offers JSON, Markdown and text, negotiated from Accept: one entry each.
    level = factories.CareerLevelFactory(role=role)
    url = f"/api/v1/roles/orbital-gardener/levels/{level.slug}/job-description/"
    api = APIClient()

    as_json = api.get(url, HTTP_ACCEPT="application/json")
    as_markdown = api.get(url, HTTP_ACCEPT="text/markdown")
    markdown_again = api.get(url, HTTP_ACCEPT="text/markdown")

    assert as_json.status_code == as_markdown.status_code == 200
    assert as_json["Content-Type"] == "application/json"
    assert as_markdown["Content-Type"].startswith("text/markdown")
    assert (markdown_again["X-Cache"], markdown_again.content) == ("hit", as_markdown.content)
    assert api.get(url, HTTP_ACCEPT="application/json").content == as_json.content


def test_the_throttle_still_counts_api_reads_answered_before_the_drf_pipeline(role, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    api = APIClient()

    answers = [api.get("/api/v1/roles/orbital-gardener/") for _ in range(4)]

    assert [(a.status_code, a.get("X-Cache")) for a in answers[:3]] == [(200, "miss"), (200, "hit"), (200, "hit")]
    assert answers[3].status_code == 429
    assert "Retry-After" in answers[3]


def test_uncached_text_answers_are_compressed_too(admin_client, role):
    # Signed in, so nothing comes from the cache: the compression middleware does it.
    page = admin_client.get("/roles/orbital-gardener/", headers={"accept-encoding": "gzip"})
    csv = APIClient().get("/api/v1/salaries/?format=csv", HTTP_ACCEPT_ENCODING="gzip")

    assert page.status_code == 200 and page["Content-Encoding"] == "gzip" and "X-Cache" not in page
    assert b"Orbital Gardener" in gzip.decompress(page.content)
    assert csv.status_code == 200 and csv["Content-Encoding"] == "gzip"
    assert b"orbital-gardener" in gzip.decompress(b"".join(csv.streaming_content))


def test_a_cached_page_is_answered_before_the_session_middleware_and_the_view(client, role, monkeypatch):
    first = client.get("/roles/orbital-gardener/")

    def refuse(*args, **kwargs):
        raise AssertionError("a cached page went past EarlyHitMiddleware")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    monkeypatch.setattr(RoleDetailView, "get_object", refuse)
    again = client.get("/roles/orbital-gardener/")
    gzipped = client.get("/roles/orbital-gardener/", headers={"accept-encoding": "gzip"})
    unchanged = client.get("/roles/orbital-gardener/", headers={"if-none-match": first["ETag"]})

    assert (again["X-Cache"], again.content) == ("hit", first.content)
    # The middleware above it still applies: the same headers as the first answer, gzip, 304s.
    own = {"X-Cache", "X-Request-ID"}
    assert {name: again[name] for name in first.headers if name not in own} == {
        name: first[name] for name in first.headers if name not in own
    }
    assert gzip.decompress(gzipped.content) == first.content
    assert unchanged.status_code == 304


def test_a_worker_that_only_served_hits_answers_the_next_ones_early(client, role, monkeypatch):
    client.get("/roles/orbital-gardener/")
    early_patterns.clear()  # as in a worker that never rendered the page
    assert client.get("/roles/orbital-gardener/")["X-Cache"] == "hit"  # by the view

    def refuse(*args, **kwargs):
        raise AssertionError("a cached page went past EarlyHitMiddleware")

    monkeypatch.setattr(RoleDetailView, "dispatch", refuse)
    assert client.get("/roles/orbital-gardener/")["X-Cache"] == "hit"


def test_a_cached_api_read_is_answered_before_the_session_middleware_and_the_view_and_still_counted(role, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    api = APIClient()
    first = api.get("/api/v1/roles/orbital-gardener/")

    def refuse(*args, **kwargs):
        raise AssertionError("a cached API read went past EarlyHitMiddleware")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    monkeypatch.setattr(RoleViewSet, "dispatch", refuse)
    again = api.get("/api/v1/roles/orbital-gardener/")
    gzipped = api.get("/api/v1/roles/orbital-gardener/", HTTP_ACCEPT_ENCODING="gzip")
    monkeypatch.undo()  # the throttle refuses the fourth read: the view answers it, with its 429
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    refused = api.get("/api/v1/roles/orbital-gardener/")

    assert (first["X-Cache"], again["X-Cache"], gzipped["X-Cache"]) == ("miss", "hit", "hit")
    own = {"X-Cache", "X-Request-ID"}
    assert {name: again[name] for name in first.headers if name not in own} == {
        name: first[name] for name in first.headers if name not in own
    }
    assert gzip.decompress(gzipped.content) == first.content
    assert refused.status_code == 429 and "Retry-After" in refused


def test_a_signed_in_reader_is_not_answered_early_from_the_cache(admin_client, role):
    assert Client().get("/roles/orbital-gardener/")["X-Cache"] == "miss"  # stored, and answered early from now on

    page = admin_client.get("/roles/orbital-gardener/")

    assert page.status_code == 200 and "X-Cache" not in page


def test_a_guide_render_the_page_cache_does_not_answer_reuses_the_kept_body(client, role, django_assert_num_queries):
    first = client.get("/roles/orbital-gardener/?utm_source=newsletter")  # a parameter it does not read: not stored

    with django_assert_num_queries(0):  # the guide's body, JSON-LD and fields from their fragment
        again = client.get("/roles/orbital-gardener/?utm_source=feed")

    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "miss")
    assert again.content == first.content
    role.summary = "Grows tomatoes in orbit."
    role.save()
    assert "Grows tomatoes in orbit." in client.get("/roles/orbital-gardener/?utm_source=feed").content.decode()


def test_an_api_guide_read_the_cache_does_not_answer_reuses_the_kept_data(role, django_assert_num_queries):
    api = APIClient()
    first = api.get("/api/v1/roles/orbital-gardener/?utm_source=newsletter")

    with django_assert_num_queries(0):
        again = api.get("/api/v1/roles/orbital-gardener/?utm_source=feed")

    assert again.status_code == 200 and again.json() == first.json()
    role.summary = "Grows tomatoes in orbit."
    role.save()
    assert api.get("/api/v1/roles/orbital-gardener/?utm_source=feed").json()["summary"] == "Grows tomatoes in orbit."


def test_the_anonymous_throttle_still_counts_cached_api_reads(role, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    api = APIClient()

    statuses = [api.get("/api/v1/roles/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_a_bulk_csv_import_makes_cached_pages_fresh(client, role):
    salary = RegionalSalary.objects.select_related("role", "region", "currency", "source").get()
    client.get("/salaries/")
    before = content_version()

    report = salaries_import(
        rows=[
            SalaryRow(
                line=2,
                values={
                    "role": salary.role.slug,
                    "region": salary.region.slug,
                    "currency": salary.currency_id,
                    "local_min": "1000",
                    "local_max": "2000",
                    "usd_min": "1000",
                    "usd_max": "2000",
                    "usd_is_approximate": "true",
                    "source": str(salary.source_id),
                    "note": "",
                },
            )
        ]
    )

    assert report.updated == 1
    assert content_version() != before
    assert client.get("/salaries/")["X-Cache"] == "miss"


def test_the_content_version_lives_in_the_database_and_each_process_rereads_it(settings):
    bump_content_version()
    version = content_version()
    cache.clear()  # an evicted or lost cache keeps the version
    assert content_version() == version

    ContentVersion.objects.filter(pk=1).update(value=123)  # another worker's bump
    assert content_version() == version  # this process's copy, within CONTENT_VERSION_SECONDS
    settings.CONTENT_VERSION_SECONDS = 0
    assert content_version() == "123"


def version_updates(queries) -> int:
    return sum(1 for query in queries if "careerguide_contentversion" in query["sql"])


def test_changes_in_one_transaction_write_the_content_version_once(role):
    content_version()  # read: the transaction's next change writes a new version
    with CaptureQueriesContext(connection) as queries:
        for summary in ("One.", "Two.", "Three."):
            role.summary = summary
            role.save()
        bump_content_version()  # a bulk write's own call

    assert version_updates(queries) == 1


def test_a_version_read_between_two_changes_is_not_reused(client, role):
    client.get("/roles/orbital-gardener/")
    role.summary = "Grows lettuce in orbit."
    role.save()
    assert client.get("/roles/orbital-gardener/")["X-Cache"] == "miss"

    role.summary = "Grows tomatoes in orbit."
    role.save()  # in the same (test) transaction, after the page read the version: a new one
    page = client.get("/roles/orbital-gardener/")

    assert page["X-Cache"] == "miss"
    assert "Grows tomatoes in orbit." in page.content.decode()


def test_a_rolled_back_change_does_not_count_as_the_transactions_bump(role):
    content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        bump_content_version()
        raise RuntimeError("undone, with its UPDATE")
    with CaptureQueriesContext(connection) as queries:
        bump_content_version()

    assert version_updates(queries) == 1


def test_the_cache_can_be_switched_off(client, role, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    client.get("/roles/")
    assert "X-Cache" not in client.get("/roles/")


def test_a_role_saved_in_the_admin_shows_at_once(admin_client, client, role):
    client.get("/roles/orbital-gardener/")
    role_pk = Role.objects.get(slug="orbital-gardener").pk
    factories.KeyFactsFactory(role_id=role_pk, median_pay=Decimal("123456"))

    assert "$123,456" in client.get("/roles/orbital-gardener/").content.decode()


# --- Keys that a flood cannot multiply (careerguide.cache_keys) ---------------------------------------


def cached_entries() -> int:
    """Response entries in the test cache (local memory, conftest)."""
    return sum(":page:" in key for key in cache._cache)


@pytest.mark.parametrize(
    "path", ["/roles/", "/roles/orbital-gardener/", "/api/v1/roles/", "/api/v1/roles/orbital-gardener/"]
)
def test_junk_query_parameters_add_no_cache_entries(client, role, path):
    client.get(path)
    entries = cached_entries()

    statuses = [client.get(path, {f"junk{number}": "x" * 50}).status_code for number in range(30)]

    assert statuses == [200] * 30
    assert cached_entries() == entries


def test_the_parameters_a_page_reads_share_one_entry_in_any_order(client, role):
    factories.RoleFactory(title="Moon Miner", slug="moon-miner")
    first = client.get("/roles/?q=moon&ordering=title")

    again = client.get("/roles/?ordering=title&q=moon")

    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again.content == first.content


def test_other_hosts_and_cookies_share_the_anonymous_entry(client, role, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    client.get("/roles/orbital-gardener/")

    other_host = client.get("/roles/orbital-gardener/", HTTP_HOST="127.0.0.1:9999")
    other_cookie = client.get("/roles/orbital-gardener/", HTTP_COOKIE="tracking=abc123")

    assert (other_host["X-Cache"], other_cookie["X-Cache"]) == ("hit", "hit")


def test_a_session_cookie_without_a_signed_in_user_is_served_from_the_cache(client, role, django_assert_num_queries):
    client.get("/roles/orbital-gardener/")
    client.cookies["sessionid"] = "made-up-session-key-that-names-no-session"

    with django_assert_num_queries(1):  # the session the cookie names (none)
        again = client.get("/roles/orbital-gardener/")

    assert again["X-Cache"] == "hit"


@pytest.mark.parametrize("path", ["/roles/orbital-gardener/", "/api/v1/roles/orbital-gardener/"])
def test_absolute_addresses_in_public_answers_come_from_the_site_url_not_the_host(client, role, settings, path):
    settings.ALLOWED_HOSTS = ["careerguide.example.org", "127.0.0.1"]
    settings.SITE_URL = "https://careerguide.example.org"

    answer = client.get(path, HTTP_HOST="127.0.0.1:9999").content.decode()

    assert "https://careerguide.example.org/roles/orbital-gardener/" in answer
    assert "127.0.0.1" not in answer and "9999" not in answer


def test_a_process_keeps_recent_entries_within_its_memory_budget():
    entries = LocalEntries(budget=100)
    small = (200, (), '"a"', {"identity": b"x" * 40})

    entries.put("one", small)
    entries.put("two", small)
    entries.get("one")  # used last, so kept
    entries.put("three", small)
    entries.put("too big", (200, (), '"b"', {"identity": b"x" * 101}))

    assert list(entries.entries) == ["one", "three"] and entries.used == 80


def test_an_entry_held_in_process_is_not_served_after_a_content_change(client, role):
    client.get("/roles/orbital-gardener/")
    assert client.get("/roles/orbital-gardener/")["X-Cache"] == "hit"

    role.summary = "Tends plants on a space station."
    role.save()

    again = client.get("/roles/orbital-gardener/")
    assert again["X-Cache"] == "miss" and "Tends plants on a space station." in again.content.decode()
