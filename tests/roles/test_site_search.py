"""One search across guides and occupations, ranked and typo-tolerant on SQLite and PostgreSQL alike.

Occupations and roles are fictional; their employment comes from national estimates of a fictional release.
"""

import pytest

from careerguide.search import search_words
from roles.models import Role, Skill
from salaries.models import Occupation, OewsArea, OewsIndustry
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def occupations():
    release = f.OewsReleaseFactory()
    nation = f.OewsAreaFactory(code=OewsArea.NATIONAL_CODE, name="U.S.", kind=OewsArea.Kind.NATIONAL, state_code="00")
    every_industry = f.OewsIndustryFactory(code=OewsIndustry.ALL_INDUSTRIES_CODE, name="All industries", level=0)
    made = {}
    for soc_code, title, employment in [
        ("98-1011", "Orbital Nurses", 30000),
        ("98-1012", "Orbital Nurse Wranglers", 2000),
        ("98-1013", "Nursery Gnome Keepers", 1000),
        ("98-2011", "Lunar Electricians", 9000),
        ("98-2012", "Electrical Dream Engineers", 1000),
        ("98-3011", "Modern Turners", 5000),
    ]:
        occupation = f.OccupationFactory(soc_code=soc_code, title=title)
        f.WageEstimateFactory(
            release=release, occupation=occupation, area=nation, industry=every_industry, employment=employment
        )
        made[title] = occupation
    return made


@pytest.fixture
def roles():
    made = [
        f.RoleFactory(title="Technical Manager", summary="Leads engineering teams."),
        f.RoleFactory(title="Orbital Gardener", summary="Grows food in orbit for the crew."),
        f.RoleFactory(title="Gardner Liaison", summary="Speaks for the crew."),
        f.RoleFactory(
            title="Manual Writer", summary="Writes guides.", description="Works closely with a technical manager."
        ),
        f.RoleFactory(title="Modern Learning Designer", summary="Returns to internal training, turning it around."),
    ]
    return {role.title: role for role in made}


def titles(queryset) -> list[str]:
    return [row.title for row in queryset]


def test_a_misspelt_occupation_is_found_first(occupations):
    assert titles(Occupation.objects.search("nurce"))[0] == "Orbital Nurses"
    # Electrical Dream Engineers is the closer string (0.82 against 0.73); as close, the larger occupation leads.
    assert titles(Occupation.objects.search("electrican"))[:2] == ["Lunar Electricians", "Electrical Dream Engineers"]


def test_occupations_holding_the_words_come_first_most_employed_first(occupations):
    assert titles(Occupation.objects.search("nurse"))[:2] == ["Orbital Nurses", "Orbital Nurse Wranglers"]
    assert titles(Occupation.objects.search("orbital nurse wrangler"))[0] == "Orbital Nurse Wranglers"


def test_occupations_are_found_by_soc_code(occupations):
    assert titles(Occupation.objects.search("98-20")) == ["Lunar Electricians", "Electrical Dream Engineers"]


def test_two_letters_match_no_word_from_inside(occupations, roles):
    assert titles(Occupation.objects.search("RN")) == []
    assert titles(Role.objects.search("RN")) == []
    assert titles(Role.objects.search("rn ")) == []


def test_role_search_ranks_the_title_over_the_prose_and_forgives_typos(roles):
    assert titles(Role.objects.search("technical manager")) == ["Technical Manager", "Manual Writer"]
    assert titles(Role.objects.search("tecnical manger"))[0] == "Technical Manager"
    # "Gardner" is a typo away from "gardener", not a word of it: after the row holding the word.
    assert titles(Role.objects.search("gardener")) == ["Orbital Gardener", "Gardner Liaison"]


def test_role_search_matches_words_from_their_start(roles):
    assert titles(Role.objects.search("grow")) == ["Orbital Gardener"]
    assert titles(Role.objects.search("orbi")) == ["Orbital Gardener"]
    assert "Modern Learning Designer" not in titles(Role.objects.search("urn"))


def test_role_search_finds_skills_and_their_examples(roles):
    devops = f.SkillFactory(name="DevOps Principles and Tools", slug="devops")
    f.RoleSkillFactory(role=roles["Technical Manager"], skill=devops, detail="containers with Docker/Kubernetes")
    assert titles(Role.objects.search("devops")) == ["Technical Manager"]
    assert titles(Role.objects.search("kuber")) == ["Technical Manager"]


def test_skill_search_matches_words_not_letters_inside_them(roles):
    f.SkillFactory(name="Internal Communication", slug="internal-communication")
    f.SkillFactory(name="RN Licensure", slug="rn-licensure")
    assert [skill.name for skill in Skill.objects.search("RN")] == ["RN Licensure"]


def test_search_words_drop_stop_words_and_plural_endings():
    assert search_words("Nurses and Technologies of the Sea") == ["nurse", "technolog", "sea"]
    assert search_words("the") == ["the"]


def test_role_search_is_one_query_once_the_titles_are_read(roles, django_assert_num_queries, db_vendor):
    # SQLite reads every role's title once per content version for typo matching (careerguide.title_index).
    with django_assert_num_queries(2 if db_vendor == "sqlite" else 1):
        assert titles(Role.objects.search("manager"))[0] == "Technical Manager"
    with django_assert_num_queries(1):
        assert titles(Role.objects.search("manger"))[0] == "Technical Manager"


def test_an_edit_is_seen_by_the_next_search(roles):
    assert "Lunar Gardener" not in titles(Role.objects.search("lunr gardenr"))
    gardener = roles["Orbital Gardener"]
    gardener.title = "Lunar Gardener"
    gardener.save()  # a new content version: the title index is read again
    assert titles(Role.objects.search("lunr gardenr"))[0] == "Lunar Gardener"


# --- The search page ----------------------------------------------------------------------------------------


def test_search_page_lists_guides_and_occupations(client, occupations, roles):
    response = client.get("/search/", {"q": "nurce"})
    page = response.content.decode()
    assert response.status_code == 200
    first = page.index('href="/occupations/98-1011/"')
    assert first < page.index('href="/occupations/98-1012/"')
    assert "Orbital Nurses" in page
    assert "No guide matches." in page


def test_search_page_finds_a_misspelt_guide(client, occupations, roles):
    page = client.get("/search/", {"q": "technical manger"}).content.decode()
    assert f'href="{roles["Technical Manager"].get_absolute_url()}"' in page


def test_search_page_without_a_query_shows_the_form(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_search_page_refuses_an_overlong_query_with_a_form_error(client):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


def test_search_page_query_count(client, occupations, roles, django_assert_num_queries, db_vendor):
    client.get("/search/", {"q": "warm"})  # SQLite reads the titles of roles and occupations once per version
    # newest release, guides with headline figures, occupations with national figures, BLS footnotes
    with django_assert_num_queries(4):
        assert client.get("/search/", {"q": "nurce"}).status_code == 200
