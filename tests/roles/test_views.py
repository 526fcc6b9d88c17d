"""The public pages for roles, ladders, skills and comparisons: content, bad input, SEO and query counts."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from roles.guide import GUIDE_SECTIONS
from roles.models import MarketInsight, Role, Skill
from tests import factories as f
from tests.guide_data import GUIDE_SLUG, build_many_roles, load_guide, source_titles, spare_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    return load_guide()


@pytest.fixture(params=["guide only", "guide and 50 generated roles"])
def data(request, guide):
    """The guide's data, alone and with 50 generated roles: query counts must be the same for both."""
    if request.param != "guide only":
        build_many_roles(50)
    return guide


def html(response) -> str:
    return response.content.decode()


INLINE_TAGS = re.compile(r"</?(a|span|strong|em|sup|time|abbr|b|i)\b[^>]*>")


def text(response) -> str:
    """The page's visible text, whitespace collapsed, for phrase assertions: inline tags vanish, others part words."""
    body = html(response).split("<body>", 1)[-1]
    return " ".join(re.sub(r"<[^>]+>", " ", INLINE_TAGS.sub("", body)).split())


# --- Query counts -------------------------------------------------------------------------------------------


def test_home_query_count(client, data, django_assert_num_queries):
    # newest OEWS release, BLS footnotes, major groups with figures and counts, best-paid occupations,
    # largest occupations, roles+headline figures, most-needed skills
    with django_assert_num_queries(7):
        assert client.get("/").status_code == 200


def test_role_list_query_count(client, data, django_assert_num_queries, db_vendor):
    # SQLite reads the role titles for typo matching once per content version (careerguide.title_index)
    with django_assert_num_queries(4 if db_vendor == "sqlite" else 3):
        assert client.get("/roles/", {"q": "manager"}).status_code == 200
    with django_assert_num_queries(3):  # count, page of roles with headline figures, skills for the filter
        assert client.get("/roles/", {"q": "manager", "ordering": "-median_pay"}).status_code == 200


def test_role_detail_query_count(client, data, django_assert_num_queries):
    # role+key facts+sources, then prefetches: levels, focus areas, level salaries, skills, responsibilities,
    # tools, certifications, education paths, entry timelines, entry steps, top industries, market insights,
    # specialisations, pros/cons, FAQ, visa routes, data notes, regional salaries, growth projections,
    # related roles; BLS's national figures for the guide's occupation (SOC 11-3021)
    with django_assert_num_queries(22):
        assert client.get(f"/roles/{GUIDE_SLUG}/").status_code == 200


def test_generated_role_detail_query_count(client, data, django_assert_num_queries):
    role = Role.objects.published().exclude(slug=GUIDE_SLUG).order_by("title").first() or data
    # as for the guide: every section has content; a generated role names no SOC occupation, so no BLS figures
    with django_assert_num_queries(21 if role.soc_code == "" else 22):
        assert client.get(role.get_absolute_url()).status_code == 200


def test_level_page_query_count(client, data, django_assert_num_queries):
    with django_assert_num_queries(3):  # levels of the role with role and US pay, focus areas, salaries
        assert client.get(f"/roles/{GUIDE_SLUG}/levels/senior-technical-manager/").status_code == 200


