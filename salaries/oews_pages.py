"""What the occupation and area pages show of BLS's OEWS figures, computed once (no query unless a function
says so): figures as a reader takes them ("at least $239,200", "not released"), the percentile table and
band, the state map, pay movement between releases and schema.org's `Occupation`.

Built on `published_figures()`, the one reading of an estimate that the API serializers also use.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from careerguide.formatting import format_money, format_number

from .oews_models import OEWS_FIGURES, OewsArea, OewsRelease, WageEstimate, published_figures
from .pay_charts import Band, StateMap, percentile_band, state_map

KIND_OF_FIELD = {figure.field: figure.kind for figure in OEWS_FIGURES}
PERCENTILES = (("p10", "10th percentile"), ("p25", "25th percentile"), ("median", "Median"))
PERCENTILES += (("p75", "75th percentile"), ("p90", "90th percentile"))
HOURLY_ONLY_FOOTNOTE = "4"


def amount_text(value, kind: str) -> str:
    """A figure written for readers: “$164,070”, “$78.88”, “12,340”, “1.25”."""
    if kind == "annual":
        return format_money(value, "USD")
    if kind == "hourly":
        return f"${Decimal(value):,.2f}"
    if kind == "count":
        return f"{value:,}"
    return format_number(value)


@dataclass(frozen=True)
class ShownFigure:
    """One published figure: its value, or the floor BLS gives instead (top-coded), or why it is missing."""

    field: str
    value: object = None
    floor: object = None
    note: str = ""
    code: str = ""

    @property
    def kind(self) -> str:
        return KIND_OF_FIELD[self.field]

    @property
    def sort_value(self):
        """The value, or the floor for a top-coded wage (it ranks at least that high); None when missing."""
        return self.value if self.value is not None else self.floor

    @property
    def text(self) -> str:
        if self.value is not None:
            return amount_text(self.value, self.kind)
        if self.floor is not None:
            return f"at least {amount_text(self.floor, self.kind)}"
        if HOURLY_ONLY_FOOTNOTE in self.code.split(","):
            return "not published for this occupation"
        return "not released"

    @property
    def reason(self) -> str:
        """BLS's words for a missing figure, when they say more than the cell does ("not released", "at
        least ..." and the hourly-only note, said once above the figures, need none)."""
        if self.sort_value is not None or self.note in ("", "Estimate not released."):
            return ""
        if HOURLY_ONLY_FOOTNOTE in self.code.split(","):
            return ""
        return self.note


def shown_figures(obj, footnotes: dict, *, prefix: str = "", fields=None) -> dict[str, ShownFigure]:
    """Every figure of `obj` (an estimate, or an object with `<prefix><field>` annotations) as a
    `ShownFigure`, by field; None for no estimate at all (no query)."""
    if obj is None:
        return {}
    values, notes = published_figures(obj, footnotes, fields=fields, prefix=prefix)
    return {
        name: ShownFigure(
            field=name,
            value=value,
            floor=notes.get(name, {}).get("floor"),
            note=notes.get(name, {}).get("text", ""),
            code=notes.get(name, {}).get("code", ""),
        )
        for name, value in values.items()
    }


@dataclass(frozen=True)
class PercentileRow:
    label: str
    annual: ShownFigure | None
    hourly: ShownFigure | None


def percentile_rows(figures: dict[str, ShownFigure]) -> list[PercentileRow]:
    """The mean and the five percentiles, yearly and hourly, in the table's order (no query)."""
    rows = [PercentileRow("Mean", figures.get("annual_mean"), figures.get("hourly_mean"))]
    rows += [PercentileRow(label, figures.get(f"annual_{p}"), figures.get(f"hourly_{p}")) for p, label in PERCENTILES]
    return rows


def pay_basis(figures: dict[str, ShownFigure]) -> str:
    """ "hourly" when BLS gives this occupation's wages only by the hour (footnote 4 on the annual figures),
    "annual" when only as salaries, else "both"."""
    annual, hourly = figures.get("annual_median"), figures.get("hourly_median")
    if annual and annual.sort_value is None and HOURLY_ONLY_FOOTNOTE in annual.code.split(","):
        return "hourly"
    if hourly and hourly.sort_value is None and HOURLY_ONLY_FOOTNOTE in hourly.code.split(","):
        return "annual"
    return "both"


