"""Server-rendered SVG bar charts: geometry is computed here, `includes/_bar_chart.html` draws it.

Each row has a label line (name on the left, figures on the right) and one bar per series below it. A bar
spans [low, high]: 0 to the value for a plain bar, min to max for a range. No JavaScript is involved.
Labels are fitted here, from estimated text widths, so that no name runs into its figures and no axis
label into the next, at the font sizes `static/css/site.css` gives phones and wider screens.
"""

from collections.abc import Callable
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
    """One row: its name (`phone_label` shortened further for phones, where the font is larger), figures and bars."""

    label: str
    phone_label: str
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


# Approximate glyph widths in em of DejaVu Sans, the widest of the fonts `site.css` names that a phone or
# Debian's Chromium falls back to (measured in Chromium); a character not listed counts as `WIDTH_EM_DEFAULT`.
WIDTH_EM = {
    **dict.fromkeys("ijlI'", 0.28),
    **dict.fromkeys(".,’ !:;", 0.32),
    **dict.fromkeys("-/", 0.36),
    **dict.fromkeys("frt()", 0.4),
    **dict.fromkeys("–", 0.5),
    **dict.fromkeys("csz", 0.55),
    **dict.fromkeys("0123456789$€£¥₹kKEFLPSTY", 0.65),
    **dict.fromkeys("ABCDGHNOQRUVXZ", 0.76),
    **dict.fromkeys("Mw", 0.86),
    **dict.fromkeys("mW…", 1.0),
}
WIDTH_EM_DEFAULT = 0.63
BOLD = 1.08  # the figures are drawn in weight 600
# Label font sizes in viewBox units (site.css): 13 above 25rem of viewport, where the chart is drawn at 400 px
# or more; up to 18 below, where the SVG shrinks and the font is raised to stay 12 px or more on screen.
WIDE_FONT = 13
PHONE_FONT = 18


def width_em(text: str) -> float:
    """`text`'s approximate width in em (a little more than most fonts need)."""
    return sum(WIDTH_EM.get(char, WIDTH_EM_DEFAULT) for char in text)


def fit_label(label: str, figures: str, *, font_size: float) -> str:
    """`label`, shortened with “…” when it and the bold `figures` would not fit on one label line at
    `font_size` (with half an em between them)."""
    room = (PLOT_RIGHT - PLOT_LEFT) / font_size - 0.5 - BOLD * width_em(figures)
    if width_em(label) <= room:
        return label
    while label and width_em(label.rstrip() + "…") > room:
        label = label[:-1]
    return label.rstrip() + "…"


def tick_label(value: Decimal, currency) -> str:
    """An axis label: the amount in short form (“$100k”), plain “0” at the origin."""
    return format_money_short(value, currency) if value else "0"


def axis_of(highs: list[Decimal], currency) -> tuple[Decimal, Decimal]:
    """The tick step and the axis maximum (a whole number of steps) for bars reaching up to `max(highs)`: at
    most five intervals, fewer when their labels would touch at the phone font size (the last label ends
    at its tick, so the two last labels need one and a half widths between their ticks)."""
    top = max(highs)
    for max_ticks in (5, 4, 3, 2, 1):
        step = nice_step(top, max_ticks=max_ticks)
        axis_max = step * (top / step).to_integral_value(rounding=ROUND_CEILING)
        widest = max(width_em(tick_label(step * n, currency)) for n in range(int(axis_max / step) + 1))
        if (PLOT_RIGHT - PLOT_LEFT) * step / axis_max >= (1.5 * widest + 0.5) * PHONE_FONT:
            break
    return step, axis_max


def x_scale(axis_max: Decimal) -> Callable[[Decimal], float]:
    """The function placing a value on the plot, 0 at `PLOT_LEFT` and `axis_max` at `PLOT_RIGHT`."""
    scale = Decimal(PLOT_RIGHT - PLOT_LEFT) / axis_max
    return lambda value: round(float(PLOT_LEFT + value * scale), 1)


Span = tuple[Decimal, Decimal] | None


def row_figures(spans: list[Span], currency) -> str:
    """A row's figures as its label line shows them: “$90k / $95k”, a range as “$75k–$120k”."""
    figures = []
    for span in spans:
        if span is None:
            continue
        low, high = span
        text = format_money_short(high, currency)
        figures.append(text if low == 0 else f"{format_money_short(low, currency)}–{text}")
    return " / ".join(figures) or "no figure"


def lay_out_row(label: str, spans: list[Span], *, top: float, x_of, currency) -> Row:
    """One row starting at `top`: its label line, then a bar per series that has a figure."""
    bars = []
    bar_y = top + LABEL_HEIGHT
    for i, span in enumerate(spans):
        if span is None:
            continue
        low, high = span
        bars.append(
            Bar(series=i, x=x_of(low), y=bar_y, width=round(max(x_of(high) - x_of(low), 1.0), 1), height=BAR_HEIGHT)
        )
        bar_y += BAR_HEIGHT + BAR_GAP
    figures = row_figures(spans, currency)
    return Row(
        label=fit_label(label, figures, font_size=WIDE_FONT),
        phone_label=fit_label(label, figures, font_size=PHONE_FONT),
        figures=figures,
        text_y=top + LABEL_HEIGHT - 5,
        bars=bars,
    )


def ticks_of(step: Decimal, axis_max: Decimal, x_of, currency) -> list[Tick]:
    """A tick and grid line at every step from 0 to `axis_max`."""
    ticks = []
    value = Decimal(0)
    while value <= axis_max:
        ticks.append(Tick(x=x_of(value), label=tick_label(value, currency)))
        value += step
    return ticks


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: list[str],
    rows: list[tuple[str, list[Span]]],
    currency,
) -> Chart | None:
    """Lay out a horizontal bar chart; None when no row has any figure.

    `rows` holds `(label, spans)` with one `(low, high)` span, or None, per series in `series`.
    """
    highs = [span[1] for _, spans in rows for span in spans if span is not None]
    if not highs:
        return None
    step, axis_max = axis_of(highs, currency)
    x_of = x_scale(axis_max)
    grid_top = float(LEGEND_HEIGHT if len(series) > 1 else 4)
    row_height = LABEL_HEIGHT + len(series) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    laid_out = [
        lay_out_row(label, spans, top=grid_top + index * row_height, x_of=x_of, currency=currency)
        for index, (label, spans) in enumerate(rows)
    ]
    grid_bottom = grid_top + len(rows) * row_height - ROW_GAP / 2
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
        ticks=ticks_of(step, axis_max, x_of, currency),
        legend=[LegendItem(series=i, name=name, x=PLOT_LEFT + i * 120) for i, name in enumerate(series)]
        if len(series) > 1
        else [],
    )
