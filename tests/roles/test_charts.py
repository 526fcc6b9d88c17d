"""roles.charts: server-rendered SVG bar charts, scaled to round axes and labelled in text."""

import inspect
from decimal import Decimal
from types import SimpleNamespace

import pytest

from roles import charts, guide
from roles.assessment import LevelPay
from roles.charts import (
    BOLD,
    PHONE_FONT,
    PLOT_LEFT,
    PLOT_RIGHT,
    WIDE_FONT,
    bar_chart,
    fit_label,
    nice_step,
    width_em,
)
from salaries.conversion import ShownRange


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


def test_a_long_label_is_shortened_to_leave_room_for_its_figures_more_on_a_phone():
    figures = "€53.6k–€84k"
    label = "Technical Manager, Western Europe"
    assert fit_label(label, figures, font_size=WIDE_FONT) == label
    phone = fit_label(label, figures, font_size=PHONE_FONT)
    assert phone == "Technical Manager, Wes…"
    assert (width_em(phone) + 0.5 + BOLD * width_em(figures)) * PHONE_FONT <= PLOT_RIGHT - PLOT_LEFT
    assert fit_label("Technical Manager", "$90k", font_size=PHONE_FONT) == "Technical Manager"
    assert width_em("mi") == 1.28


def test_every_function_of_the_chart_module_is_under_60_lines():
    lengths = {
        name: len(inspect.getsource(value).splitlines())
        for name, value in vars(charts).items()
        if inspect.isfunction(value) and value.__module__ == charts.__name__
    }
    assert lengths and max(lengths.values()) < 60, lengths


# --- The pages' chart builders (roles.guide), on plain objects: they run no query --------------------------

EUR = SimpleNamespace(code="EUR", symbol="€")
BRL = SimpleNamespace(code="BRL", symbol="R$")


def regional(role, region, currency, low, high, usd_min, usd_max):
    return SimpleNamespace(
        role=SimpleNamespace(title=role),
        role_id=role,
        region=SimpleNamespace(name=region),
        region_id=region,
        currency=currency,
        local_min=Decimal(low),
        local_max=Decimal(high),
        usd_min=Decimal(usd_min),
        usd_max=Decimal(usd_max),
        pay_period="year",
        is_hourly=False,
    )


def test_explorer_chart_of_one_currency_draws_the_ranges_as_shown_and_names_only_what_differs():
    rows = [
        ShownRange(regional("Engineer", region, EUR, 70000, 110000, 75000, 120000), 70000, 110000, EUR, False, False)
        for region in ("Germany", "France")
    ]
    chart = guide.salary_explorer_chart(rows)
    assert chart.title == "Annual salary ranges on this page, in EUR"
    assert [(row.label, row.figures) for row in chart.rows] == [("Germany", "€70k–€110k"), ("France", "€70k–€110k")]


def test_explorer_chart_of_mixed_local_currencies_draws_the_sources_us_dollar_equivalents():
    de = regional("Engineer", "Germany", EUR, 70000, 110000, 75000, 120000)
    br = regional("Analyst", "Brazil", BRL, 120000, 200000, 24000, 40000)
    rows = [ShownRange(s, s.local_min, s.local_max, s.currency, False, False) for s in (de, br)]
    chart = guide.salary_explorer_chart(rows)
    assert chart.title == "Annual salary ranges on this page, in USD (the source's equivalents of local amounts)"
    assert [(row.label, row.figures) for row in chart.rows] == [
        ("Engineer, Germany", "$75k–$120k"),
        ("Analyst, Brazil", "$24k–$40k"),
    ]


def test_explorer_chart_is_left_out_for_more_rows_than_a_phone_screen_holds():
    salary = regional("Engineer", "Germany", EUR, 70000, 110000, 75000, 120000)
    row = ShownRange(salary, 70000, 110000, EUR, False, False)
    assert guide.salary_explorer_chart([row] * guide.EXPLORER_CHART_MAX_ROWS) is not None
    assert guide.salary_explorer_chart([row] * (guide.EXPLORER_CHART_MAX_ROWS + 1)) is None
    assert guide.salary_explorer_chart([]) is None


def level_salary(region, currency, median, average=None):
    return SimpleNamespace(
        region=SimpleNamespace(name=region),
        region_id=region,
        currency=currency,
        currency_id=currency.code,
        median=None if median is None else Decimal(median),
        average=None if average is None else Decimal(average),
        pay_period="year",
        is_hourly=False,
    )


def test_assessment_chart_draws_the_levels_in_the_currency_most_figures_use():
    usd = SimpleNamespace(code="USD", symbol="$")
    now = LevelPay(SimpleNamespace(title="Senior"), level_salary("United States", usd, 165000, 175000))
    following = LevelPay(
        SimpleNamespace(title="Lead"),
        level_salary("United States", usd, 195000),
        in_region=[level_salary("Germany", EUR, 90000)],
    )
    chart = guide.assessment_pay_chart(SimpleNamespace(pay=[now, following]))
    assert chart.title == "Annual pay by level, United States (USD)"
    assert [(row.label, row.figures) for row in chart.rows] == [("Senior", "$165k / $175k"), ("Lead", "$195k")]
    assert guide.assessment_pay_chart(SimpleNamespace(pay=[])) is None


def test_axis_takes_fewer_intervals_when_their_labels_would_touch_on_a_phone():
    # 50k steps up to 250k would put "$200k" and "$250k" 77 units apart; each is about 58 wide at 18 units.
    chart = bar_chart(
        chart_id="c", title="t", description="d", series=["x"], rows=[("A", [(0, 250000)])], currency="USD"
    )
    assert [tick.label for tick in chart.ticks] == ["0", "$100k", "$200k", "$300k"]
