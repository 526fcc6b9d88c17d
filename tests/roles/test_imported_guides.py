"""Two imported guides, published: the cross-role pages and API work across them."""

import pytest

from roles.models import Role, Skill

pytestmark = pytest.mark.django_db

GARDENER, BEEKEEPER = "orbital-gardener", "lunar-beekeeper"
# Skills both fictional guides list, spelled differently in one of them ("&" for "and").
SHARED = {"Plant Pathology", "Attention to Detail", "Conflict Resolution & Negotiation"}


@pytest.fixture
def two_guides(import_test_guide):
    import_test_guide("orbital_gardener.txt", publish=True)
    import_test_guide("lunar_beekeeper.txt", publish=True)  # fills the title-only role the first one created
    return Role.objects.get(slug=GARDENER), Role.objects.get(slug=BEEKEEPER)


def page(client, url, params=None) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.content[:500])
    return response.content.decode()


def test_both_imported_guides_are_public_with_their_shared_skills(two_guides):
    gardener, beekeeper = two_guides

    assert set(Role.objects.published().values_list("slug", flat=True)) == {GARDENER, BEEKEEPER}
    shared = set(gardener.skills.values_list("name", flat=True)) & set(beekeeper.skills.values_list("name", flat=True))
    assert shared == SHARED


def test_guide_pages_and_api_detail(client, two_guides):
    for slug in (GARDENER, BEEKEEPER):
        assert Role.objects.get(slug=slug).title in page(client, f"/roles/{slug}/")
        assert client.get(f"/api/v1/roles/{slug}/").json()["slug"] == slug


def test_compare_page(client, two_guides):
    html = page(client, "/compare/", {"roles": f"{GARDENER},{BEEKEEPER}"})

    assert "Orbital Gardener" in html
    assert "Lunar Beekeeper" in html
    assert all(name.replace("&", "&amp;") in html for name in SHARED)


def test_skills_gap_page_finds_the_shared_skills(client, two_guides):
    html = page(client, "/compare/skills-gap/", {"current": GARDENER, "target": BEEKEEPER})

    assert "Orbital Gardener" in html
    assert "Lunar Beekeeper" in html
    assert all(name.replace("&", "&amp;") in html for name in SHARED)
    assert "Colony Health Management" in html  # the skill to add


def test_compare_api(client, two_guides):
    response = client.get("/api/v1/compare/", {"roles": f"{GARDENER},{BEEKEEPER}"})

    assert response.status_code == 200
    data = response.json()
    assert [role["slug"] for role in data["roles"]] == [GARDENER, BEEKEEPER]
    assert {skill["name"] for skill in data["shared_skills"]} == SHARED


def test_skills_gap_api(client, two_guides):
    response = client.get(f"/api/v1/roles/{GARDENER}/gap/{BEEKEEPER}/")

    assert response.status_code == 200
    data = response.json()
    assert {skill["name"] for skill in data["shared"]} == SHARED
    assert [skill["name"] for skill in data["to_add"]] == ["Colony Health Management"]


@pytest.mark.parametrize("query", ["attention to detail", "Plant Pathology", "crops"])
def test_role_search_finds_both(client, two_guides, query):
    html = page(client, "/roles/", {"q": query})

    assert "Orbital Gardener" in html
    assert "Lunar Beekeeper" in html


def test_a_shared_skills_page_lists_both_roles(client, two_guides):
    skill = Skill.objects.get(name="Attention to Detail")

    html = page(client, f"/skills/{skill.slug}/")

    assert "Orbital Gardener" in html
    assert "Lunar Beekeeper" in html
    api = client.get(f"/api/v1/skills/{skill.slug}/")
    assert api.status_code == 200
