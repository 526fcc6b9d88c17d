"""Server-rendered SVG for BLS's figures: the percentile band and the state map. Geometry is computed here,
`templates/salaries/charts/_*.html` draws it; no JavaScript is involved.

The state map is a tile grid cartogram (one equal square per state or territory, `data/state_tiles.json`):
small states such as Rhode Island, Delaware and the District of Columbia get a shape as large and as easy to
focus, click and read as Texas, the territories fit on the same grid, and the geometry is a few hundred bytes
of data instead of outlines that would have to be simplified and kept up to date.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from careerguide.formatting import format_money_short

TILES_FILE = Path(__file__).resolve().parent / "data" / "state_tiles.json"
TILE = 44  # a tile's side, in viewBox units
TILE_GAP = 4
SHADES = 5  # classes of the map's legend, each holding about as many states


@dataclass(frozen=True)
class Tile:
    fips: str
    abbr: str
    name: str
    column: int
    row: int


@cache
def state_tiles() -> dict[str, Tile]:
    """The map's tiles by FIPS code, read once per process from `data/state_tiles.json` (no query)."""
    data = json.loads(TILES_FILE.read_text(encoding="utf-8"))
    return {tile["fips"]: Tile(**tile) for tile in data["tiles"]}


@dataclass(frozen=True)
class MapTile:
    tile: Tile
    x: int
    y: int
    shade: int | None  # 0 (lowest pay) .. SHADES - 1; None without a figure
    title: str
    href: str
    current: bool

    @property
    def label(self) -> str:
        """The link's name: its visible text (the postal abbreviation) first, then the title."""
        return f"{self.tile.abbr}, {self.title}"


@dataclass(frozen=True)
class Shade:
    index: int
    label: str


@dataclass(frozen=True)
class StateMap:
    width: int
    height: int
    tile_size: int
    tiles: list[MapTile]
    legend: list[Shade]
    off_map: list[str]  # FIPS codes with figures but no tile (none in BLS's data; the tests' fictional states)