def test_skill_list_query_count(client, data, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, then one page of skills with their public role count
        assert client.get("/skills/").status_code == 200


def test_skill_detail_query_count(client, data, django_assert_num_queries):
    skill = data.role_skills.select_related("skill").first().skill
    # skill, count of the roles needing it, one page of them with headline figures and the skill detail
    with django_assert_num_queries(3):
        assert client.get(skill.get_absolute_url()).status_code == 200


def test_compare_query_count(client, data, django_assert_num_queries):
    other = f.RoleFactory()
    # roles with headline figures, their skills, their levels, picker roles, the occupation picker's states
    with django_assert_num_queries(5):
        assert client.get("/compare/", {"roles": f"{GUIDE_SLUG},{other.slug}"}).status_code == 200


def test_skills_gap_query_count(client, data, django_assert_num_queries):
    other = f.RoleFactory()
    with django_assert_num_queries(4):  # roles with headline figures, their skills, their levels, picker roles
        response = client.get("/compare/skills-gap/", {"current": other.slug, "target": GUIDE_SLUG})
    assert response.status_code == 200


def test_sitemap_index_query_count(client, data, django_assert_num_queries):
    # the roles' newest change (one aggregate), then a count for each section: roles, ladder levels, job
    # descriptions, skills, occupations
    with django_assert_num_queries(6):
        assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.parametrize(
    ("section", "queries"),
    # No OEWS release is loaded here: the occupations section counts its rows and has none to read (with
    # data it is 2 as well, tests/salaries/test_oews_api.py).
    [("pages", 0), ("roles", 2), ("levels", 2), ("job-descriptions", 2), ("skills", 2), ("occupations", 1)],
)
def test_sitemap_section_query_count(client, data, django_assert_num_queries, section, queries):
    with django_assert_num_queries(queries):  # the section's count and its page of rows
        assert client.get(f"/sitemap-{section}.xml").status_code == 200


# --- Home and role index -------------------------------------------------------------------------------------


def test_home_lists_public_roles_and_skills_after_one_search_box(client, guide):
    f.RoleFactory(title="Hidden Draft", is_published=False)
    response = client.get("/")
    page = text(response)
    assert "Technical Manager" in page
    assert "Hidden Draft" not in page
    assert 'action="/search/"' in html(response)
    assert "Leadership and Mentorship" in page
    assert "No BLS occupation figures are loaded yet." in page


def test_role_list_searches_title_summary_and_skills(client, guide):
    f.RoleFactory(title="Pastry Chef", summary="Bakes.")
    assert "Technical Manager" in text(client.get("/roles/", {"q": "cloud platform"}))
    page = text(client.get("/roles/", {"q": "pastry"}))
    assert "1 role matching “pastry”" in page
    assert "Pastry Chef" in page
    assert "Technical Manager" not in page.split("1 role matching")[1]


def test_role_list_filters_by_skill_and_salary(client, guide):
    cheap = f.RoleFactory(title="Junior Analyst")
    f.KeyFactsFactory(role=cheap, median_pay=Decimal("50000"))
    skill = guide.role_skills.select_related("skill").first().skill

    by_skill = text(client.get("/roles/", {"skill": skill.slug}))
    assert "Technical Manager" in by_skill
    assert "Junior Analyst" not in by_skill

    by_pay = text(client.get("/roles/", {"min_median_usd": "100000"}))
    assert "Technical Manager" in by_pay
    assert "Junior Analyst" not in by_pay


def test_role_list_sorts_by_median_pay(client, guide):
    f.KeyFactsFactory(role=f.RoleFactory(title="Aardvark Keeper"), median_pay=Decimal("30000"))
    page = text(client.get("/roles/", {"ordering": "-median_pay"}))
    assert page.index("Technical Manager") < page.index("Aardvark Keeper")


def test_role_list_says_when_nothing_matches(client, guide):
    response = client.get("/roles/", {"q": "zzzz-no-such-role"})
    assert response.status_code == 200
    assert "No role matches these filters." in text(response)


def test_role_list_rejects_a_10000_character_search_clearly(client, guide):
    response = client.get("/roles/", {"q": "x" * 10_000})
    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters (it has 10000)." in text(response)
    assert 'value="xxxxxxxx' in html(response)  # the visitor's input is kept in the form


def test_role_list_rejects_an_unknown_skill_and_a_negative_salary(client, guide):
    response = client.get("/roles/", {"skill": "no-such-skill", "min_median_usd": "-5"})
    assert response.status_code == 400
    page = text(response)
    assert "Select a valid choice." in page
    assert "Ensure this value is greater than or equal to 0." in page


def test_role_list_bad_page_is_404(client, guide):
    assert client.get("/roles/", {"page": "999"}).status_code == 404
    assert client.get("/roles/", {"page": "abc"}).status_code == 404


# --- The guide ---------------------------------------------------------------------------------------------


def test_guide_has_every_section_in_order_with_a_working_table_of_contents(client, guide):
    page = html(client.get(f"/roles/{GUIDE_SLUG}/"))
    positions = [page.index(f'<section id="{section.id}"') for section in GUIDE_SECTIONS]
    assert positions == sorted(positions)
    for section in GUIDE_SECTIONS:
        assert f'<a href="#{section.id}">{section.title}</a>' in page
        assert f'<h2 id="{section.id}-title">' in page  # what the section's aria-labelledby names
    assert page.count("<h1") == 1


def test_guide_key_facts_show_figures_with_source_and_date(client, guide):
    response = client.get(f"/roles/{GUIDE_SLUG}/")
    page = text(response)
    assert "$164,070 a year" in page
    assert "Guide: $164,070, May 2023 (BLS, as cited by the guide)" in page
    assert "No BLS figure for this occupation is loaded here to compare it with." in page
    assert "National median for Computer and Information Systems Managers" in page
    assert "Checked against its sources" not in page
    assert "$115k–$220k+" in page
    assert "≈ 85,000" in page
    assert "16%" in page
    # every citation points at a numbered note in the Sources section
    cited = set(re.findall(r'href="#source-(\d+)"', html(response)))
    listed = set(re.findall(r'<li id="source-(\d+)"', html(response)))
    assert cited == listed
    assert "Occupational Employment and Wage Statistics, May 2023" in page


def test_guide_numbers_its_sources_in_the_order_the_sections_cite_them(client):
    # Sources are created in reverse page order, so numbering by primary key or by table would show.
    names = ["median", "range", "growth", "openings", "education", "route", "level one", "level two"]
    names += ["projection", "outlook", "regional", "challenge", "trend"]
    sources = {name: f.SourceFactory(title=f"Source for {name}") for name in reversed(names)}
    role = f.RoleFactory()
    f.KeyFactsFactory(
        role=role,
        median_pay_source=sources["median"],
        pay_range_source=sources["range"],
        annual_openings_source=sources["openings"],
        typical_education_source=sources["education"],
    )
    for kind in ["trend", "challenge", "outlook"]:  # the admin's order is not the page's
        f.MarketInsightFactory(role=role, kind=MarketInsight.Kind(kind), source=sources[kind])
    f.RegionalSalaryFactory(role=role, region=spare_region(), source=sources["regional"])
    f.RegionalSalaryFactory(role=role, region=spare_region(), source=sources["median"])  # cited again: same number
    f.GrowthProjectionFactory(role=role, is_headline=False, source=sources["projection"])
    f.GrowthProjectionFactory(role=role, source=sources["growth"])
    region = spare_region()
    for order, name in [(2, "level two"), (1, "level one")]:
        level = f.CareerLevelFactory(role=role, order=order)
        f.LevelSalaryFactory(level=level, region=region, source=sources[name])
    f.EducationPathFactory(role=role, source=sources["route"])
    f.EducationPathFactory(role=role, cost_min=None, cost_max=None, source=f.SourceFactory())  # no cost: no citation

    page = html(client.get(role.get_absolute_url()))

    assert source_titles(page) == [f"Source for {name}" for name in names]
    assert page.count('href="#source-') == len(names) + 3  # education, the headline projection, a second range


def test_guide_salary_by_level_has_table_and_svg_chart(client, guide):
    response = client.get(f"/roles/{GUIDE_SLUG}/")
    page = html(response)
    salary = page[page.index('<section id="salary"') : page.index('<section id="career-ladder"')]
    assert '<svg viewBox="0 0 400' in salary
    assert 'role="img"' in salary
    assert "<caption" in salary
    assert '<th scope="col">Median</th>' in salary
    for level, median, average in [
        ("Assistant Technical Manager", "$90,000", "$95,000"),
        ("VP of Technology", "$285,000", "$300,000"),
    ]:
        assert re.search(
            rf'{level}</a></th>\s*<td data-label="Median">{re.escape(median)}</td>\s*'
            rf'<td data-label="Average">{re.escape(average)}</td>',
            salary,
        )
    assert "$285k / $300k" in salary  # the chart labels each bar in text, not just by length


def test_guide_career_ladder_lists_levels_with_years_scope_and_focus_areas(client, guide):
    page = html(client.get(f"/roles/{GUIDE_SLUG}/"))
    ladder = page[page.index('<section id="career-ladder"') : page.index('<section id="global-salaries"')]
    assert ladder.count('<li class="ladder-step">') == 6
    assert "3–5 years total experience, 1–2 in the role" in ladder
    assert "20+ years total experience, 5+ in the role" in ladder
    assert 'href="/roles/technical-manager/levels/assistant-technical-manager/"' in ladder
    assert "reports to a Technical Manager or a Senior Technical Manager." in ladder  # scope
    assert "Key focus areas" in ladder


def test_guide_global_salaries_show_local_and_usd_with_chart(client, guide):
    page = html(client.get(f"/roles/{GUIDE_SLUG}/"))
    section = page[page.index('<section id="global-salaries"') : page.index('<section id="remote-work"')]
    assert "€70,000–€110,000" in section
    assert "≈ $75,000–$120,000" in section
    assert "₹1,500,000–₹3,000,000" in section or "INR 1,500,000–INR 3,000,000" in section
    assert 'id="chart-global-salaries-title"' in section


def test_guide_related_careers_without_a_guide_are_not_links(client, guide):
    published = Role.objects.get(slug="technical-director")
    page = html(client.get(f"/roles/{GUIDE_SLUG}/"))
    related = page[page.index('<section id="related"') :]
    assert "<span>Technical Director</span>" in related
    assert f'href="{published.get_absolute_url()}"' not in related

    published.is_published = True
    published.save()
    related = html(client.get(f"/roles/{GUIDE_SLUG}/")).split('<section id="related"')[1]
    assert f'<a href="{published.get_absolute_url()}">Technical Director</a>' in related


def test_guide_has_seo_metadata_and_occupation_json_ld(client, guide):
    page = html(client.get(f"/roles/{GUIDE_SLUG}/"))
    assert "<title>Technical Manager career guide · CareerGuide</title>" in page
    assert '<link rel="canonical" href="http://testserver/roles/technical-manager/">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta name="description" content="Technical Managers lead' in page
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Occupation"
    assert data["name"] == "Technical Manager"
    assert data["estimatedSalary"][0] == {
        "@type": "MonetaryAmountDistribution",
        "name": "base",
        "currency": "USD",
        "duration": "P1Y",
        "median": 164070.0,
    }
    assert {"@type": "Country", "name": "United States"} in data["occupationLocation"]
    assert "Leadership and Mentorship" in data["skills"]
    assert data["educationRequirements"].startswith("A bachelor's")
    assert data["experienceRequirements"]["monthsOfExperience"] == 36


def test_json_ld_cannot_break_out_of_its_script_element(client):
    role = f.RoleFactory(summary="</script><script>alert(1)</script>")
    page = html(client.get(role.get_absolute_url()))
    block = page[page.index('<script type="application/ld+json">') :]
    assert block.index("</script>") > block.index("\\u003C/script\\u003E")


def test_every_page_type_has_a_unique_title_and_description(client, guide):
    urls = [
        "/",
        "/roles/",
        f"/roles/{GUIDE_SLUG}/",
        f"/roles/{GUIDE_SLUG}/levels/technical-manager/",
        "/skills/",
        "/salaries/",
        "/compare/",
        "/compare/skills-gap/",
    ]
    titles = [re.search(r"<title>(.*?)</title>", html(client.get(url))).group(1) for url in urls]
    descriptions = [
        re.search(r'<meta name="description" content="(.*?)">', html(client.get(url))).group(1) for url in urls
    ]
    assert len(titles) == len(urls)
    assert len(descriptions) == len(urls)


def test_unpublished_and_future_roles_are_404_for_the_public(client):
    draft = f.RoleFactory(is_published=False)
    scheduled = f.RoleFactory(published_at=timezone.now() + timedelta(days=1))
    level = f.CareerLevelFactory(role=draft)
    for url in [draft.get_absolute_url(), scheduled.get_absolute_url(), level.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in text(response)


def test_logged_in_non_staff_users_cannot_see_drafts(client, django_user_model):
    draft = f.RoleFactory(is_published=False)
    client.force_login(django_user_model.objects.create_user("reader", password="x"))

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_guide_marked_private_and_unindexed(client, django_user_model):
    draft = f.RoleFactory(title="Draft Role", is_published=False)
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Draft preview — not public." in text(response)
    assert "Draft Role career guide" in text(response)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


def test_staff_see_published_guides_without_the_draft_banner(client, django_user_model):
    role = f.RoleFactory()
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))

    response = client.get(role.get_absolute_url())

    assert "Draft preview" not in text(response)
    assert "X-Robots-Tag" not in response


