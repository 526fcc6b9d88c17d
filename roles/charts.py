"""Server-rendered SVG bar charts: geometry is computed here, `includes/_bar_chart.html` draws it.

Each row has a label line (name on the left, figures on the right) and one bar per series below it. A bar
spans [low, high]: 0 to the value for a plain bar, min to max for a range. No JavaScript is involved.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from careerguide.formatting import format_money_short

WIDTH = 400
PLOT_LEFT = 8
PLOT_RIGHT = WIDTH - 8
LABEL_HEIGHT = 18
BAR_HEIGHT = 12
BAR_GAP = 3
ROW_GAP = 12
LEGEND_HEIGHT = 22
AXIS_HEIGHT = 22


@dataclass(frozen=True)
class Bar:
    series: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Row:
    label: str
    figures: str
    text_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class LegendItem:
    series: int
    name: str
    x: float


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    description: str
    width: int
    height: float
    plot_left: int
    plot_right: int
    grid_top: float
    grid_bottom: float
    rows: list[Row]
    ticks: list[Tick]
    legend: list[LegendItem]


def nice_step(maximum: Decimal, *, max_ticks: int = 5) -> Decimal:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving at most `max_ticks` intervals."""
    if maximum <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(maximum))) - 1)
    while True:
        for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
            step = factor * magnitude / 10
            if maximum / step <= max_ticks:
                return step
        magnitude *= 10


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: list[str],
    rows: list[tuple[str, list[tuple[Decimal, Decimal] | None]]],
    currency,
) -> Chart | None:
    """Lay out a horizontal bar chart; None when no row has any figure.

    `rows` holds `(label, spans)` with one `(low, high)` span, or None, per series in `series`.
    """
    highs = [span[1] for _, spans in rows for span in spans if span is not None]
    if not highs:
        return None
    step = nice_step(max(highs))
    axis_max = step * (max(highs) / step).to_integral_value(rounding=ROUND_CEILING)
    scale = Decimal(PLOT_RIGHT - PLOT_LEFT) / axis_max

    def x_of(value: Decimal) -> float:
        return round(float(PLOT_LEFT + value * scale), 1)

    legend = [LegendItem(series=i, name=name, x=PLOT_LEFT + i * 120) for i, name in enumerate(series)]
    y = float(LEGEND_HEIGHT if len(series) > 1 else 4)
    grid_top = y
    laid_out = []
    for label, spans in rows:
        text_y = y + LABEL_HEIGHT - 5
        bar_y = y + LABEL_HEIGHT
        bars = []
        figures = []
        for i, span in enumerate(spans):
            if span is None:
                continue
            low, high = span
            bars.append(Bar(series=i, x=x_of(low), y=bar_y, width=max(x_of(high) - x_of(low), 1.0), height=BAR_HEIGHT))
            bar_y += BAR_HEIGHT + BAR_GAP
            text = format_money_short(high, currency)
            figures.append(text if low == 0 else f"{format_money_short(low, currency)}–{text}")
        laid_out.append(Row(label=label, figures=" / ".join(figures) or "no figure", text_y=text_y, bars=bars))
        y += LABEL_HEIGHT + len(series) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    grid_bottom = y - ROW_GAP / 2
    ticks = []
    value = Decimal(0)
    while value <= axis_max:
        ticks.append(Tick(x=x_of(value), label=format_money_short(value, currency) if value else "0"))
        value += step
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=grid_bottom + AXIS_HEIGHT,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        grid_top=grid_top,
        grid_bottom=grid_bottom,
        rows=laid_out,
        ticks=ticks,
        legend=legend if len(series) > 1 else [],
    )
