"""roles.charts: server-rendered SVG bar charts, scaled to round axes and labelled in text."""

from decimal import Decimal

import pytest

from roles.charts import PLOT_LEFT, PLOT_RIGHT, bar_chart, nice_step


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