def test_unknown_role_is_a_404_page_in_the_site_style(client):
    response = client.get("/roles/no-such-role/")
    assert response.status_code == 404
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html(response)
    assert "Search every career guide" in text(response)


def test_a_role_with_no_content_still_renders(client):
    role = f.RoleFactory(description="", summary="")
    response = client.get(role.get_absolute_url())
    assert response.status_code == 200
    assert "This guide has no headline figures yet." in text(response)


# --- Ladder levels -----------------------------------------------------------------------------------------


def test_level_page_shows_scope_focus_pay_and_the_step_to_the_next_level(client, guide):
    response = client.get(f"/roles/{GUIDE_SLUG}/levels/technical-manager/")
    page = text(response)
    assert "Technical Manager career ladder · level 2 of 6" in page
    assert "Runs one or more technical teams" in page
    assert "Strengthen strategic planning" in page
    assert "Reaching Senior Technical Manager" in page
    assert "+$37,000" in page  # US median $128k → $165k
    assert "Median $128,000 → $165,000 (+29%)" in page
    assert "Become expert at leading across functions" in page  # a focus area of the next level
    assert "About 3 more years" in page
    assert 'rel="prev" href="/roles/technical-manager/levels/assistant-technical-manager/"' in html(response)
    assert 'rel="next" href="/roles/technical-manager/levels/senior-technical-manager/"' in html(response)


