"""Sitemap sections written without a template loop say what Django's own sitemap view says."""

import re

import pytest
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.test import RequestFactory

from roles.sitemaps import SITEMAPS
from tests import factories as f
from tests.guide_data import load_guide

pytestmark = pytest.mark.django_db

URL = re.compile(r"<url>(.*?)</url>", re.S)


def entries(xml: str) -> list[str]:
    """Each <url> element with the whitespace between its tags taken out."""
    return [re.sub(r">\s+<", "><", entry.strip()) for entry in URL.findall(xml)]


@pytest.fixture
def site():
    load_guide()
    for n in range(3):
        f.RoleFactory(title=f"Ceres Orbital Gardener {n}", slug=f"ceres-orbital-gardener-{n}")
    f.RoleFactory(title="Vesta Draft Gardener", slug="vesta-draft-gardener", is_published=False)


@pytest.mark.parametrize("section", sorted(SITEMAPS))
def test_a_section_lists_what_djangos_sitemap_view_lists(client, site, section):
    request = RequestFactory().get(f"/sitemap-{section}.xml")
    expected = django_sitemap(request, sitemaps=SITEMAPS, section=section).render()

    ours = client.get(f"/sitemap-{section}.xml")

    assert ours.status_code == 200 and ours["Content-Type"] == "application/xml"
    assert ours.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns=')
    assert entries(ours.content.decode()) == entries(expected.content.decode()) != []
    assert "vesta-draft-gardener" not in ours.content.decode()


def test_role_entries_carry_their_last_change_and_priority(client, site):
    role = f.RoleFactory(title="Pallas Orbital Gardener", slug="pallas-orbital-gardener")

    response = client.get("/sitemap-roles.xml")
    xml = response.content.decode()
    expected = django_sitemap(RequestFactory().get("/sitemap-roles.xml"), sitemaps=SITEMAPS, section="roles")

    # The newest role's change, as Django's view says it (other sections have no lastmod: the cache's date).
    assert response["Last-Modified"] == expected["Last-Modified"]

    assert (
        f"<url><loc>http://testserver/roles/pallas-orbital-gardener/</loc><lastmod>{role.updated_at.date()}</lastmod>"
        "<changefreq>monthly</changefreq><priority>0.8</priority></url>"
    ) in xml


@pytest.mark.parametrize("page", ["0", "two", "9"])
def test_a_page_that_does_not_exist_is_a_404(client, site, page):
    assert client.get("/sitemap-roles.xml", {"p": page}).status_code == 404
