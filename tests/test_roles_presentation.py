"""Helpers behind the pages that need no database: money formatting, charts, source notes, conversion."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from careerguide.footnotes import Footnotes
from careerguide.formatting import format_money, format_money_short
from roles.charts import PLOT_LEFT, PLOT_RIGHT, bar_chart, nice_step
from salaries.conversion import round_to_hundred, shown_range


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("164070"), "USD", "$164,070"),
        (Decimal("70000.40"), SimpleNamespace(code="EUR", symbol="€"), "€70,000"),
        (Decimal("90000"), SimpleNamespace(code="CAD", symbol="$"), "CAD 90,000"),  # “$” alone is ambiguous
        (Decimal("120000"), SimpleNamespace(code="BRL", symbol="R$"), "BRL 120,000"),
        (Decimal("-5000"), "USD", "−$5,000"),
        (None, "USD", ""),
    ],
)
def test_format_money(amount, currency, expected):
    assert format_money(amount, currency) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(Decimal("90000"), "$90k"), (Decimal("164070"), "$164.1k"), (Decimal("1500000"), "$1.5M"), (Decimal(950), "$950")],
)
def test_format_money_short(amount, expected):
    assert format_money_short(amount, "USD") == expected


def test_round_to_hundred():
    assert round_to_hundred(Decimal("34568")) == Decimal("34600")
    assert round_to_hundred(Decimal("34549.99")) == Decimal("34500")


@pytest.mark.parametrize(
    ("maximum", "step"),
    [
        (Decimal(300000), Decimal(100000)),
        (Decimal(285000), Decimal(100000)),
        (Decimal(36000), Decimal(10000)),
        (Decimal(7), Decimal(2)),
    ],
)
def test_nice_step_gives_at_most_five_round_intervals(maximum, step):
    assert nice_step(maximum) == step


def test_bar_chart_scales_bars_to_the_axis_and_labels_them_in_text():
    chart = bar_chart(
        chart_id="c",
        title="Pay",
        description="Pay by level",
        series=["Median", "Average"],
        rows=[("Junior", [(0, Decimal(90000)), (0, Decimal(95000))]), ("Senior", [(0, Decimal(285000)), None])],
        currency="USD",
    )
    junior, senior = chart.rows
    axis = chart.ticks[-1]
    assert [tick.label for tick in chart.ticks] == ["0", "$100k", "$200k", "$300k"]
    assert axis.x == PLOT_RIGHT
    full_width = PLOT_RIGHT - PLOT_LEFT
    assert junior.bars[0].width == pytest.approx(full_width * 90 / 300, abs=0.2)
    assert senior.bars[0].width == pytest.approx(full_width * 285 / 300, abs=0.2)
    assert len(senior.bars) == 1  # no bar for a missing figure
    assert junior.figures == "$90k / $95k"
    assert senior.bars[0].y > junior.bars[1].y  # rows do not overlap
    assert [item.name for item in chart.legend] == ["Median", "Average"]


def test_bar_chart_draws_ranges_from_minimum_to_maximum():
    chart = bar_chart(
        chart_id="c",
        title="t",
        description="d",
        series=["USD"],
        rows=[("DE", [(Decimal(75000), Decimal(120000))])],
        currency="USD",
    )
    bar = chart.rows[0].bars[0]
    assert bar.x > PLOT_LEFT
    assert chart.rows[0].figures == "$75k–$120k"
    assert chart.legend == []  # one series needs no legend


def test_bar_chart_without_figures_is_none():
    assert (
        bar_chart(chart_id="c", title="t", description="d", series=["x"], rows=[("A", [None])], currency="USD") is None
    )


def test_footnotes_number_sources_in_order_of_first_citation():
    first, second = SimpleNamespace(pk=7), SimpleNamespace(pk=3)
    notes = Footnotes().cite_all([first, None, second, first])
    assert notes.sources == [first, second]
    assert notes.cite(second) == 2
    assert not Footnotes()


def test_footnotes_number_looks_up_without_assigning():
    cited, other = SimpleNamespace(pk=7), SimpleNamespace(pk=3)
    notes = Footnotes().cite_all([cited])

    assert notes.number(cited) == 1
    assert notes.number(other) is None
    assert notes.number(None) is None
    assert notes.sources == [cited]  # looking up `other` did not number it
    assert notes.cite(other) == 2


def test_cite_tag_links_a_numbered_source_and_shows_nothing_for_another():
    cited = SimpleNamespace(pk=7, as_of_display="May 2023")
    other = SimpleNamespace(pk=3, as_of_display="")
    notes = Footnotes().cite_all([cited])
    template = Template("{% load guide %}{% cite source %}")

    assert 'href="#source-1"' in template.render(Context({"footnotes": notes, "source": cited}))
    assert template.render(Context({"footnotes": notes, "source": other})) == ""
    assert notes.sources == [cited]


def _salary(currency="CAD"):
    return SimpleNamespace(
        currency_id=currency,
        currency=SimpleNamespace(code=currency),
        local_min=Decimal(90000),
        local_max=Decimal(140000),
        usd_min=Decimal(65000),
        usd_max=Decimal(100000),
        usd_is_approximate=True,
    )


def test_shown_range_in_local_currency_usd_and_converted():
    rate = SimpleNamespace(usd_per_unit=Decimal("1.25"), currency=SimpleNamespace(code="EUR"))
    local = shown_range(_salary(), display="LOCAL")
    assert (local.low, local.high, local.converted, local.approximate) == (
        Decimal(90000),
        Decimal(140000),
        False,
        False,
    )
    usd = shown_range(_salary(), display="USD")
    assert (usd.low, usd.high, usd.converted, usd.approximate) == (Decimal(65000), Decimal(100000), False, True)
    euros = shown_range(_salary(), display="EUR", rate=rate)
    assert (euros.low, euros.high, euros.converted) == (Decimal(52000), Decimal(80000), True)
    already = shown_range(_salary("EUR"), display="EUR", rate=rate)
    assert (already.low, already.converted) == (Decimal(90000), False)