def test_level_page_numbers_its_sources_in_the_order_it_cites_them(client):
    role = f.RoleFactory()
    shown_second = f.SourceFactory(title="Shown second")  # created first, so numbering by key would show
    shown_first = f.SourceFactory(title="Shown first")
    next_level = f.SourceFactory(title="Next level")
    first_region, second_region = spare_region(), spare_region()  # the pay table's order
    levels = [f.CareerLevelFactory(role=role, order=order) for order in (1, 2, 3)]
    f.LevelSalaryFactory(level=levels[1], region=second_region, source=shown_second)
    f.LevelSalaryFactory(level=levels[1], region=first_region, source=shown_first)
    f.LevelSalaryFactory(level=levels[2], region=first_region, source=next_level)

    page = html(client.get(levels[1].get_absolute_url()))

    # The pay difference to the next level comes from that level's figures, so its source is listed too.
    assert source_titles(page) == ["Shown first", "Shown second", "Next level"]


def test_top_level_has_no_next_level(client, guide):
    page = text(client.get(f"/roles/{GUIDE_SLUG}/levels/vp-of-technology/"))
    assert "The top of this ladder" in page
    assert "Next level" not in page


def test_unknown_level_is_404(client, guide):
    assert client.get(f"/roles/{GUIDE_SLUG}/levels/no-such-level/").status_code == 404
    assert client.get("/roles/no-such-role/levels/technical-manager/").status_code == 404


# --- Skills -------------------------------------------------------------------------------------------------


def test_skill_list_groups_the_taxonomy_and_counts_public_roles(client, guide):
    draft = f.RoleFactory(is_published=False)
    skill = guide.role_skills.select_related("skill").first().skill
    f.RoleSkillFactory(role=draft, skill=skill)
    page = text(client.get("/skills/"))
    assert "Technical skills" in page
    assert "Soft skills" in page
    assert f"{skill.name} 1 role" in page


def test_skill_list_search_and_bad_category(client, guide):
    assert "Cloud Platform Architectures" in text(client.get("/skills/", {"q": "cloud"}))
    assert "Leadership" not in text(client.get("/skills/", {"q": "cloud"})).split("Show skills")[1]
    response = client.get("/skills/", {"category": "magic"})
    assert response.status_code == 400
    assert "Select a valid choice. magic is not one of the available choices." in text(response)


def test_skill_detail_lists_public_roles_needing_it(client, guide):
    skill = f.SkillFactory(name="Underwater Welding")
    f.RoleSkillFactory(role=guide, skill=skill, detail="e.g. wet and dry welding")
    f.RoleSkillFactory(role=f.RoleFactory(title="Hidden", is_published=False), skill=skill)
    page = text(client.get(skill.get_absolute_url()))
    assert "Roles that need Underwater Welding" in page
    assert "Technical Manager" in page
    assert "In this guide: e.g. wet and dry welding" in page
    assert "Hidden" not in page
    assert client.get("/skills/no-such-skill/").status_code == 404


def test_skill_page_and_skill_list_show_one_page_at_a_time(client):
    skill = f.SkillFactory(name="Welding")
    for n in range(30):
        f.RoleSkillFactory(role=f.RoleFactory(title=f"Welder {n:02d}"), skill=skill)
    for n in range(120):
        f.SkillFactory(name=f"Skill {n:03d}")

    first, second = (text(client.get(skill.get_absolute_url(), {"page": p})) for p in (1, 2))
    listing = text(client.get("/skills/"))

    assert "30 roles" in first and "Page 1 of 2" in first
    assert "Welder 00" in first and "Welder 23" in first and "Welder 24" not in first
    assert "Welder 24" in second and "Welder 29" in second
    assert client.get(skill.get_absolute_url(), {"page": 3}).status_code == 404
    assert "Page 1 of 2" in listing


# --- Compare and skills gap -----------------------------------------------------------------------------------


