"""The Atom feed of new and updated guides, each guide as JSON and CSV files, every API list as CSV, and the
links, icon and social preview image the pages carry."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from roles.models import Role
from tests import factories
from tests.api_data import full_guide

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def guide():
    return full_guide(2, title="Technical Manager", slug="technical-manager")


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_feed_lists_published_guides_newest_change_first(client, guide, django_assert_num_queries):
    Role.objects.filter(slug="technical-director").update(updated_at=timezone.now() + timedelta(days=2))
    Role.objects.filter(slug="technical-manager").update(updated_at=timezone.now() + timedelta(days=1))
    guide.refresh_from_db()
    factories.RoleFactory(title="Scheduled Role", slug="scheduled-role", published_at=timezone.now() + timedelta(1))

    with django_assert_num_queries(1):  # published roles, newest change first, with their key facts
        response = client.get("/feeds/guides.atom")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)  # noqa: S314 - the site's own answer
    entries = feed.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[:2] == ["http://testserver/roles/technical-director/", "http://testserver/roles/technical-manager/"]
    assert not any("engineering-manager" in link or "scheduled-role" in link for link in links)
    manager = entries[1]
    assert manager.find(f"{ATOM}title").text == "Technical Manager career guide"
    assert manager.find(f"{ATOM}id").text == "http://testserver/roles/technical-manager/"
    assert manager.find(f"{ATOM}updated").text.startswith(str(guide.updated_at.year))
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feeds/guides.atom"


def test_guide_downloads_as_json_the_api_gives(client, guide):
    response = client.get("/roles/technical-manager/guide.json")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="careerguide-technical-manager.json"'
    assert json.loads(response.content) == client.get("/api/v1/roles/technical-manager/").json()


def test_guide_levels_and_pay_download_as_csv(client, guide, django_assert_num_queries):
    with django_assert_num_queries(4):  # the role, its levels with the role, focus areas, salaries with refs
        response = client.get("/roles/technical-manager/levels-and-pay.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="careerguide-technical-manager-levels-and-pay.csv"'
    rows = csv_rows(response)
    assert [(row["level_order"], row["level"], row["region"], row["currency"]) for row in rows] == [
        ("1", "Level 1", "United States", "USD"),
        ("2", "Level 2", "United States", "USD"),
    ]
    assert rows[0]["median"] == str(guide.levels.get(order=1).salaries.get().median)


@pytest.mark.parametrize("path", ["/roles/engineering-manager/guide.json", "/roles/nobody/levels-and-pay.csv"])
def test_downloads_of_unpublished_or_unknown_guides_are_404(client, guide, path):
    assert client.get(path).status_code == 404


LISTS = {
    "roles": "slug",
    "levels": "slug",
    "skills": "slug",
    "salaries": "region.slug",
    "regions": "slug",
    "currencies": "code",
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_api_list_is_also_csv_both_ways(client, guide, name):
    json_rows = client.get(f"/api/v1/{name}/?page_size=200").json()["results"]

    for path in (f"/api/v1/{name}/?format=csv", f"/api/v1/{name}.csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="careerguide-{name}.csv"'
        key = LISTS[name]
        expected = [row[key] if "." not in key else row[key.split(".")[0]][key.split(".")[1]] for row in json_rows]
        assert [row[key] for row in csv_rows(response)] == expected, path


def test_csv_exports_filter_like_the_list_and_refuse_bad_values(client, guide):
    assert [
        row["slug"] for row in csv_rows(client.get("/api/v1/levels.csv?role=technical-manager&ordering=-order"))
    ] == [
        "level-2",
        "level-1",
    ]
    response = client.get("/api/v1/levels.csv?min_years=abc")
    assert response.status_code == 400
    assert list(response.json()) == ["min_years"]


def test_pages_link_the_downloads_the_feed_and_carry_icons_and_a_preview_image(client, guide):
    page = client.get("/roles/technical-manager/").content.decode()
    level = client.get("/roles/technical-manager/levels/level-1/").content.decode()
    roles = client.get("/roles/?q=manager").content.decode()

    for html in (page, level):
        assert 'href="/roles/technical-manager/guide.json" download' in html
        assert 'href="/roles/technical-manager/levels-and-pay.csv" download' in html
    assert 'href="/api/v1/roles.csv?q=manager" download' in roles
    explorer = client.get("/salaries/", {"role": "technical-manager", "currency": "EUR", "page": "1"})
    assert 'These ranges as <a href="/api/v1/salaries.csv?role=technical-manager" download>CSV</a>' in (
        explorer.content.decode()
    )  # the same filters; the display currency is not one of them
    assert 'Every range as <a href="/api/v1/salaries.csv" download>' in client.get("/salaries/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page and 'href="/feeds/guides.atom"' in page
    assert '<meta property="og:image" content="http://testserver/static/img/social-preview.png">' in page
    assert '<link rel="icon" href="/static/img/icon-180.png" type="image/png" sizes="180x180">' in page
    for image, size in [("img/icon-180.png", (180, 180)), ("img/social-preview.png", (1200, 630))]:
        data = Path(finders.find(image)).read_bytes()
        # A PNG: its signature, then the IHDR chunk with the width and height (scripts/make_icons.py).
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
        assert (int.from_bytes(data[16:20]), int.from_bytes(data[20:24])) == size
