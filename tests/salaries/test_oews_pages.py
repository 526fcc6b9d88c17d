"""The OEWS pages: the occupation list, an occupation's page (served by roles, with its guides), the areas,
and occupations on the compare page.

Data: the fictional "May 2030" release of tests/data/oews/may2030 (a nation, two fictional states, one
metro area), imported by `import_oews`, the one writer; copies of it are edited for a second release and
for an industry at BLS's ranked level.
"""

import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db

RELEASE_DIR = Path(__file__).resolve().parent.parent / "data" / "oews" / "may2030"
DATA = "oe.data.0.Current"


def load(directory=RELEASE_DIR, *options):
    call_command("import_oews", str(directory), "--published", "2031-04-01", *options, verbosity=0)


@pytest.fixture
def release(settings):
    settings.RESPONSE_CACHE_SECONDS = 0  # every request does its queries
    load()


def edited_copy(tmp_path, *edits) -> Path:
    """A copy of the fictional release with `(file, old, new)` replaced (every occurrence)."""
    target = tmp_path / "release"
    shutil.copytree(RELEASE_DIR, target, dirs_exist_ok=True)
    for name, old, new in edits:
        path = target / name
        text = path.read_bytes().decode()
        assert old in text, old
        path.write_bytes(text.replace(old, new).encode())
    return target


def page(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.content[:2000]
    return response.content.decode()


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


# --- The occupation list --------------------------------------------------------------------------------


def test_occupation_list_shows_detailed_occupations_and_the_major_groups(client, release, django_assert_num_queries):
    # release, count, page of occupations + national figures, footnotes, major groups + counts + figures
    with django_assert_num_queries(5):
        html = page(client, "/occupations/")

    assert "3 occupations" in html
    for title in ("Dragon Keepers", "Griffin Keepers", "Cloud Cartographers"):
        assert title in html
    assert 'href="/occupations/98-1011/"' in html
    assert "Imaginary Occupations" in html  # the major group, with its count of detailed occupations
    assert re.search(r'Imaginary Occupations</a></th>\s*<td data-label="Occupations">3</td>', html)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("search=dragon", ["Dragon Keepers"]),
        ("search=98-1020", ["Cloud Cartographers"]),
        ("group=98-0000&ordering=title", ["Cloud Cartographers", "Dragon Keepers", "Griffin Keepers"]),
        ("min_employment=1000000", []),
        ("level=broad", ["Creature Keepers"]),
    ],
)
def test_occupation_list_searches_filters_and_sorts(client, release, query, found):
    html = page(client, f"/occupations/?{query}")
    rows = re.findall(r'<th scope="row"><a href="/occupations/[0-9-]+/">([^<]+)</a>', html)
    assert rows == found


def test_occupation_list_sorts_by_median_pay(client, release):
    html = page(client, "/occupations/?ordering=-annual_median")
    rows = re.findall(r'<th scope="row"><a href="/occupations/([0-9-]+)/">', html)
    assert rows[:2] == ["98-1012", "98-1011"]  # griffin keepers ($93,600), then dragon keepers ($83,200)


@pytest.mark.parametrize(("query", "label"), [("min_median=lots", "Median at least"), ("group=98", "Major group")])
def test_occupation_list_bad_filters_are_form_errors(client, release, query, label):
    html = page(client, f"/occupations/?{query}", status=400)
    assert 'role="alert"' in html


def test_occupation_list_query_count_stays_flat_as_occupations_grow(client, release, django_assert_num_queries):
    for n in range(60):  # more than a page of occupations more
        factories.OccupationFactory(soc_code=f"97-{n:04d}")
    with django_assert_num_queries(5):
        html = page(client, "/occupations/?page=2")
    assert "Page 2 of" in html


# --- An occupation's page -------------------------------------------------------------------------------


def test_occupation_page_shows_percentiles_floors_release_and_json_ld(client, release, django_assert_num_queries):
    # occupation + parents, its children, releases, footnotes, national + state estimates, metro count,
    # metro top ten by pay, by jobs, metro page, top industries, neighbours, guides
    with django_assert_num_queries(12):
        html = page(client, "/occupations/98-1011/")

    assert "<h1>Dragon Keepers</h1>" in html
    assert "BLS OEWS, May 2030, published 2031-04-01" in html
    assert "at least $239,200" in html  # the top-coded 90th percentile
    assert "≥ $239.2k" in html  # ... and in the band
    assert 'role="img" aria-labelledby="pay-band-title pay-band-desc"' in html
    assert "This wage is equal to or greater than $115.00 per hour or $239,200 per year." in html  # footnotes
    data = json_ld(html)
    assert data["@type"] == "Occupation"
    assert data["occupationalCategory"]["codeValue"] == "98-1011"
    salary = data["estimatedSalary"][0]
    assert salary["@type"] == "MonetaryAmountDistribution"
    assert {"percentile10", "percentile25", "median", "percentile75"} <= set(salary)
    assert "percentile90" not in salary  # a floor is not a value