def test_compare_shows_roles_side_by_side_with_shared_skills(client, guide):
    other = f.RoleFactory(title="Data Engineer")
    f.KeyFactsFactory(role=other, median_pay=Decimal("120000"))
    shared = guide.role_skills.select_related("skill").first().skill
    f.RoleSkillFactory(role=other, skill=shared)
    response = client.get("/compare/", {"roles": f"{GUIDE_SLUG},{other.slug}"})
    assert response.status_code == 200
    page = text(response)
    assert "Technical Manager vs Data Engineer" in page
    assert "$164,070" in page
    assert "$120,000" in page
    assert f"Skills every one of these roles needs {shared.name}" in page
    assert 'id="chart-compare-pay-title"' in html(response)


def test_compare_works_for_generated_roles_and_repeated_parameters(client):
    roles = [f.RoleFactory() for _ in range(4)]
    response = client.get("/compare/", {"roles": [role.slug for role in roles]})
    assert response.status_code == 200
    assert " vs ".join(role.title for role in roles) in text(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"roles": "technical-manager,no-such-role"}, "Unknown role: no-such-role."),
        ({"roles": "technical-manager"}, "Choose at least 2 different roles"),
        ({"roles": "a,b,c,d,e"}, "Compare at most 4 roles at a time (got 5)."),
        ({"roles": "technical-manager,technical-director"}, "Unknown role: technical-director."),  # unpublished
    ],
)
def test_compare_bad_input_says_what_is_wrong(client, guide, query, message):
    response = client.get("/compare/", query)
    assert response.status_code == 400
    assert message in text(response)


def test_compare_without_roles_shows_the_picker(client, guide):
    response = client.get("/compare/")
    assert response.status_code == 200
    assert html(response).count('<input type="text" name="roles"') == 4
    assert html(response).count('list="role-suggestions"') == 4
    assert f'<option value="{GUIDE_SLUG}">Technical Manager</option>' in html(response)
    assert "Please check your choices" not in text(response)


def test_skills_gap_lists_shared_skills_and_skills_to_add(client, guide):
    current = f.RoleFactory(title="Senior Engineer")
    f.KeyFactsFactory(role=current, median_pay=Decimal("150000"))
    links = list(guide.role_skills.select_related("skill"))
    f.RoleSkillFactory(role=current, skill=links[0].skill)
    f.RoleSkillFactory(role=current, skill=f.SkillFactory(name="Embedded C"))
    response = client.get("/compare/skills-gap/", {"current": current.slug, "target": GUIDE_SLUG})
    assert response.status_code == 200
    page = text(response)
    assert f"{round(100 / len(links))}% of the skills a Technical Manager needs" in page
    assert f"Skills to add ({len(links) - 1})" in page
    assert "Skills you already have (1)" in page
    assert "Embedded C" in page
    assert "+$14,070" in page
    assert "Headline median pay a year, in US dollars" in html(response)  # a chart above the pay table
    assert "$150k" in html(response).split('id="chart-gap-pay-title"', 1)[1].split("</svg>", 1)[0]


def test_skills_gap_prefills_the_target_without_an_error(client, guide):
    response = client.get("/compare/skills-gap/", {"target": GUIDE_SLUG})
    assert response.status_code == 200
    assert f'id="gap-target" value="{GUIDE_SLUG}"' in html(response)
    assert "Please check your choices" not in text(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"current": GUIDE_SLUG, "target": GUIDE_SLUG}, "Choose two different roles"),
        ({"current": "no-such-role", "target": GUIDE_SLUG}, "Unknown role: no-such-role."),
        ({"current": "", "target": GUIDE_SLUG}, "Your current role: This field is required."),
        ({"current": "bad slug!", "target": GUIDE_SLUG}, "Unknown role: bad-slug."),  # read as a title
    ],
)
def test_skills_gap_bad_input_says_what_is_wrong(client, guide, query, message):
    response = client.get("/compare/skills-gap/", query)
    assert response.status_code == 400
    assert message in text(response)


# --- Site-wide ----------------------------------------------------------------------------------------------


def test_sitemap_is_an_index_of_sections_listing_public_pages_only(client, guide):
    draft = f.RoleFactory(is_published=False)
    index = html(client.get("/sitemap.xml"))
    sections = "".join(html(client.get(f"/sitemap-{name}.xml")) for name in ("pages", "roles", "levels", "skills"))

    assert "<sitemapindex" in index
    for name in ("pages", "roles", "levels", "skills"):
        assert f"<loc>http://testserver/sitemap-{name}.xml</loc>" in index
    assert f"<loc>http://testserver/roles/{GUIDE_SLUG}/</loc>" in sections
    assert f"<loc>http://testserver/roles/{GUIDE_SLUG}/levels/vp-of-technology/</loc>" in sections
    assert "<loc>http://testserver/salaries/</loc>" in sections
    assert draft.slug not in sections


def test_sitemap_sections_are_paginated_so_no_file_grows_with_the_roles(client, monkeypatch):
    monkeypatch.setattr("roles.sitemaps.RoleSitemap.limit", 2)
    for n in range(5):
        f.RoleFactory(title=f"Role {n}", slug=f"role-{n}")

    index = html(client.get("/sitemap.xml"))
    pages = [html(client.get("/sitemap-roles.xml", {"p": p})) for p in (1, 2, 3)]

    assert "<loc>http://testserver/sitemap-roles.xml?p=3</loc>" in index
    assert [page.count("<url>") for page in pages] == [2, 2, 1]
    assert client.get("/sitemap-roles.xml", {"p": 4}).status_code == 404
    assert client.get("/sitemap-nowhere.xml").status_code == 404


