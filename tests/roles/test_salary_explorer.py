"""The salary explorer: filters, display currency, conversion statements, bad input and query counts."""

import re
from datetime import date
from decimal import Decimal

import pytest

from salaries.models import ExchangeRate
from tests import factories as f
from tests.guide_data import build_many_roles, load_guide, source_titles, spare_region

pytestmark = pytest.mark.django_db

INLINE_TAGS = re.compile(r"</?(a|span|strong|em|sup|time|abbr|b|i)\b[^>]*>")


def text(response) -> str:
    body = response.content.decode().split("<body>", 1)[-1]
    return " ".join(re.sub(r"<[^>]+>", " ", INLINE_TAGS.sub("", body)).split())


@pytest.fixture
def guide():
    return load_guide()


@pytest.fixture
def euro_rate():
    """1 EUR = 1.25 USD: a round rate makes converted amounts easy to check by hand."""
    source = f.SourceFactory(
        publisher="European Central Bank",
        publisher_abbreviation="ECB",
        title="Reference rates",
        as_of=date(2025, 1, 2),
        as_of_precision="day",
    )
    f.ExchangeRateFactory(usd_per_unit=Decimal("1.10"), as_of=date(2024, 1, 2), source=source)  # older: ignored
    return f.ExchangeRateFactory(usd_per_unit=Decimal("1.25"), as_of=date(2025, 1, 2), source=source)


@pytest.mark.parametrize("extra_roles", [0, 50])
def test_explorer_query_count(client, guide, euro_rate, extra_roles, django_assert_num_queries):
    build_many_roles(extra_roles)
    # latest exchange rates, count, page of ranges with role/region/currency/source, the role picker's
    # suggestions and the regions of the filter drop-down
    with django_assert_num_queries(5):
        assert client.get("/salaries/", {"currency": "EUR"}).status_code == 200


def test_explorer_lists_every_public_range_in_local_currency_by_default(client, guide):
    draft = f.RoleFactory(title="Hidden Draft", is_published=False)
    f.RegionalSalaryFactory(role=draft, region=spare_region())
    response = client.get("/salaries/")
    page = text(response)
    assert response.status_code == 200
    assert "8 salary ranges" in page
    assert "Western Europe Technical Manager €70,000–€110,000" in page
    assert "Brazil Technical Manager BRL 120,000–BRL 200,000" in page
    assert "Hidden Draft" not in page
    assert "Converted amounts." not in page
    assert '<span class="badge">converted</span>' not in response.content.decode()


def test_explorer_filters_by_role_and_region(client, guide):
    other = f.RegionalSalaryFactory(role=f.RoleFactory(title="Data Engineer"), region=spare_region())
    page = text(client.get("/salaries/", {"role": other.role.slug}))
    assert "1 salary range" in page
    assert "Data Engineer" in page
    page = text(client.get("/salaries/", {"region": "brazil"}))
    assert "1 salary range" in page
    assert "BRL 120,000–BRL 200,000" in page


def test_explorer_role_picker_takes_a_typed_title_and_never_lists_every_role(client, guide):
    build_many_roles(60)
    body = client.get("/salaries/").content.decode()
    assert '<select name="role"' not in body
    assert re.search(r'<input type="text" name="role" id="id_role"[^>]* list="role-suggestions"', body)
    suggestions = re.search(r'<datalist id="role-suggestions">(.*?)</datalist>', body, re.S).group(1)
    assert suggestions.count("<option ") == 50

    page = text(client.get("/salaries/", {"role": "  technical MANAGER "}))
    assert "8 salary ranges" in page


def test_explorer_shows_usd_as_stated_by_the_source(client, guide):
    page = text(client.get("/salaries/", {"currency": "usd"}))
    assert "Western Europe Technical Manager ≈ $75,000–$120,000" in page
    assert "United States Technical Manager $120,000–$180,000" in page
    assert "US-dollar amounts are the equivalents the source states" in page


def test_explorer_converts_to_a_chosen_currency_with_a_stated_dated_rate(client, guide, euro_rate):
    response = client.get("/salaries/", {"currency": "EUR"})
    page = text(response)
    assert response.status_code == 200
    assert "converted at 1 EUR = 1.25 USD (ECB[source 1], rate of 2 January 2025)" in page
    # Canada: $65,000–$100,000 / 1.25 → €52,000–€80,000, marked as converted
    assert "Canada Technical Manager ≈ €52,000–€80,000 converted" in page
    # Ranges quoted in euros stay as the source gives them
    assert "Western Europe Technical Manager €70,000–€110,000 [source 2] Himalayas" in page
    assert "European Central Bank (ECB), Reference rates" in page