def band_points(figures: dict[str, ShownFigure], unit: str) -> list:
    """The five percentiles of one unit ("annual" or "hourly") as `(value, is_floor)` or None, for the band."""
    points = []
    for p, _label in PERCENTILES:
        shown = figures.get(f"{unit}_{p}")
        if shown is None or shown.sort_value is None:
            points.append(None)
        else:
            points.append((shown.sort_value, shown.value is None))
    return points


@dataclass(frozen=True)
class PlacePay:
    """An area's estimate for the occupation, as the page shows it."""

    area: OewsArea
    estimate: WageEstimate
    figures: dict[str, ShownFigure]

    @property
    def label(self) -> str:
        return "United States" if self.area.kind == OewsArea.Kind.NATIONAL else self.area.name

    @property
    def median(self) -> ShownFigure:
        """The median the map and tables rank by: annual, or hourly for an occupation paid by the hour."""
        annual = self.figures["annual_median"]
        return annual if annual.sort_value is not None else self.figures["hourly_median"]


@dataclass(frozen=True)
class PayMovement:
    previous: OewsRelease
    before: ShownFigure
    after: ShownFigure

    @property
    def change_pct(self) -> Decimal | None:
        if self.before.value is None or self.after.value is None or not self.before.value:
            return None
        return (Decimal(self.after.value - self.before.value) * 100 / self.before.value).quantize(Decimal("0.1"))


@dataclass
class OccupationPay:
    """The OEWS part of an occupation page, from `WageEstimate.objects.for_occupation_page()`'s rows."""

    release: OewsRelease | None
    national: PlacePay | None
    states: list[PlacePay] = field(default_factory=list)
    chosen: PlacePay | None = None
    movement: PayMovement | None = None

    @property
    def basis(self) -> str:
        return pay_basis(self.national.figures) if self.national else "both"

    @property
    def unit(self) -> str:
        return "hourly" if self.basis == "hourly" else "annual"

    @property
    def places(self) -> list[PlacePay]:
        """The nation, and the chosen state when there is one: the columns of the percentile table."""
        return [place for place in (self.national, self.chosen) if place is not None]

    @property
    def percentile_table(self) -> list[tuple[str, list[tuple[str, ShownFigure | None]]]]:
        """[(measure, [(column label, figure)])]: the mean and percentiles, yearly and hourly, of each place."""
        columns = []
        for place in self.places:
            rows = percentile_rows(place.figures)
            yearly, hourly = (
                ("Yearly", "Hourly")
                if place is self.national
                else (f"{place.area.name}, yearly", f"{place.area.name}, hourly")
            )
            columns.append([(yearly, row.annual) for row in rows])
            columns.append([(hourly, row.hourly) for row in rows])
        labels = [row.label for row in percentile_rows(self.national.figures)] if self.national else []
        return [(label, [column[n] for column in columns]) for n, label in enumerate(labels)]

    @property
    def states_by_median(self) -> list[PlacePay]:
        """The states, best paid first (top-coded ones by their floor), those without a median last."""
        ranked = [state for state in self.states if state.median.sort_value is not None]
        ranked.sort(key=lambda state: (-state.median.sort_value, state.area.name))
        return ranked + [state for state in self.states if state.median.sort_value is None]

    def states_in_order(self, order: str) -> list[PlacePay]:
        """The state table's rows: by median (best paid first), by name, or by jobs (most first)."""
        if order == "name":
            return self.states
        if order == "employment":
            known = [state for state in self.states if state.figures["employment"].value is not None]
            known.sort(key=lambda state: (-state.figures["employment"].value, state.area.name))
            return known + [state for state in self.states if state.figures["employment"].value is None]
        return self.states_by_median

    def band(self, title: str) -> Band | None:
        """The percentile band: the nation, and the chosen state below it."""
        places = self.places
        rows = [(place.label, band_points(place.figures, self.unit)) for place in places]
        if not any(point for _label, points in rows for point in points):
            return None
        unit = "USD/h" if self.unit == "hourly" else "USD"
        per = "an hour" if self.unit == "hourly" else "a year"
        description = "; ".join(
            f"{place.label}: " + ", ".join(f"{row.label} {getattr(row, self.unit).text}" for row in rows_of(place))
            for place in places
        )
        return percentile_band(
            rows,
            chart_id="pay-band",
            title=f"{title}: pay {per}, 10th to 90th percentile",
            description=description,
            unit=unit,
        )

    def map(self, link: str) -> StateMap:
        """The state map, each state titled with its median and shaded by it."""
        figures = {}
        for state in self.states:
            median = state.median
            per = " an hour" if median.field.startswith("hourly") and median.sort_value is not None else ""
            per = per or (" a year" if median.sort_value is not None else "")
            figures[state.area.state_code] = (median.sort_value, f"{state.area.name}: median {median.text}{per}")
        chosen = self.chosen.area.state_code if self.chosen else None
        return state_map(figures, chosen=chosen, link=link)

    def off_map(self, state_map: StateMap) -> list[PlacePay]:
        """The states with figures that have no tile on the map (listed beside it)."""
        return [state for state in self.states if state.area.state_code in state_map.off_map]


