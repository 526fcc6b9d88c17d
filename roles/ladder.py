"""One rung of a career ladder and what it takes to reach the next; works on prefetched levels, no query."""

from dataclasses import dataclass, field

from careerguide.footnotes import Footnotes


@dataclass(frozen=True)
class PayChange:
    """How pay moves from one level to the next in one region (medians, else averages)."""

    region: object
    currency: object
    current: object
    following: object
    measure: str

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
                    changes.append(PayChange(salary.region, salary.currency, low, high, measure))
                    break
        return changes

    @property
    def new_focus_areas(self) -> list:
        return list(self.next.focus_areas.all()) if self.next is not None else []


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
