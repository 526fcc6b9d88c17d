"""One rung of a career ladder and what it takes to reach the next; works on prefetched levels, no query.

A ladder may branch (`CareerLevel.track`): a rung on a track leads to the next rung on the same track or on
every path, never across, so a principal engineer's next level is not the manager rung listed after it.
"""

from dataclasses import dataclass, field

from careerguide.footnotes import Footnotes
from salaries.models import PaidPer, PayPeriod, yearly_amount


@dataclass(frozen=True)
class PayChange(PaidPer):
    """How pay moves from one level to the next in one region (medians, else averages).

    Both figures are per `pay_period`; when one level is paid by the hour and the other by the year, both
    are yearly, the hourly one at BLS's 2,080 hours (`converted`), so a difference never mixes the two.
    """

    region: object
    currency: object
    current: object
    following: object
    measure: str
    pay_period: str = PayPeriod.YEAR
    converted: bool = False

    @property
    def difference(self):
        return self.following - self.current

    @property
    def percent(self) -> int | None:
        return round(100 * self.difference / self.current) if self.current else None

    @property
    def is_rise(self) -> bool:
        return self.difference >= 0

    @property
    def amount(self):
        """The size of the difference, whichever way it goes (the page says "more" or "less")."""
        return abs(self.difference)

    @property
    def percent_amount(self) -> int | None:
        return abs(self.percent) if self.percent is not None else None


@dataclass(frozen=True)
class LadderStep:
    level: object
    previous: object | None
    next: object | None
    position: int
    total: int
    levels: list
    footnotes: Footnotes = field(default_factory=Footnotes)

    @property
    def years_to_next(self) -> int | None:
        """Extra years of total experience the next level typically starts at; None when there is no next
        level or it starts earlier (a guide's ranges that go backwards are not "-3 more years")."""
        if self.next is None:
            return None
        years = self.next.years_total_min - self.level.years_total_min
        return years if years >= 0 else None

    @property
    def pay_changes(self) -> list[PayChange]:
        if self.next is None:
            return []
        following = {salary.region_id: salary for salary in self.next.salaries.all()}
        changes = []
        for salary in self.level.salaries.all():
            other = following.get(salary.region_id)
            if other is None or other.currency_id != salary.currency_id:
                continue
            for measure in ("median", "average"):
                low, high = getattr(salary, measure), getattr(other, measure)
                if low is not None and high is not None:
                    changes.append(_pay_change(salary, other, low, high, measure))
                    break
        return changes

    @property
    def new_focus_areas(self) -> list:
        return list(self.next.focus_areas.all()) if self.next is not None else []


def _pay_change(salary, other, low, high, measure: str) -> PayChange:
    """The change from `salary` to `other`; yearly on both sides when their periods differ."""
    if salary.pay_period == other.pay_period:
        return PayChange(salary.region, salary.currency, low, high, measure, salary.pay_period)
    low, high = yearly_amount(low, salary.pay_period), yearly_amount(high, other.pay_period)
    return PayChange(salary.region, salary.currency, low, high, measure, PayPeriod.YEAR, converted=True)


def on_track(level, track: str) -> bool:
    """Whether `level` is on `track`: a rung on every path ("") is on each, and every rung is on no track."""
    return not track or not level.track or level.track == track


def default_track(levels) -> str:
    """The track a reader who does not say is taken to follow: the first one the ladder names, or ""."""
    return next((level.track for level in levels if level.track), "")


def levels_on_track(levels, track: str) -> list:
    """The rungs of `levels` (in ladder order) a reader on `track` climbs; `track` "" takes `default_track`."""
    track = track or default_track(levels)
    return [level for level in levels if on_track(level, track)]


def find_step(levels: list, slug: str) -> LadderStep | None:
    """The step for the level with `slug` among a role's `levels` (in ladder order), or None. The previous
    and next levels are on the level's own track; its position counts the rungs of that track."""
    everything = list(levels)
    level = next((level for level in everything if level.slug == slug), None)
    if level is None:
        return None
    ordered = [other for other in everything if on_track(other, level.track)]
    index = ordered.index(level)
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    step = LadderStep(
        level=level,
        previous=ordered[index - 1] if index > 0 else None,
        next=following,
        position=index + 1,
        total=len(ordered),
        levels=everything,
    )
    step.footnotes.cite_all(salary.source for salary in level.salaries.all())
    if following is not None:
        step.footnotes.cite_all(salary.source for salary in following.salaries.all())
    return step