def shade_bounds(values: list) -> list:
    """The upper bounds of `SHADES` classes holding about equally many of `values` (quantiles)."""
    ordered = sorted(values)
    return [ordered[max(0, min(len(ordered) - 1, (len(ordered) * (n + 1)) // SHADES - 1))] for n in range(SHADES)]


def state_map(figures: dict[str, tuple], *, chosen: str | None, link: str) -> StateMap:
    """The tile map of `figures` ({FIPS code: (value or None, sentence for the title)}): each tile shaded by
    its value's class, titled with its sentence, linking to `link` with `{fips}` filled in."""
    values = [value for value, _sentence in figures.values() if value is not None]
    bounds = shade_bounds(values) if values else []
    tiles = []
    for fips, tile in sorted(state_tiles().items(), key=lambda item: (item[1].row, item[1].column)):
        value, sentence = figures.get(fips, (None, f"{tile.name}: no estimate loaded"))
        shade = None if value is None else next(n for n, bound in enumerate(bounds) if value <= bound)
        tiles.append(
            MapTile(
                tile=tile,
                x=tile.column * (TILE + TILE_GAP),
                y=tile.row * (TILE + TILE_GAP),
                shade=shade,
                title=sentence,
                href=link.format(fips=fips),
                current=fips == chosen,
            )
        )
    columns = max(tile.column for tile in state_tiles().values()) + 1
    rows = max(tile.row for tile in state_tiles().values()) + 1
    return StateMap(
        width=columns * (TILE + TILE_GAP) - TILE_GAP,
        height=rows * (TILE + TILE_GAP) - TILE_GAP,
        tile_size=TILE,
        tiles=tiles,
        legend=legend(bounds, min(values)) if values else [],
        off_map=sorted(fips for fips in figures if fips not in state_tiles()),
    )


def legend(bounds: list, lowest) -> list[Shade]:
    """The legend's classes: “$45k–$52k”, from the lowest value to each class's upper bound."""
    shades, low = [], lowest
    for index, high in enumerate(bounds):
        if index and high == bounds[index - 1]:
            continue  # an empty class (many equal values)
        low_text, high_text = format_money_short(low, "USD"), format_money_short(high, "USD")
        shades.append(Shade(index=index, label=high_text if low_text == high_text else f"{low_text}–{high_text}"))
        low = high
    return shades


@dataclass(frozen=True)
class BandMark:
    x: float
    label: str
    open_ended: bool = False  # a floor: the true value lies further right


@dataclass(frozen=True)
class BandRow:
    label: str
    y: float
    outer: tuple[float, float] | None  # x and width: 10th to 90th percentile
    inner: tuple[float, float] | None  # x and width: 25th to 75th
    median: BandMark | None
    marks: list[BandMark]
    open_tail: float | None  # x where a dashed "and above" tail starts, when the 90th percentile is a floor


@dataclass(frozen=True)
class Band:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    plot_left: int
    plot_right: int
    rows: list[BandRow]
    ticks: list[BandMark]
    row_height: int


BAND_WIDTH = 480
BAND_LEFT = 12
BAND_RIGHT = BAND_WIDTH - 12
BAND_ROW = 78


def percentile_band(rows: list[tuple[str, list]], *, chart_id: str, title: str, description: str, unit: str) -> Band:
    """The band chart of `rows` ([(label, [p10, p25, median, p75, p90])], each a `(value, is_floor)` or
    None): the outer band spans the 10th to the 90th percentile, the inner the 25th to the 75th, a line marks
    the median; a floor ("at least") ends its band with an open end. `unit` "USD" or "USD/h" labels."""
    known = [point[0] for _label, points in rows for point in points if point is not None]
    top = nice_top(max(known) * Decimal("1.08")) if known else Decimal(1)  # room for a floor's open tail

    def x(value) -> float:
        return round(BAND_LEFT + (BAND_RIGHT - BAND_LEFT) * float(Decimal(value) / top), 1)

    def mark(point) -> BandMark | None:
        if point is None:
            return None
        return BandMark(x=x(point[0]), label=money_label(point[0], unit, point[1]), open_ended=point[1])

    band_rows = []
    for n, (label, points) in enumerate(rows):
        p10, p25, median, p75, p90 = (mark(point) for point in points)
        band_rows.append(
            BandRow(
                label=label,
                y=n * BAND_ROW + 20,
                outer=(p10.x, round(p90.x - p10.x, 1)) if p10 and p90 else None,
                inner=(p25.x, round(p75.x - p25.x, 1)) if p25 and p75 else None,
                median=median,
                marks=end_labels(p10, p90),
                open_tail=p90.x if p90 and p90.open_ended else None,
            )
        )
    ticks = [BandMark(x=x(top * n / 4), label=money_label(top * n / 4, unit, False)) for n in range(5)]
    return Band(
        chart_id=chart_id,
        title=title,
        description=description,
        width=BAND_WIDTH,
        height=len(rows) * BAND_ROW + 24,
        plot_left=BAND_LEFT,
        plot_right=BAND_RIGHT,
        rows=band_rows,
        ticks=ticks,
        row_height=BAND_ROW,
    )


def end_labels(p10: BandMark | None, p90: BandMark | None) -> list[BandMark]:
    """The labels under a band's ends: both, or one when they would overlap (a band narrower than a label)."""
    if p10 and p90 and p90.x - p10.x < 130:
        return [p90]
    return [mark for mark in (p10, p90) if mark]


def nice_top(maximum) -> Decimal:
    """The axis's end: four equal intervals of a round step (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 times a power
    of ten) reaching `maximum`."""
    maximum = Decimal(maximum)
    magnitude = Decimal(10) ** (len(str(int(maximum))) - 1) / 10 if maximum >= 1 else Decimal("0.01")
    while True:
        for factor in (1, Decimal("1.5"), 2, Decimal("2.5"), 3, 4, 5, 6, Decimal("7.5"), 8):
            step = factor * magnitude
            if step * 4 >= maximum:
                return step * 4
        magnitude *= 10


def money_label(value, unit: str, is_floor: bool) -> str:
    """“$90k”, “$43.10”, “≥ $239.2k”: a chart's short label for an amount."""
    value = Decimal(value)
    if unit == "USD/h":
        text = f"${value:,.0f}" if value == value.to_integral_value() else f"${value:,.2f}"
    else:
        text = format_money_short(value, "USD")
    return f"≥ {text}" if is_floor else text