def test_occupation_page_says_why_an_hourly_occupation_has_no_yearly_pay(client, release):
    html = page(client, "/occupations/98-1020/")
    assert "BLS publishes this occupation's pay by the hour only" in html
    assert "not published for this occupation" in html
    assert json_ld(html)["estimatedSalary"][0]["unitText"] == "HOUR"


def test_occupation_page_maps_every_state_and_lists_the_states_in_a_sortable_table(client, release):
    html = page(client, "/occupations/98-1011/")

    assert 'id="pay-by-state"' in html
    tiles = re.findall(r'<a href="\?state=(\d\d)#your-state" aria-label="([^"]+)"', html)
    assert len(tiles) == 54  # 50 states, DC, Guam, Puerto Rico, the Virgin Islands
    assert ("06", "CA, California: no estimate loaded") in tiles  # the name starts with the visible text
    assert "Not on the map:" in html and "Aquilonia" in html  # the fictional states have no tile
    assert '<caption id="state-table-caption">' in html
    assert 'aria-sort="descending"><a href="?order=median#state-table">' in html
    by_name = page(client, "/occupations/98-1011/?order=name")
    assert 'aria-sort="ascending"><a href="?order=name#state-table">' in by_name


def test_occupation_page_shows_the_chosen_state_beside_the_nation(client, release):
    html = page(client, "/occupations/98-1012/?state=99")

    assert "<strong>In Borealis</strong>" in html
    assert "Borealis, yearly" in html
    assert "not released" in html  # BLS released no figure for griffin keepers in Borealis
    assert 'href="/areas/9900000/"' in html


def test_occupation_page_refuses_an_unknown_state_with_a_form_error(client, release):
    html = page(client, "/occupations/98-1011/?state=06", status=400)
    assert 'id="state-errors"' in html


def test_unknown_occupation_is_a_404_page(client, release):
    assert client.get("/occupations/12-3456/").status_code == 404
    assert client.get("/occupations/nonsense/").status_code == 404


