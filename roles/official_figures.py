"""A guide's median pay beside BLS's figures loaded on this site: written once, for the guide page and the API.

A guide quotes a median with a source and a date ("$164,070, BLS OEWS, May 2023"). What the page may say
about it depends on what this site holds for the guide's SOC occupation:

- the newest loaded release's national median is shown beside it ("BLS May 2025: $175,140"), and the page
  says plainly when the guide's figure is older (or newer) than that release;
- a figure the guide attributes to an official source stays "BLS, as cited by the guide" until a loaded
  release of the same date holds the same figure: only then is it "matched".
"""

import enum
from dataclasses import dataclass
from decimal import Decimal

from careerguide.formatting import format_reference_date
from salaries.models import HOURS_PER_YEAR, Occupation, OewsFootnote, OewsRelease, Source, WageEstimate
from salaries.oews_models import published_figures


class Standing(enum.StrEnum):
    """How the guide's median stands against the BLS figures loaded here."""

    MATCHED = "matched"  # a loaded release of the guide's date has the same figure
    DIFFERS = "differs"  # a loaded release of the guide's date has another figure
    OLDER = "older"  # the guide's date is before the newest loaded release (and no release of its date is loaded)
    NEWER = "newer"  # the guide's date is after the newest loaded release
    UNDATED = "undated"  # the guide gives no date for its figure
    NO_DATA = "no_data"  # no BLS figure is loaded for the occupation (or the guide names none)


@dataclass(frozen=True)
class BlsMedian:
    """One release's national annual median for an occupation: a value, or only BLS's floor ("at least")."""

    release: OewsRelease
    occupation: Occupation
    annual: int | None
    floor: int | None

    @property
    def figure(self) -> int | None:
        return self.annual if self.annual is not None else self.floor


@dataclass(frozen=True)
class MedianPayCheck:
    """The guide's median (None when it states none) and what the loaded BLS data says about it."""

    guide_median: Decimal | None
    source: Source | None
    soc_code: str
    newest: BlsMedian | None  # the newest loaded release's figure
    same_release: BlsMedian | None  # the loaded release of the guide's date, if any
    standing: Standing

    @property
    def guide_date(self) -> str:
        """“May 2023”, or "" when the guide gives no date."""
        source = self.source
        return format_reference_date(source.as_of, source.as_of_precision) if source and source.as_of else ""

    @property
    def is_older(self) -> bool:
        """The guide's figure is dated before the newest loaded release."""
        source = self.source
        return bool(self.newest and source and source.as_of and source.as_of < self.newest.release.reference_date)

    @property
    def is_matched(self) -> bool:
        return self.standing == Standing.MATCHED

    @property
    def attribution(self) -> str:
        """Whose figure the guide's median is, as far as this site can tell."""
        source = self.source
        if source is None:
            return ""
        name = source.publisher_abbreviation or source.publisher
        if not source.is_official:
            return f"{name}, the guide's own estimate"
        if self.is_matched:
            return f"{name}, matched against the {self.same_release.release.name} figures loaded here"
        return f"{name}, as cited by the guide"

    @property
    def summary(self) -> str:
        """One plain sentence on how the guide's figure compares with the newest loaded release."""
        if self.standing == Standing.NO_DATA:
            return "No BLS figure for this occupation is loaded here to compare it with."
        newest = self.newest.release.name
        if self.standing == Standing.UNDATED:
            return f"The guide gives no date for its figure; BLS's newest release loaded here is {newest}."
        if self.standing == Standing.OLDER:
            return f"The guide's figure is from {self.guide_date}, older than BLS's newest release here ({newest})."
        if self.standing == Standing.NEWER:
            return f"The guide's figure is dated {self.guide_date}, newer than BLS's newest release here ({newest})."
        same = self.same_release
        if self.standing == Standing.MATCHED:
            sentence = f"The guide's figure is BLS's {self.guide_date} figure, as loaded here."
        else:
            figure = f" (${same.figure:,})" if same.figure is not None else ""
            sentence = f"BLS's {self.guide_date} figure loaded here is different{figure}."
        if same.release != self.newest.release:
            sentence += f" BLS's newest release loaded here is {newest}."
        return sentence


def occupation_soc_code(role) -> str:
    """The SOC code the guide names: the role's own, else its median's source's (no query)."""
    facts = getattr(role, "key_facts", None)
    source = facts.median_pay_source if facts is not None else None
    return role.soc_code or (source.soc_code if source is not None else "")


def national_medians(soc_code: str) -> list[BlsMedian]:
    """Every loaded release's national annual median for `soc_code`, newest first.

    One query (the estimates with their release and occupation), and one more for BLS's footnotes only when a median
    carries one (a top-coded median is a floor, never a value). None for an empty code."""
    if not soc_code:
        return []
    estimates = list(
        WageEstimate.objects.national()
        .filter(occupation__soc_code=soc_code)
        .select_related("release", "occupation")
        .order_by("-release__reference_date", "-release__pk")
    )
    footnotes = OewsFootnote.objects.by_code() if any(e.annual_median_footnote for e in estimates) else {}
    medians = []
    for estimate in estimates:
        values, notes = published_figures(estimate, footnotes, fields=("annual_median",))
        floor = notes.get("annual_median", {}).get("floor")
        medians.append(BlsMedian(estimate.release, estimate.occupation, values["annual_median"], floor))
    return medians


def check_median_pay(role, medians: list[BlsMedian] | None = None) -> MedianPayCheck | None:
    """The guide's median beside the loaded BLS figures (`medians`, from `national_medians`; read when not
    given), or None when the guide states no median. Works on a role with its key facts and their sources
    joined (`for_guide_page()`, `for_assessment()`)."""
    facts = getattr(role, "key_facts", None)
    if facts is None or facts.median_pay is None:
        return None
    soc_code = occupation_soc_code(role)
    if medians is None:
        medians = national_medians(soc_code)
    source = facts.median_pay_source
    as_of = source.as_of if source is not None else None
    newest = medians[0] if medians else None
    same = next((m for m in medians if as_of and _same_month(m.release.reference_date, as_of)), None)
    if newest is None:
        standing = Standing.NO_DATA
    elif same is not None:
        standing = Standing.MATCHED if _same_pay(same.figure, facts) else Standing.DIFFERS
    elif as_of is None:
        standing = Standing.UNDATED
    else:
        standing = Standing.OLDER if as_of < newest.release.reference_date else Standing.NEWER
    return MedianPayCheck(facts.median_pay, source, soc_code, newest, same, standing)


def _same_pay(bls_annual: int | None, facts) -> bool:
    """Whether BLS's annual median is the guide's: the same figure, or for a guide stating hourly pay, that
    figure at BLS's 2,080 hours a year (BLS rounds annual wages to the nearest $10)."""
    if bls_annual is None:
        return False
    if facts.is_hourly:
        return abs(bls_annual - facts.median_pay * HOURS_PER_YEAR) < 10
    return bls_annual == facts.median_pay


def _same_month(first, second) -> bool:
    return (first.year, first.month) == (second.year, second.month)