def test_explorer_numbers_its_sources_in_the_order_it_cites_them(client, euro_rate):
    # Created in reverse page order (the table lists the highest range first), so numbering by key would show.
    low, high = (f.SourceFactory(title=title) for title in ["Low range", "High range"])
    role = f.RoleFactory()
    f.RegionalSalaryFactory(role=role, region=spare_region(), source=low, usd_max=Decimal("90000"))
    f.RegionalSalaryFactory(role=role, region=spare_region(), source=high, usd_max=Decimal("150000"))
    rate_source = euro_rate.source  # cited again by a range: keeps note 1
    f.RegionalSalaryFactory(role=role, region=spare_region(), source=rate_source, usd_max=Decimal("80000"))

    page = client.get("/salaries/", {"currency": "EUR"}).content.decode()

    assert source_titles(page) == ["Reference rates", "High range", "Low range"]  # the rate's note comes first


def test_explorer_rounds_converted_amounts_to_the_nearest_hundred(client, euro_rate):
    f.RegionalSalaryFactory(usd_min=Decimal("43210"), usd_max=Decimal("65432"))
    assert "≈ €34,600–€52,300 converted" in text(client.get("/salaries/", {"currency": "EUR"}))


@pytest.mark.parametrize("code", ["XXX", "EURO", "<script>", "x" * 300])
def test_explorer_unknown_currency_is_a_clear_400(client, guide, euro_rate, code):
    response = client.get("/salaries/", {"currency": code})
    assert response.status_code == 400
    page = text(response)
    assert "Please check your choices" in page
    choices = "Choose local currency, USD, or one of: AUD, BRL, CAD, EUR, INR, SGD."
    assert choices in page or "at most 5 characters" in page
    assert "<script>" not in response.content.decode().split("<body>")[1]


def test_explorer_without_a_rate_for_the_currency_explains_what_can_be_chosen(client, guide):
    # The guide implies no rate for pounds sterling (it quotes no GBP salary).
    assert not ExchangeRate.objects.filter(currency_id="GBP").exists()
    response = client.get("/salaries/", {"currency": "GBP"})
    assert response.status_code == 400
    assert (
        "We have no exchange rate for “GBP”. Choose local currency, USD, or one of: AUD, BRL, CAD, EUR, INR, SGD."
        in text(response)
    )


def test_explorer_converts_with_the_rate_the_guide_implies_and_says_so(client, guide):
    response = client.get("/salaries/", {"currency": "EUR"})
    assert response.status_code == 200
    page = text(response)
    assert "converted at 1 EUR = 1.08214286 USD" in page
    assert "rate of 2025" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"role": "no-such-role"}, "No published role has that title or slug; check the spelling."),
        ({"region": "atlantis"}, "Select a valid choice."),
        ({"country": "123"}, "Use a two-letter ISO 3166-1 country code, e.g. DE."),
        ({"min_usd": "lots"}, "Enter a number."),
    ],
)
def test_explorer_bad_filters_are_a_clear_400(client, guide, query, message):
    response = client.get("/salaries/", query)
    assert response.status_code == 400
    assert message in text(response)


def test_explorer_bad_page_is_404(client, guide):
    assert client.get("/salaries/", {"page": "99"}).status_code == 404


def test_explorer_draws_a_chart_of_up_to_12_ranges_above_the_table(client, guide, euro_rate):
    response = client.get("/salaries/", {"currency": "EUR"})
    page = response.content.decode()
    assert '<title id="chart-explorer-ranges-title">Annual salary ranges on this page, in EUR</title>' in page
    assert page.index('class="chart-svg"') < page.index('<table class="stack">')  # the table gives the same ranges
    assert "Western Europe" in page.split('class="chart-svg"', 1)[1].split("</svg>", 1)[0]  # one role: regions


def test_explorer_with_more_ranges_than_a_chart_holds_says_how_to_get_one(client, guide):
    build_many_roles(5)
    response = client.get("/salaries/")
    assert "chart-svg" not in response.content.decode()
    assert "The chart shows up to 12 ranges: choose a role or a region to see one." in text(response)