def test_occupation_page_lists_metros_industries_neighbours_and_guides(client, tmp_path, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    # Lantern making as one of BLS's 4-digit industry groups, the level the page ranks industries at.
    load(edited_copy(tmp_path, ("oe.industry", "981000\tLantern Making\t3", "981000\tLantern Making\t4")))
    factories.RoleFactory(title="Dragon Keeper", slug="dragon-keeper", soc_code="98-1011")
    factories.RoleFactory(title="Draft", slug="draft", soc_code="98-1011", is_published=False)

    html = page(client, "/occupations/98-1011/")

    assert "Lantern Bay, AQ" in html and 'href="/areas/0098001/"' in html
    assert re.search(r"<th scope=\"row\">Lantern Making</th>", html)
    assert 'href="/occupations/98-1012/">Griffin Keepers</a>' in html  # a neighbour, with its pay
    assert 'href="/roles/dragon-keeper/">Dragon Keeper</a>' in html
    assert "Draft" not in html
    assert "Creature Keepers" in html and "Imaginary Occupations" in html  # the SOC path


def test_occupation_page_without_metros_says_so_and_does_fewer_queries(client, settings, django_assert_num_queries):
    settings.RESPONSE_CACHE_SECONDS = 0
    load(RELEASE_DIR, "--areas", "national,state")
    # occupation + parents, children, releases, footnotes, national + state estimates, metro count (none),
    # top industries, neighbours, guides
    with django_assert_num_queries(9):
        html = page(client, "/occupations/98-1011/")
    assert "Figures for metropolitan areas are not loaded" in html


def test_occupation_page_query_count_stays_flat_as_areas_and_occupations_grow(
    client, release, django_assert_num_queries
):
    from salaries.models import Occupation, OewsIndustry, OewsRelease

    dragons = Occupation.objects.get(soc_code="98-1011")
    everywhere = OewsIndustry.objects.get(code="000000")
    may = OewsRelease.objects.get()
    for n in range(60):  # more metros than a page, and more neighbours
        metro = factories.OewsAreaFactory(code=f"97{n:05d}")
        factories.WageEstimateFactory(release=may, occupation=dragons, industry=everywhere, area=metro)
        factories.OccupationFactory(soc_code=f"98-{9000 + n}", parent=dragons.parent)
    with django_assert_num_queries(12):
        html = page(client, "/occupations/98-1011/?metros_page=2")
    assert "page 2 of 2" in html


def test_occupation_page_shows_how_pay_moved_between_two_releases(client, tmp_path, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    load()
    newer = edited_copy(
        tmp_path,
        ("oe.release", "2030A01\tMay 2030", "2031A01\tMay 2031"),
        (DATA, "\t2030\t", "\t2031\t"),
        (
            DATA,
            "OEUN000000000000098101113     \t2031\tA01\t       83200",
            "OEUN000000000000098101113     \t2031\tA01\t       91520",
        ),
    )
    load(newer)

    html = page(client, "/occupations/98-1011/")

    assert "May 2031" in html
    assert re.search(
        r"How pay moved: the national yearly median was \$83,200 in May 2030 and is \$91,520 in May 2031 \(\+10\.0%\)",
        html,
    )


def test_occupation_pages_are_served_from_the_response_cache(client, settings):
    load()
    settings.RESPONSE_CACHE_SECONDS = 300
    first = client.get("/occupations/98-1011/")
    second = client.get("/occupations/98-1011/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert "public" in second["Cache-Control"]
    assert client.get("/areas/9800000/")["X-Cache"] == "miss"
    assert client.get("/occupations/")["X-Cache"] == "miss"


def test_sitemap_points_occupations_at_their_pages(client, release):
    section = page(client, "/sitemap-occupations.xml")
    assert "/occupations/98-1011/</loc>" in section and "/api/" not in section


# --- Areas ----------------------------------------------------------------------------------------------


def test_area_list_lists_states_and_metros(client, release, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, page of areas + their states
        html = page(client, "/areas/")
    assert 'href="/areas/9800000/">Aquilonia</a>' in html
    assert 'href="/areas/0098001/">Lantern Bay, AQ</a>' in html
    metros = page(client, "/areas/?type=metro")
    assert "Lantern Bay, AQ" in metros and "Aquilonia</a>" not in metros
    page(client, "/areas/?type=moon", status=400)


def test_area_page_ranks_occupations_by_pay_jobs_and_concentration(client, release, django_assert_num_queries):
    with django_assert_num_queries(6):  # area + state, release, footnotes, three rankings
        html = page(client, "/areas/9800000/")

    assert "<h1>Aquilonia</h1>" in html
    for heading in ("Best-paid occupations", "Occupations with the most jobs", "Most concentrated here"):
        assert heading in html
    assert 'href="/occupations/98-1011/?state=98#your-state">Dragon Keepers</a>' in html


def test_area_page_query_count_stays_flat_as_occupations_grow(client, release, django_assert_num_queries):
    from salaries.models import OewsArea, OewsIndustry, OewsRelease

    aquilonia = OewsArea.objects.get(code="9800000")
    everywhere = OewsIndustry.objects.get(code="000000")
    may = OewsRelease.objects.get()
    for n in range(30):
        occupation = factories.OccupationFactory(soc_code=f"97-{n:04d}")
        factories.WageEstimateFactory(release=may, area=aquilonia, industry=everywhere, occupation=occupation)
    with django_assert_num_queries(6):
        page(client, "/areas/9800000/")


def test_unknown_area_is_a_404_page(client, release):
    assert client.get("/areas/1234567/").status_code == 404
    assert client.get("/areas/nonsense/").status_code == 404


# --- Compare --------------------------------------------------------------------------------------------


def test_compare_puts_occupations_side_by_side_nationally_or_in_a_state(client, release):
    html = page(client, "/compare/?occupations=98-1011&occupations=98-1012")
    assert "Dragon Keepers vs Griffin Keepers: United States, BLS OEWS May 2030" in html
    assert "at least $239,200" in html

    in_state = page(client, "/compare/?occupations=98-1011,98-1012&state=99")
    assert "Dragon Keepers vs Griffin Keepers: Borealis" in in_state
    assert "Location quotient" in in_state


def test_compare_prefills_an_occupation_from_its_page_link(client, release):
    html = page(client, "/compare/?occupation=98-1011")
    assert 'name="occupations" id="compare-occupation-1" value="98-1011"' in html
    assert 'role="alert"' not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("occupations=98-1011", "Choose two to 4 different occupations."),
        ("occupations=98-1011,nurse", "Not a SOC code"),
        ("occupations=98-1011,12-3456", "No occupation with SOC code 12-3456."),
        ("occupations=98-1011,98-1012&state=06", "Select a valid choice"),
    ],
)
def test_compare_bad_occupations_are_form_errors(client, release, query, message):
    html = page(client, f"/compare/?{query}", status=400)
    assert message in html
