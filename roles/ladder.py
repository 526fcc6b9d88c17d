"""One rung of a career ladder and what it takes to reach the next; works on prefetched levels, no query."""

from dataclasses import dataclass, field

from careerguide.footnotes import Footnotes
from salaries.models import PayPeriod, pay_period_words, yearly_amount


@dataclass(frozen=True)
class PayChange:
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
    def is_hourly(self) -> bool:
        return self.pay_period == PayPeriod.HOUR

    @property
    def per_period(self) -> str:
        return pay_period_words(self.pay_period)

    @property
    def difference(self):
        return self.following - self.current

    @property
    def percent(self) -> int | None:
        return round(100 * self.difference / self.current) if self.current else None


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
        """Extra years of total experience the next level typically starts at."""
        if self.next is None:
            return None
        return self.next.years_total_min - self.level.years_total_min

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


def find_step(levels: list, slug: str) -> LadderStep | None:
    """The step for the level with `slug` among a role's `levels` (in ladder order), or None."""
    ordered = list(levels)
    for index, level in enumerate(ordered):
        if level.slug == slug:
            following = ordered[index + 1] if index + 1 < len(ordered) else None
            step = LadderStep(
                level=level,
                previous=ordered[index - 1] if index > 0 else None,
                next=following,
                position=index + 1,
                total=len(ordered),
                levels=ordered,
            )
            step.footnotes.cite_all(salary.source for salary in level.salaries.all())
            if following is not None:
                step.footnotes.cite_all(salary.source for salary in following.salaries.all())
            return step
    return None
