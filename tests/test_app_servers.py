"""Several app servers: two production fronts (scripts/serve-prod: nginx in front of gunicorn) share one
PostgreSQL and one Redis, and a change made through one is what the other serves within a second, in pages
and in the API (careerguide.cache)."""

import json
import time
import urllib.request
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from roles.models import RegionalSalary
from tests import factories
from tests.servers import database_url, front, redis_server

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fetch(url: str, *, method: str = "GET", token: str = "", body: dict | None = None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None)  # noqa: S310
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - 127.0.0.1 only
        return response.status, dict(response.headers), response.read().decode()


@pytest.fixture
def editor_token(django_user_model):
    editor = django_user_model.objects.create_user("salary-editor", password="x" * 20)
    editor.user_permissions.add(Permission.objects.get(codename="change_regionalsalary"))
    return Token.objects.create(user=editor).key


def test_a_change_through_one_app_server_is_served_by_the_other_within_a_second(tmp_path, static_root, editor_token):
    role = factories.RoleFactory(title="Orbital Gardener", slug="orbital-gardener")
    salary = factories.RegionalSalaryFactory(role=role, local_max=Decimal("180000"), usd_max=Decimal("180000"))

    with redis_server() as redis_url:
        site = {"database_url": database_url(), "env": {"REDIS_URL": redis_url}, "static_root": static_root}
        with (
            front(workdir=tmp_path / "first", **site) as first_front,
            front(workdir=tmp_path / "second", **site) as second_front,
        ):
            first, second = first_front.url, second_front.url
            page, api = f"{second}/roles/orbital-gardener/", f"{second}/api/v1/salaries/{salary.pk}/"
            for _ in range(2):  # the second read of each comes from the shared cache
                _, page_headers, _ = fetch(page)
                _, api_headers, before = fetch(api)
            assert (page_headers["X-Cache"], api_headers["X-Cache"]) == ("hit", "hit")
            assert json.loads(before)["local_max"] == "180000.00"

            status, _, _ = fetch(
                f"{first}/api/v1/salaries/{salary.pk}/",
                method="PATCH",
                token=editor_token,
                body={"local_max": "199000"},
            )
            assert status == 200

            # Each worker reuses the content version it read for at most CONTENT_VERSION_SECONDS (1 s).
            time.sleep(1.1)
            _, page_headers, html = fetch(page)
            _, api_headers, after = fetch(api)
            assert (page_headers["X-Cache"], api_headers["X-Cache"]) == ("miss", "miss")
            assert json.loads(after)["local_max"] == "199000.00"
            assert "199,000" in html
    assert RegionalSalary.objects.get(pk=salary.pk).local_max == Decimal("199000")
