"""Occupations side by side (the compare page's second half): two to four SOC occupations, their employment
and pay percentiles nationally or in one state, from one release. Called by `roles.views.CompareView`."""

from dataclasses import dataclass

from .forms import OccupationCompareForm
from .models import Occupation, OewsArea, OewsFootnote, OewsRelease, WageEstimate
from .oews_pages import PERCENTILES, ShownFigure, shown_figures

ROWS = (
    ("employment", "Jobs"),
    ("annual_mean", "Mean, yearly"),
    *((f"annual_{p}", f"{label}, yearly") for p, label in PERCENTILES),
    ("hourly_median", "Median, hourly"),
    ("location_quotient", "Location quotient"),
)


@dataclass(frozen=True)
class OccupationComparison:
    place: str
    release: OewsRelease
    occupations: list[Occupation]
    rows: list[tuple[str, list[ShownFigure | None]]]


def occupation_comparison(data) -> tuple[OccupationCompareForm, OccupationComparison | None]:
    """The compare page's occupation form, bound when `occupations` is in `data`, and its result when valid.

    Queries: the states (1); with valid codes the release, footnotes, occupations and their estimates (4).
    An unknown code is an error on the form."""
    states = list(OewsArea.objects.states())
    bound = "occupations" in data
    initial = {"occupations": data.get("occupation", "")}
    form = OccupationCompareForm(data if bound else None, initial=initial, states=states)
    if not form.is_valid():
        return form, None
    codes = form.cleaned_data["occupations"]
    found = {occupation.soc_code: occupation for occupation in Occupation.objects.filter(soc_code__in=codes)}
    missing = [code for code in codes if code not in found]
    release = OewsRelease.objects.latest_release()
    if missing or release is None:
        form.add_error(
            "occupations",
            f"No occupation with SOC code {', '.join(missing)}." if missing else "No BLS release is loaded.",
        )
        return form, None
    state = next((area for area in states if area.state_code == form.cleaned_data["state"]), None)
    area_code = state.code if state else OewsArea.NATIONAL_CODE
    footnotes = OewsFootnote.objects.by_code()
    estimates = {e.occupation_id: e for e in WageEstimate.objects.compared(found.values(), release, area_code)}
    occupations = [found[code] for code in codes]
    figures = [shown_figures(estimates.get(occupation.pk), footnotes) for occupation in occupations]
    rows = [(label, [shown.get(field) for shown in figures]) for field, label in ROWS]
    if state is None:
        rows = rows[:-1]  # BLS gives no location quotient for the nation
    return form, OccupationComparison(
        place=state.name if state else "United States", release=release, occupations=occupations, rows=rows
    )
