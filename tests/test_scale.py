"""Every public address does the same number of queries with 10 roles as with 110: nothing grows with the data.

The guide plus synthetic roles (`generate_synthetic_data`, each a full guide with a ladder, ~20 skills and
regional salaries); 110 roles overflow one page of every list (20 roles, 24 on a skill page, 50 salary
ranges, 100 skills). The response cache is off, so every request does its queries. Sizes and times at
10,000 roles are measured by `make bench`, not here.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles.models import RegionalSalary, Role, Skill
from tests.guide_data import GUIDE_SLUG, load_guide

pytestmark = pytest.mark.django_db


def public_addresses() -> list[str]:
    other = Role.objects.synthetic().order_by("slug").values_list("slug", flat=True).first()
    skill = Skill.objects.most_needed().values_list("slug", flat=True).first()
    salary = RegionalSalary.objects.filter(role__slug=GUIDE_SLUG).values_list("pk", flat=True).first()
    return [
        "/",
        "/roles/",
        "/roles/?q=manager",
        "/search/?q=manager",
        "/search/?q=tecnical+manger",
        "/roles/?ordering=-median_pay",
        f"/roles/?skill={skill}",
        f"/roles/{GUIDE_SLUG}/",
        f"/roles/{GUIDE_SLUG}/levels/vp-of-technology/",
        "/skills/",
        f"/skills/{skill}/",
        "/salaries/",
        "/salaries/?currency=EUR",
        f"/salaries/?role={other}",
        f"/compare/?roles={GUIDE_SLUG},{other}",
        f"/compare/skills-gap/?current={GUIDE_SLUG}&target={other}",
        "/compare/skills-gap/",
        "/sitemap.xml",
        "/sitemap-roles.xml",
        "/sitemap-levels.xml",
        "/sitemap-skills.xml",
        "/api/v1/roles/",
        "/api/v1/roles/?search=manager",
        f"/api/v1/roles/{GUIDE_SLUG}/",
        "/api/v1/levels/?ordering=-salary",
        "/api/v1/skills/",
        "/api/v1/salaries/?country=DE&ordering=-usd_max",
        f"/api/v1/salaries/{salary}/",
        "/api/v1/salaries/?format=csv",
        f"/api/v1/compare/?roles={GUIDE_SLUG},{other}",
        "/api/v1/regions/",
        "/api/v1/currencies/",
    ]


def query_counts(client, addresses: list[str]) -> dict[str, int]:
    counts = {}
    for address in addresses:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, address
        counts[address] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_number_of_roles(client, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    load_guide()
    call_command("generate_synthetic_data", "--roles", "9", "--seed", "1", verbosity=0)
    addresses = public_addresses()
    with_10 = query_counts(client, addresses)

    call_command("generate_synthetic_data", "--roles", "100", "--seed", "1", verbosity=0)
    assert Role.objects.published().count() == 110
    with_110 = query_counts(client, addresses)

    assert with_110 == with_10
    assert all(count > 0 for count in with_10.values())