def test_sitemap_skills_are_those_public_roles_list(client, guide):
    draft = f.RoleFactory(is_published=False)
    draft_only = f.SkillFactory(name="Draft-only Skill", slug="draft-only-skill")
    f.RoleSkillFactory(role=draft, skill=draft_only)
    f.SkillFactory(name="Unlisted Skill", slug="unlisted-skill")

    skills = html(client.get("/sitemap-skills.xml"))

    assert skills.count("<url>") == Skill.objects.most_needed().count() > 0
    assert "draft-only-skill" not in skills and "unlisted-skill" not in skills


def test_the_sitemap_is_served_from_the_cache_until_the_content_changes(client, guide, django_assert_num_queries):
    for address in ("/sitemap.xml", "/sitemap-roles.xml"):
        assert client.get(address)["X-Cache"] == "miss"
        with django_assert_num_queries(0):
            cached = client.get(address)
        assert cached["X-Cache"] == "hit"
        assert "public" in cached["Cache-Control"]

    f.RoleFactory(title="Orbital Gardener", slug="orbital-gardener")
    assert "/roles/orbital-gardener/" in html(client.get("/sitemap-roles.xml"))


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in html(response)
    assert "Disallow: /admin/" in html(response)


def test_pages_are_public_cacheable_and_compressed(client, guide):
    response = client.get(f"/roles/{GUIDE_SLUG}/", headers={"accept-encoding": "gzip"})
    assert set(response["Cache-Control"].split(", ")) == {"max-age=300", "public"}
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_error_responses_are_not_cached(client, guide):
    assert "no-cache" in client.get("/roles/", {"q": "x" * 300})["Cache-Control"]


def test_pages_refuse_post(client, guide):
    assert client.post("/roles/").status_code == 405


def test_server_error_page_renders_without_a_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert '<link rel="stylesheet" href="/static/css/site.css">' in body


