"""No lost edits in the API (`careerguide.api_conditional`): `If-Match` on PUT, PATCH and DELETE, 412 when
stale or bogus, and writes that answer with the ETag a following GET returns."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from careerguide.api_conditional import body_etag
from roles.models import CareerLevel, RegionalSalary, Role, Skill
from tests import factories
from tests.api_data import snapshot

pytestmark = pytest.mark.django_db

STALE_DETAIL = (
    "The object changed since you read it (If-Match does not match its current ETag), so nothing was "
    "changed. GET it again, apply your change to what it is now, and send its new ETag."
)


def editor(name: str) -> APIClient:
    """A client with a token holding every permission on roles and salaries."""
    user = User.objects.create_user(name)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["roles", "salaries"]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editors():
    return editor("alice"), editor("bob")


@pytest.fixture
def role():
    return factories.RoleFactory(title="Analyst", slug="analyst", summary="Reads data.")


ROLE = "/api/v1/roles/analyst/"


def test_etag_is_the_md5_of_the_body_as_conditional_get_middleware_makes_it(role):
    response = APIClient().get(ROLE)

    assert response["ETag"] == body_etag(response.content)


def test_matching_if_match_writes_and_returns_the_etag_a_get_then_returns(editors, role):
    alice, _ = editors
    etag = APIClient().get(ROLE)["ETag"]

    response = alice.patch(ROLE, {"summary": "Reads and explains data."}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert Role.objects.get().summary == "Reads and explains data."
    after = APIClient().get(ROLE)
    assert response["ETag"] == after["ETag"] != etag
    assert APIClient().get(ROLE, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_second_writer_with_the_etag_both_read_gets_412_and_changes_nothing(editors, role):
    alice, bob = editors
    etag = alice.get(ROLE)["ETag"]
    assert bob.get(ROLE)["ETag"] == etag
    assert alice.patch(ROLE, {"title": "Data Analyst"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    before = snapshot(Role)

    response = bob.patch(ROLE, {"summary": "Bob's summary."}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": STALE_DETAIL}
    assert snapshot(Role) == before
    assert Role.objects.get().title == "Data Analyst"


def test_chained_writes_with_the_returned_etag_succeed(editors, role):
    alice, _ = editors
    first = alice.patch(ROLE, {"summary": "One."}, format="json", HTTP_IF_MATCH=alice.get(ROLE)["ETag"])

    second = alice.patch(ROLE, {"summary": "Two."}, format="json", HTTP_IF_MATCH=first["ETag"])

    assert second.status_code == 200
    assert Role.objects.get().summary == "Two."


@pytest.mark.parametrize(
    "header", ["nonsense", '"0123456789abcdef0123456789abcdef"', '""', ",", 'W/"0123456789abcdef0123456789abcdef"']
)
def test_bogus_or_stale_if_match_is_412(editors, role, header):
    alice, _ = editors
    etag = alice.get(ROLE)["ETag"]
    before = snapshot(Role)

    response = alice.patch(ROLE, {"summary": "X"}, format="json", HTTP_IF_MATCH=header.format(etag=etag))

    assert response.status_code == 412
    assert response.json() == {"detail": STALE_DETAIL}
    assert snapshot(Role) == before


@pytest.mark.parametrize("header", ["*", '"other", {etag}', "W/{etag}"])
def test_star_or_a_list_holding_the_current_etag_matches(editors, role, header):
    alice, _ = editors
    etag = alice.get(ROLE)["ETag"]

    response = alice.patch(ROLE, {"summary": "Y"}, format="json", HTTP_IF_MATCH=header.format(etag=etag))

    assert response.status_code == 200


def test_the_etag_of_a_gzipped_read_matches_for_a_write(editors, role):
    """A client that reads with gzip (as `requests` does) gets the weak form of the same ETag and may send it."""
    alice, _ = editors
    etag = alice.get(ROLE, HTTP_ACCEPT_ENCODING="gzip")["ETag"]

    response = alice.patch(ROLE, {"summary": "Z"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200 and Role.objects.get().summary == "Z"


def test_write_without_if_match_goes_ahead_and_returns_the_etag(editors, role):
    alice, _ = editors

    response = alice.put(ROLE, {"title": "Analyst", "slug": "analyst", "summary": "Put."}, format="json")

    assert response.status_code == 200
    assert response["ETag"] == APIClient().get(ROLE)["ETag"]


def test_delete_honours_if_match(editors):
    factories.SkillFactory(slug="python")
    alice, bob = editors
    etag = alice.get("/api/v1/skills/python/")["ETag"]
    alice.patch("/api/v1/skills/python/", {"description": "Changed."}, format="json", HTTP_IF_MATCH=etag)

    stale = bob.delete("/api/v1/skills/python/", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Skill.objects.filter(slug="python").exists()

    fresh = bob.delete("/api/v1/skills/python/", HTTP_IF_MATCH=bob.get("/api/v1/skills/python/")["ETag"])
    assert fresh.status_code == 204
    assert not Skill.objects.filter(slug="python").exists()


def test_create_returns_the_etag_of_the_new_object(editors):
    alice, _ = editors

    response = alice.post("/api/v1/skills/", {"name": "Rust", "slug": "rust", "category": "technical"}, format="json")

    assert response.status_code == 201
    assert response["ETag"] == APIClient().get("/api/v1/skills/rust/")["ETag"]


def test_level_and_salary_writes_are_conditional_too(editors, role):
    alice, bob = editors
    level = factories.CareerLevelFactory(role=role, order=1, slug="junior")
    salary = factories.RegionalSalaryFactory(role=role)
    for url, change in (
        (f"/api/v1/levels/{level.pk}/", {"title": "Trainee"}),
        (f"/api/v1/salaries/{salary.pk}/", {"note": "A."}),
    ):
        etag = alice.get(url)["ETag"]
        written = alice.patch(url, change, format="json", HTTP_IF_MATCH=etag)
        assert written.status_code == 200
        assert written["ETag"] == APIClient().get(url)["ETag"]
        assert bob.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 412
    assert CareerLevel.objects.get().title == "Trainee"
    assert RegionalSalary.objects.get().note == "A."


def test_draft_that_get_does_not_show_still_chains_writes_by_etag(editors):
    factories.RoleFactory(slug="draft", is_published=False)
    alice, bob = editors
    first = alice.patch("/api/v1/roles/draft/", {"summary": "One."}, format="json")
    assert APIClient().get("/api/v1/roles/draft/").status_code == 404

    assert (
        alice.patch("/api/v1/roles/draft/", {"summary": "Two."}, format="json", HTTP_IF_MATCH=first["ETag"]).status_code
        == 200
    )
    stale = bob.patch("/api/v1/roles/draft/", {"summary": "Bob."}, format="json", HTTP_IF_MATCH=first["ETag"])

    assert stale.status_code == 412
    assert Role.objects.get(slug="draft").summary == "Two."


def test_schema_documents_if_match_412_and_the_etag_header():
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    detail = schema["paths"]["/api/v1/roles/{slug}/"]

    for method in ("put", "patch", "delete"):
        headers = [p for p in detail[method]["parameters"] if p["in"] == "header"]
        assert [p["name"] for p in headers] == ["If-Match"]
        assert not headers[0].get("required", False)
        assert detail[method]["responses"]["412"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    assert "ETag" in detail["patch"]["responses"]["200"]["headers"]
    assert "ETag" in schema["paths"]["/api/v1/skills/"]["post"]["responses"]["201"]["headers"]
    assert "If-Match" not in str(detail["get"])
    assert "412" not in schema["paths"]["/api/v1/skills/"]["post"]["responses"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only_endpoints_stay_read_only(editors, method):
    factories.CurrencyFactory(code="USD")
    alice, _ = editors
    url = "/api/v1/currencies/" if method == "post" else "/api/v1/currencies/USD/"

    assert getattr(alice, method)(url, {"code": "USD", "name": "X"}, format="json").status_code == 405
