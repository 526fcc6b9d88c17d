"""careerguide.search on PostgreSQL: weighted full-text search kept current by triggers, ranked, typo-tolerant.

(On SQLite the same QuerySet methods fall back to substring matching; the role and skill list tests cover it.)
"""

import pytest

from roles.models import Role, RoleSearchIndex, RoleSkill, Skill
from tests import factories

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]


@pytest.fixture
def roles():
    manager = factories.RoleFactory(title="Technical Manager", summary="Leads engineering teams.")
    gardener = factories.RoleFactory(title="Orbital Gardener", summary="Grows food in orbit for the crew.")
    writer = factories.RoleFactory(
        title="Manual Writer", summary="Writes guides.", description="Works closely with a technical manager."
    )
    devops = factories.SkillFactory(name="DevOps Principles and Tools", slug="devops")
    factories.RoleSkillFactory(role=manager, skill=devops, detail="containerization with Docker/Kubernetes")
    return {"manager": manager, "gardener": gardener, "writer": writer, "devops": devops}


def titles(queryset):
    return [role.title for role in queryset]


def test_the_title_outranks_the_prose(roles):
    assert titles(Role.objects.search("technical manager")) == ["Technical Manager", "Manual Writer"]


def test_typos_in_the_title_still_find_the_role(roles):
    assert titles(Role.objects.search("tecnical manger"))[0] == "Technical Manager"


def test_rows_holding_the_words_come_before_rows_found_only_through_a_typo(roles):
    factories.RoleFactory(title="Gardner Liaison", summary="Speaks for the crew.")

    # "Gardner" shares most trigrams with "gardener" but not its stem: a typo match, ranked after.
    assert titles(Role.objects.search("gardener")) == ["Orbital Gardener", "Gardner Liaison"]


def test_the_index_keeps_a_copy_of_the_title_for_typo_matching(roles):
    gardener = roles["gardener"]
    Role.objects.filter(pk=gardener.pk).update(title="Lunar Gardener")

    assert RoleSearchIndex.objects.get(role=gardener).title == "Lunar Gardener"
    assert titles(Role.objects.search("lunr gardenr")) == ["Lunar Gardener"]


def test_words_are_stemmed_and_prefixes_match(roles):
    assert titles(Role.objects.search("grow")) == ["Orbital Gardener"]
    assert titles(Role.objects.search("orbi")) == ["Orbital Gardener"]
    assert titles(Role.objects.search("kuber")) == ["Technical Manager"]  # "Docker/Kubernetes" is two words


def test_skill_search_finds_a_skill_by_its_examples_despite_a_typo(roles):
    assert [skill.name for skill in Skill.objects.search("kubernets")] == ["DevOps Principles and Tools"]


def test_the_index_follows_skill_changes_made_in_bulk(roles):
    gardener = roles["gardener"]
    hydroponics = factories.SkillFactory(name="Hydroponics", slug="hydroponics")
    RoleSkill.objects.bulk_create([RoleSkill(role=gardener, skill=hydroponics, order=1)])

    assert titles(Role.objects.search("hydroponics")) == ["Orbital Gardener"]

    Skill.objects.filter(pk=hydroponics.pk).update(name="Aeroponics")
    assert titles(Role.objects.search("aeroponics")) == ["Orbital Gardener"]
    assert titles(Role.objects.search("hydroponics")) == []

    RoleSkill.objects.filter(role=gardener).delete()
    assert titles(Role.objects.search("aeroponics")) == []


def test_search_is_one_query(roles, django_assert_num_queries):
    with django_assert_num_queries(1):  # matches, ranked, in one statement
        assert titles(Role.objects.search("manager")) == ["Technical Manager", "Manual Writer"]