def test_production_static_files_have_hashed_names_and_long_cache_headers(settings, tmp_path, guide):
    """With the manifest storage and `collectstatic`, pages link hashed files that whitenoise caches for a year."""
    from django.core.management import call_command
    from django.test import Client

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    client = Client()  # a new handler, so whitenoise indexes the freshly collected files

    page = html(client.get(f"/roles/{GUIDE_SLUG}/"))
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    assert re.search(r'href="/static/img/favicon\.[0-9a-f]{12}\.svg"', page)
    response = client.get(css, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"


NASTY_VALUES = ["1e309", "-1e309", "NaN", "Infinity", "9" * 400, "\x00", "%00", "' OR 1=1 --", "<script>", "é" * 50]
NASTY_QUERIES = [
    ("/roles/", "q"),
    ("/roles/", "skill"),
    ("/roles/", "min_median_usd"),
    ("/roles/", "max_median_usd"),
    ("/roles/", "min_growth_pct"),
    ("/roles/", "ordering"),
    ("/roles/", "page"),
    ("/skills/", "q"),
    ("/skills/", "category"),
    ("/salaries/", "currency"),
    ("/salaries/", "role"),
    ("/salaries/", "region"),
    ("/salaries/", "country"),
    ("/salaries/", "min_usd"),
    ("/salaries/", "max_usd"),
    ("/salaries/", "ordering"),
    ("/compare/", "roles"),
    ("/compare/skills-gap/", "current"),
]


@pytest.mark.parametrize(("path", "name"), NASTY_QUERIES)
def test_no_query_parameter_value_causes_a_server_error(client, path, name):
    f.KeyFactsFactory()
    f.RegionalSalaryFactory()
    for value in NASTY_VALUES:
        response = client.get(path, {name: value, "target": "x"})
        assert response.status_code in (200, 400, 404), (path, name, value, response.status_code)
        assert b"<script>" not in response.content.split(b"<body>")[1]


def test_guide_shows_steps_and_top_industries_only_when_the_guide_has_them(client):
    filled = f.RoleFactory(slug="filled")
    f.KeyFactsFactory(role=filled)
    f.TopIndustryFactory(role=filled, order=1, name="Orbital logistics", note="a third of jobs")
    f.CareerEntryStepFactory(role=filled, order=2, title="Run a small crew", text="Volunteer to lead a shift.")
    f.CareerEntryStepFactory(role=filled, order=1, title="Learn the trade", text="")
    empty = f.RoleFactory(slug="empty")
    f.KeyFactsFactory(role=empty)

    page = client.get("/roles/filled/").content.decode()
    bare = client.get("/roles/empty/").content.decode()

    assert "<dt>Top industries</dt>" in page
    assert 'Orbital logistics <span class="muted">(a third of jobs)</span>' in page
    assert page.index("Learn the trade") < page.index("Run a small crew") < page.index("Volunteer to lead a shift.")
    assert "Top industries" not in bare
    assert "Step by step" not in bare


def test_role_pickers_take_a_typed_title_and_suggest_a_bounded_list(client, guide):
    other = f.RoleFactory(title="Data Engineer", slug="data-engineer")
    for n in range(60):
        f.RoleFactory(title=f"Zz Role {n:02d}")

    compare = client.get("/compare/", {"roles": "technical manager, Data Engineer"})
    gap = client.get("/compare/skills-gap/", {"current": "Data Engineer", "target": "Technical Manager"})
    picker = html(client.get("/compare/"))

    assert compare.status_code == 200 and "Technical Manager vs Data Engineer" in text(compare)
    assert gap.status_code == 200 and f"From {other.title} to Technical Manager" in text(gap)
    suggestions = picker.split('<datalist id="role-suggestions">')[1].split("</datalist>")[0]
    assert suggestions.count("<option value=") == 50  # suggestions, never every role


# --- Where do I stand: the self-assessment and job descriptions ---------------------------------------------

ASSESS = f"/roles/{GUIDE_SLUG}/assess/"
LEVEL_SLUGS = [
    "assistant-technical-manager",
    "technical-manager",
    "senior-technical-manager",
    "lead-technical-manager",
    "technical-director",
    "vp-of-technology",
]


def half_strong(role, **extra) -> dict:
    """The issue's example: every other skill of the guide "strong", the rest "none", 9 years, Germany."""
    skills = [link.skill.slug for link in role.role_skills.all()]
    answers = {f"skill-{slug}": "strong" if i % 2 == 0 else "none" for i, slug in enumerate(skills)}
    return {"years_total": "9", "years_at_level": "2", "region": "germany", "education": "bachelor", **answers, **extra}


def test_assess_query_count(client, data, django_assert_num_queries):
    # role+key facts+education source, then prefetches: levels, focus areas, level salaries, skills,
    # certifications, education paths, regional salaries; then the regions for the picker and their groups
    answers = half_strong(data)
    with django_assert_num_queries(10):
        assert client.get(ASSESS).status_code == 200
    with django_assert_num_queries(10):  # the same for a result: assess() itself runs no query
        assert client.get(ASSESS, answers).status_code == 200


def test_assess_for_technical_manager_with_9_years_half_strong_and_germany(client, guide):
    response = client.get(ASSESS, half_strong(guide))
    page = text(response)

    assert response.status_code == 200
    assert "Your level: Senior Technical Manager" in page
    assert "Your 9 years fall in the range of Senior Technical Manager (8–12 years)." in page
    assert "Skills covered 50% 10 of the 20 skills the guide lists for the role rated “working” or “strong”." in page
    assert "For the next level, Lead Technical Manager (12–15 years)" in page
    assert (
        "Experience covered 75% 9 years of total experience, against the 12 Lead Technical Manager starts at." in page
    )
    assert "Skills to build first (10)" in page
    assert "Cloud Platform Architectures: Missing: rated “none”." in page
    assert "Bootcamp Project management" in page and "$10,000–$20,000" in page  # a route with cost and duration
    assert "Senior Technical Manager United States $165,000 $175,000 [source 1] Himalayas, 2025" in page
    assert "Lead Technical Manager United States $195,000 $205,000" in page
    assert (
        "The guide gives no range for Germany itself; for Western Europe, which includes it: €70,000–€110,000 a year"
        in page
    )
    assert "(about $75,000–$120,000)" in page
    assert source_titles(html(response)) == ["Technical Manager career guide"]
    assert "How this is worked out" in page and "no importance scores" in page
    chart = html(response).split('id="chart-assessment-pay-title">', 1)[1].split("</svg>", 1)[0]
    assert chart.startswith("Annual pay by level, United States (USD)</title>")  # above the pay table
    assert "$165k / $175k" in chart and "$195k / $205k" in chart


def test_assess_form_sets_no_cookie_has_no_csrf_token_and_only_the_empty_form_is_publicly_cacheable(client, guide):
    empty = client.get(ASSESS)
    answered = client.get(ASSESS, half_strong(guide))

    for response in (empty, answered):
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in html(response)
    assert empty["Cache-Control"] == "public, max-age=300"
    # The result is personal (it echoes the answers): no shared cache nor a browser's disk keeps it.
    assert answered["Cache-Control"] == "private, no-store"
    assert client.get(ASSESS, {"years_total": "x"})["Cache-Control"] == "private, no-store"
    assert '<form class="assess-form" method="get"' in html(empty)
    # The empty form comes from the shared cache like any page; an answered one is never stored there.
    assert client.get(ASSESS)["X-Cache"] == "hit"
    assert "X-Cache" not in client.get(ASSESS, half_strong(guide)).headers
    assert answered["Referrer-Policy"] == "no-referrer"


def test_assess_logs_nothing_the_reader_entered(client, guide, caplog):
    caplog.set_level("DEBUG")

    client.get(ASSESS, half_strong(guide, years_total="59"))
    client.get(ASSESS, half_strong(guide, years_total="61", region="atlantis-region"))

    assert caplog.records  # the 400 is logged, by path only
    assert not [r for r in caplog.records if "atlantis" in r.getMessage() or "years_total" in r.getMessage()]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"years_total": "61"}, "Total years of experience: Ensure this value is less than or equal to 60."),
        ({"years_total": "-1"}, "Total years of experience: Ensure this value is greater than or equal to 0."),
        ({"years_total": "nine"}, "Total years of experience: Enter a whole number."),
        ({"years_total": ""}, "Total years of experience: This field is required."),
        ({"years_total": "3", "years_at_level": "4"}, "Years at your current level (4) cannot be more than"),
        ({"region": "atlantis"}, "Country or region (optional): Select a valid choice."),
        ({"certifications": "pmp"}, "Certifications you hold: Select a valid choice. pmp is not one"),
        ({"education": "phd"}, "Highest education: Select a valid choice."),
        ({"skill-strategic-thinking": "expert"}, "Strategic Thinking: Select a valid choice. expert is not one"),
    ],
)
def test_assess_bad_answers_are_a_400_with_the_form_error_and_keep_the_answers(client, guide, answers, message):
    response = client.get(ASSESS, half_strong(guide, **answers))

    assert response.status_code == 400
    assert message in text(response)
    assert "Your level" not in text(response)
    # The answers stay on the form, to correct and send again.
    assert 'value="strong" id="id_skill-leadership-and-mentorship_3" checked>' in html(response)


