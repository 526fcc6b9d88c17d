"""One search across the site: the guides and the BLS occupations matching a text, each ranked as its
QuerySet's `search()` ranks it (careerguide.search), for the search page and the API alike.

Detailed occupations only: the groups above them are reached from the home page and the occupation list,
and a group would otherwise outrank its own occupations (its employment is theirs summed).
"""

from dataclasses import dataclass

from salaries.models import Occupation, OewsFootnote, OewsRelease
from salaries.oews_models import published_figures

from .models import Role

GUIDE_LIMIT = 10
OCCUPATION_LIMIT = 20


@dataclass(frozen=True)
class OccupationPay:
    """An occupation's national median as a reader may take it: a value, or BLS's floor ("at least"), or
    neither (not released), yearly and hourly."""

    annual: int | None
    annual_floor: int | None
    hourly: object  # Decimal | None
    hourly_floor: object


def occupation_pay(occupation, footnotes) -> OccupationPay:
    """The national medians annotated by `with_national_figures` (no query; `footnotes` by code)."""
    values, notes = published_figures(
        occupation, footnotes, fields=("annual_median", "hourly_median"), prefix="national_"
    )
    return OccupationPay(
        annual=values["annual_median"],
        annual_floor=notes.get("annual_median", {}).get("floor"),
        hourly=values["hourly_median"],
        hourly_floor=notes.get("hourly_median", {}).get("floor"),
    )


def with_pay(occupations, footnotes) -> list[tuple]:
    """(occupation, its `OccupationPay`) for occupations annotated by `with_national_figures` (no query)."""
    return [(occupation, occupation_pay(occupation, footnotes)) for occupation in occupations]


@dataclass(frozen=True)
class SearchResults:
    text: str
    guides: list  # Role, with headline figures and `search_rank`
    occupations: list  # (Occupation with `search_rank`, its OccupationPay in the newest release)
    more_guides: bool  # more guides match than are listed
    more_occupations: bool
    release: OewsRelease | None

    @property
    def found(self) -> bool:
        return bool(self.guides or self.occupations)


def site_search(text: str, *, guide_limit: int = GUIDE_LIMIT, occupation_limit: int = OCCUPATION_LIMIT):
    """The best `guide_limit` published guides and `occupation_limit` detailed occupations matching `text`.

    Four queries: the newest OEWS release, the guides, the occupations with their national figures, BLS's
    footnotes (on SQLite, one more per title index read after a content change, careerguide.title_index).
    """
    release = OewsRelease.objects.latest_release()
    guides = list(Role.objects.published().with_headline_figures().search(text)[: guide_limit + 1])
    occupations = list(
        Occupation.objects.filter(level=Occupation.Level.DETAILED)
        .with_national_figures(release)
        .search(text)[: occupation_limit + 1]
    )
    footnotes = OewsFootnote.objects.by_code() if occupations else {}
    return SearchResults(
        text=text,
        guides=guides[:guide_limit],
        occupations=with_pay(occupations[:occupation_limit], footnotes),
        more_guides=len(guides) > guide_limit,
        more_occupations=len(occupations) > occupation_limit,
        release=release,
    )