def rows_of(place: PlacePay) -> list[PercentileRow]:
    return percentile_rows(place.figures)[1:]


def occupation_pay(estimates, footnotes: dict, *, releases: list, state_code: str | None) -> OccupationPay:
    """Sort the rows of `for_occupation_page()` into the nation, the states, the chosen state and the
    movement of the national median since the previous release (no query)."""
    if not releases:
        return OccupationPay(release=None, national=None)
    latest = releases[0]
    pay = OccupationPay(release=latest, national=None)
    previous = None
    for estimate in estimates:
        place = PlacePay(area=estimate.area, estimate=estimate, figures=shown_figures(estimate, footnotes))
        if estimate.release_id != latest.pk:
            previous = place
        elif estimate.area.kind == OewsArea.Kind.NATIONAL:
            pay.national = place
        else:
            pay.states.append(place)
            if estimate.area.state_code == state_code:
                pay.chosen = place
    if previous is not None and pay.national is not None:
        unit = pay.unit
        pay.movement = PayMovement(
            previous=previous.estimate.release,
            before=previous.figures[f"{unit}_median"],
            after=pay.national.figures[f"{unit}_median"],
        )
    return pay


def occupation_json_ld(occupation, pay: OccupationPay, *, url: str) -> dict:
    """schema.org `Occupation`: the SOC code as `occupationalCategory`, and the national percentiles (only
    figures the page shows as values, floors left out) as a `MonetaryAmountDistribution`."""
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": occupation.title,
        "url": url,
        "occupationalCategory": {
            "@type": "CategoryCode",
            "codeValue": occupation.soc_code,
            "inCodeSet": {"@type": "CategoryCodeSet", "name": "Standard Occupational Classification (SOC) 2018"},
        },
        "occupationLocation": {"@type": "Country", "name": "United States"},
    }
    if occupation.description:
        data["description"] = occupation.description
    if pay.national is None:
        return data
    unit = pay.unit
    distribution = {
        "@type": "MonetaryAmountDistribution",
        "name": f"BLS OEWS, {pay.release.name}",
        "currency": "USD",
        "unitText": "HOUR" if unit == "hourly" else "YEAR",
        "duration": "PT1H" if unit == "hourly" else "P1Y",
    }
    names = {"p10": "percentile10", "p25": "percentile25", "median": "median", "p75": "percentile75"}
    names["p90"] = "percentile90"
    for p, name in names.items():
        shown = pay.national.figures.get(f"{unit}_{p}")
        if shown is not None and shown.value is not None:
            distribution[name] = float(shown.value)
    if len(distribution) > 5:
        data["estimatedSalary"] = [distribution]
    return data


@dataclass(frozen=True)
class AreaRanking:
    """One of an area page's lists: the estimates and which figure ranks them."""

    key: str
    title: str
    figure: str
    rows: list


def area_rankings(estimates, footnotes: dict, *, limit: int) -> list[AreaRanking]:
    """The best-paid occupations, those with most jobs and the most concentrated (location quotient) in an
    area, from `WageEstimate.objects.in_area()`: one query each."""
    lists = (
        ("best-paid", "Best-paid occupations", "annual_median"),
        ("most-jobs", "Occupations with the most jobs", "employment"),
        ("most-concentrated", "Most concentrated here (location quotient)", "location_quotient"),
    )
    rankings = []
    for key, title, figure in lists:
        rows = estimates.filter(**{f"{figure}__isnull": False}).order_by(f"-{figure}", "occupation__soc_code", "pk")
        shown = [(estimate, shown_figures(estimate, footnotes)) for estimate in rows[:limit]]
        rankings.append(AreaRanking(key=key, title=title, figure=figure, rows=shown))
    return rankings