def test_assess_unknown_or_unpublished_role_is_404(client, guide):
    draft = f.RoleFactory(is_published=False)
    assert client.get("/roles/no-such-role/assess/").status_code == 404
    assert client.get(f"/roles/{draft.slug}/assess/").status_code == 404


def test_assess_role_without_ladder_or_region_figure(client):
    role = f.RoleFactory(title="Comet Herder", slug="comet-herder")
    f.RoleSkillFactory(role=role, skill=f.SkillFactory(name="Tail grooming", slug="tail-grooming"))
    region = spare_region()

    page = text(client.get(f"/roles/{role.slug}/assess/", {"years_total": "4", "region": region.slug}))

    assert "This guide has no career ladder, so there is no level to match." in page
    assert "There is no ladder level to measure readiness against." in page
    assert f"The guide gives no salary range for {region.name} or a region that includes it." in page


def test_job_description_query_count(client, data, django_assert_num_queries):
    # as the assessment (8 role queries), plus responsibilities and tools, then regions and their groups
    with django_assert_num_queries(12):
        assert client.get(f"/roles/{GUIDE_SLUG}/levels/technical-manager/job-description/").status_code == 200
    with django_assert_num_queries(12):
        response = client.get(f"/roles/{GUIDE_SLUG}/levels/technical-manager/job-description/", {"format": "md"})
        assert response.status_code == 200


@pytest.mark.parametrize("level", LEVEL_SLUGS)
@pytest.mark.parametrize(("file_format", "content_type"), [("md", "text/markdown"), ("txt", "text/plain")])
def test_job_description_downloads_for_every_level(client, guide, level, file_format, content_type):
    response = client.get(f"/roles/{GUIDE_SLUG}/levels/{level}/job-description/", {"format": file_format})

    assert response.status_code == 200
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{GUIDE_SLUG}-{level}-job-description.{file_format}"'
    )
    body = response.content.decode()
    headings = ["About the role", "Scope at this level", "Responsibilities", "Focus at this level", "Required skills"]
    headings += ["Nice to have", "Education", "Experience", "Certifications", "Pay", "Sources"]
    for heading in headings:
        assert (f"## {heading}\n" if file_format == "md" else f"\n{heading}\n{'-' * len(heading)}\n") in body
    assert "United States: median $" in body
    assert "Himalayas, Technical Manager career guide, 2025." in body


def test_job_description_page_is_printable_with_downloads_and_a_region(client, guide):
    url = f"/roles/{GUIDE_SLUG}/levels/senior-technical-manager/job-description/"
    response = client.get(url, {"region": "germany"})
    page = text(response)

    assert response.status_code == 200
    assert "<h1>Senior Technical Manager</h1>" in html(response)
    assert "Level 3 of 6 on the Technical Manager career ladder." in page
    assert "United States: median $165,000, average $175,000 a year.[source 1]" in page
    assert "Western Europe (includes Germany), the role at any level: €70,000–€110,000 a year" in page
    assert 'href="?region=germany&amp;format=md"' in html(response)
    # The picker and downloads are a `.filters` form, which the print stylesheet hides with the navigation.
    assert '<form class="filters" method="get"' in html(response)
    assert "Set-Cookie" not in response.headers
    assert client.get(url, {"region": "germany", "format": "md"})["Content-Disposition"].endswith(
        'senior-technical-manager-germany-job-description.md"'
    )


def test_job_description_bad_input(client, guide):
    url = f"/roles/{GUIDE_SLUG}/levels/technical-manager/job-description/"
    assert client.get(url, {"region": "atlantis"}).status_code == 400
    assert "Add pay for a country or region: Select a valid choice." in text(client.get(url, {"region": "atlantis"}))
    assert client.get(url, {"format": "pdf"}).status_code == 400
    assert client.get(f"/roles/{GUIDE_SLUG}/levels/no-such-level/job-description/").status_code == 404
    assert client.get("/roles/no-such-role/levels/technical-manager/job-description/").status_code == 404


def test_guide_level_and_skills_gap_pages_lead_to_the_tools(client, guide):
    readiness = html(client.get(f"/roles/{GUIDE_SLUG}/")).split('<section id="readiness"')[1]
    level = html(client.get(f"/roles/{GUIDE_SLUG}/levels/technical-director/"))
    other = f.RoleFactory(title="Data Engineer", slug="data-engineer")
    gap = html(client.get("/compare/skills-gap/", {"current": other.slug, "target": GUIDE_SLUG}))

    assert f'href="{ASSESS}"' in readiness
    for slug in LEVEL_SLUGS:
        assert f'href="/roles/{GUIDE_SLUG}/levels/{slug}/job-description/"' in readiness
    assert f'href="{ASSESS}"' in level
    assert f'href="/roles/{GUIDE_SLUG}/levels/technical-director/job-description/"' in level
    assert f'href="{ASSESS}"' in gap


def test_sitemap_lists_every_job_description(client, guide):
    index = html(client.get("/sitemap.xml"))
    section = html(client.get("/sitemap-job-descriptions.xml"))

    assert "<loc>http://testserver/sitemap-job-descriptions.xml</loc>" in index
    for slug in LEVEL_SLUGS:
        assert f"<loc>http://testserver/roles/{GUIDE_SLUG}/levels/{slug}/job-description/</loc>" in section
