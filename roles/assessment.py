"""“Where do I stand?”: an open self-assessment against a role's guide, shared by the page and the API.

The reader says how strong they are in each of the role's skills, how many years they have worked (in total
and at their current level), which of the role's certifications they hold, their highest education and,
optionally, a country or region and the ladder's track they are on. `assess()` turns that into the matching
ladder level on that track, readiness figures for that level and the next, the skills to build first with
the guide's routes to learn them, and the pay the guide states. Every figure is a plain count or a ratio of
two counts; nothing is weighted, because the guide rates no skill above another (`RULES` says so in words,
on the page and in the API).

Works on a role loaded with `Role.objects.published().for_assessment()` and on regions from
`Region.objects.with_groups()`, so it never queries. Nothing the reader enters is stored.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models

from careerguide.footnotes import Footnotes

from .ladder import levels_on_track
from .models import CareerLevel, EducationPath, Role, RoleSkill
from .skills_gap import coverage_pct, partition_skills, skill_key

# Limits shared by the page's form and the API's serializer. Sixty years covers any working life; more
# is a typing mistake, not a career.
MAX_YEARS = 60


class Strength(models.TextChoices):
    """How strong the reader says they are in a skill. Only the last two count as having the skill."""

    NONE = "none", "None"
    LEARNING = "learning", "Learning"
    WORKING = "working", "Working"
    STRONG = "strong", "Strong"


HELD_STRENGTHS = frozenset({Strength.WORKING, Strength.STRONG})


class Education(models.TextChoices):
    """The reader's highest education, in ascending order (`EDUCATION_RANK`)."""

    SECONDARY = "secondary", "Secondary school"
    BOOTCAMP = "bootcamp", "Bootcamp or online certificate"
    BACHELOR = "bachelor", "Bachelor's degree"
    MASTER = "master", "Master's degree or MBA"
    DOCTORATE = "doctorate", "Doctorate"


EDUCATION_RANK = {value: rank for rank, value in enumerate(Education.values)}
# The guide's education routes that a reader's highest education already includes: a degree route is
# behind anyone with a bachelor's or more, a postgraduate route behind a master's or more. Bootcamps,
# certifications and self-study are ways to learn at any stage, so they are never marked as done.
ROUTE_DONE_FROM = {EducationPath.Kind.DEGREE: Education.BACHELOR, EducationPath.Kind.POSTGRADUATE: Education.MASTER}

RULES = [
    "Level: your total years of experience are matched against each ladder level's total-years range, in "
    "ladder order. When your years fall inside more than one range (ranges share their end years), the "
    "higher level is shown. When they fall between two ranges, or past the end of the last one, the last "
    "level whose range has started is shown. An open-ended range (“20+”) has no upper end.",
    "Skills covered: the number of the role's skills you rate “working” or “strong”, out of all the skills "
    "the guide lists for the role. The guide lists one set of skills for the role, not one per level, so "
    "this figure is the same for every level.",
    "Experience covered: your total years out of the years the level starts at, capped at 100%.",
    "Time at your level: for the next level, your years at your current level out of the fewest years the "
    "guide says people typically spend at the level you match.",
    "Skills to build first: the skills you rate “none” (missing), then those you rate “learning”, each in "
    "the guide's own order. The guide does not rank skills, so neither does this assessment: no weights, "
    "no importance scores.",
    "Where to learn: every education route and certification the guide lists, with its cost, duration and "
    "source. The guide does not say which route teaches which skill, so all of them are shown.",
    "Pay: the level's United States median and average as the guide states them, and for your country or "
    "region the role's range in local currency and US dollars (a country falls back to a named region "
    "that includes it). The guide gives regional ranges for the role, not per level.",
]


@dataclass(frozen=True)
class Answers:
    """What the reader entered: skill slug → `Strength` (a skill left out is “none”), years, certification
    slugs, an `Education` value ("" when not given) and a `Region` (or None)."""

    skills: Mapping[str, str]
    years_total: int
    years_at_level: int = 0
    certifications: frozenset = frozenset()
    education: str = ""
    region: object = None
    track: str = ""  # a `CareerLevel.Track` value, "" when not said (the ladder's first track is taken)

    def strength_of(self, skill) -> str:
        return self.skills.get(skill.slug, Strength.NONE)


def check_choices(role: Role, *, skills: Mapping[str, object], certifications: Sequence[object]) -> None:
    """Raise ValidationError keyed by field (`skills`, `certifications`) for a skill or certification the
    role does not list, or a strength that is not one of `Strength`. The form and the API both call it."""
    errors = {}
    known_skills = {link.skill.slug for link in role.role_skills.all()}
    strengths = ", ".join(Strength.values)
    for slug, strength in skills.items():
        if slug not in known_skills:
            errors.setdefault("skills", []).append(f"{str(slug)[:60]!r} is not one of this role's skills.")
        elif not isinstance(strength, str) or strength not in Strength.values:
            errors.setdefault("skills", []).append(
                f"{str(strength)[:30]!r} for {slug!r} is not a strength; use one of: {strengths}."
            )
    known_certifications = {certification.slug for certification in role.certifications.all()}
    for slug in certifications:
        if not isinstance(slug, str) or slug not in known_certifications:
            errors.setdefault("certifications", []).append(
                f"{str(slug)[:60]!r} is not one of this role's certifications."
            )
    if errors:
        raise ValidationError(errors)


def check_years(years_total: int | None, years_at_level: int | None) -> None:
    """Raise ValidationError on `years_at_level` when it is more than the total years."""
    if years_total is not None and years_at_level is not None and years_at_level > years_total:
        raise ValidationError(
            {
                "years_at_level": f"Years at your current level ({years_at_level}) cannot be more than your "
                f"total years of experience ({years_total})."
            }
        )


# --- The matching level ------------------------------------------------------------------------------------


def _in_range(level: CareerLevel, years: int) -> bool:
    return level.years_total_min <= years and (level.years_total_max is None or years <= level.years_total_max)


def _range(level: CareerLevel) -> str:
    if level.years_total_max is None:
        return f"{level.years_total_display} years, open-ended"
    return f"{level.years_total_display} years"


@dataclass(frozen=True)
class LevelMatch:
    """The ladder level the reader's total years match (None below the first level or without a ladder),
    the level after it, and why, in words."""

    level: CareerLevel | None
    next: CareerLevel | None
    also_in_range: list
    explanation: str


def match_level(levels: Sequence[CareerLevel], years: int) -> LevelMatch:
    """Apply the first rule of `RULES` to `levels` (in ladder order). No query."""
    levels = list(levels)
    if not levels:
        return LevelMatch(None, None, [], "This guide has no career ladder, so there is no level to match.")
    started = [level for level in levels if level.years_total_min <= years]
    if not started:
        first = levels[0]
        return LevelMatch(
            None,
            first,
            [],
            f"Your {years} year{'s' if years != 1 else ''} of experience are fewer than the "
            f"{first.years_total_min} years the first level, {first.title}, starts at.",
        )
    containing = [level for level in started if _in_range(level, years)]
    matched = containing[-1] if containing else started[-1]
    following = levels[levels.index(matched) + 1] if levels.index(matched) + 1 < len(levels) else None
    also = containing[:-1]
    if also:
        others = ", ".join(f"{level.title} ({_range(level)})" for level in also)
        explanation = (
            f"Your {years} years fall in the range of {matched.title} ({_range(matched)}) and also of {others}: "
            f"the ladder's ranges overlap there, so the higher level, {matched.title}, is shown."
        )
    elif containing:
        explanation = f"Your {years} years fall in the range of {matched.title} ({_range(matched)})."
    elif following is not None:
        explanation = (
            f"Your {years} years are past the range of {matched.title} ({_range(matched)}) but short of the "
            f"{following.years_total_min} years {following.title} starts at, so {matched.title}, the last "
            "level reached, is shown."
        )
    else:
        explanation = (
            f"Your {years} years are past the range of {matched.title} ({_range(matched)}), the last level "
            "of this ladder."
        )
    return LevelMatch(matched, following, also, explanation)


# --- Readiness ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One readiness figure: `have` out of `need`, in `unit`, with how it was computed."""

    key: str
    label: str
    have: int
    need: int
    unit: str
    how: str

    @property
    def percent(self) -> int:
        return coverage_pct(self.have, self.need)

    @property
    def short(self) -> int:
        """How many more are needed to reach `need` (0 when covered)."""
        return max(0, self.need - self.have)

    @property
    def short_display(self) -> str:
        """“3 more years to go”, “1 more skill to go”, or empty when covered."""
        if not self.short:
            return ""
        unit = self.unit if self.short != 1 else self.unit.removesuffix("s")
        return f"{self.short} more {unit} to go."


@dataclass(frozen=True)
class Readiness:
    """The readiness figures for one ladder level; `is_next` for the level after the one matched."""

    level: CareerLevel
    is_next: bool
    measures: list


def _skills_measure(covered: int, listed: int) -> Measure:
    return Measure(
        "skills",
        "Skills covered",
        covered,
        listed,
        "skills",
        f"{covered} of the {listed} skills the guide lists for the role rated “working” or “strong”.",
    )


def readiness_for(level: CareerLevel, answers: Answers, *, covered: int, listed: int, current=None) -> Readiness:
    """The figures of `RULES` for `level`; `current` is the matched level when `level` is the next one."""
    measures = [
        _skills_measure(covered, listed),
        Measure(
            "experience",
            "Experience covered",
            answers.years_total,
            level.years_total_min,
            "years",
            f"{answers.years_total} years of total experience, against the {level.years_total_min} "
            f"{level.title} starts at.",
        ),
    ]
    if current is not None:
        measures.append(
            Measure(
                "time_at_level",
                "Time at your level",
                answers.years_at_level,
                current.years_in_role_min,
                "years",
                f"{answers.years_at_level} years at your current level, against the "
                f"{current.years_in_role_display} years people typically spend as {current.title} "
                "before the next level (its lower end counts).",
            )
        )
    return Readiness(level=level, is_next=current is not None, measures=measures)


# --- Skills to build and where to learn --------------------------------------------------------------------


@dataclass(frozen=True)
class SkillToBuild:
    link: RoleSkill
    strength: str

    @property
    def skill(self):
        return self.link.skill

    @property
    def reason(self) -> str:
        if self.strength == Strength.LEARNING:
            return "Only “learning” so far."
        return "Missing: rated “none”."


@dataclass(frozen=True)
class Route:
    """One of the guide's education routes, and whether the reader's highest education already includes it."""

    path: EducationPath
    done: bool


@dataclass(frozen=True)
class LevelPay:
    """What the guide says one level pays: in the United States, and in the reader's region if it says."""

    level: CareerLevel
    us: object  # LevelSalary or None
    in_region: list = field(default_factory=list)


def regions_covering(region) -> list:
    """`region` itself, then the named regions that include it (prefetched by `with_groups()`)."""
    if region is None:
        return []
    return [region, *region.groups.all()]


def level_pay(level: CareerLevel, region) -> LevelPay:
    salaries = list(level.salaries.all())
    us = next((salary for salary in salaries if salary.region.iso_code == "US"), None)
    wanted = [candidate.pk for candidate in regions_covering(region)]
    in_region = [salary for pk in wanted for salary in salaries if salary.region_id == pk and salary is not us]
    return LevelPay(level=level, us=us, in_region=in_region)


def regional_ranges(role: Role, region) -> list:
    """The role's regional salary ranges for `region`: its own first, then any region that includes it."""
    ranges = list(role.regional_salaries.all())
    return [salary for candidate in regions_covering(region) for salary in ranges if salary.region_id == candidate.pk]


# --- The whole assessment ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    role: Role
    answers: Answers
    match: LevelMatch
    readiness: list
    skills_held: list
    skills_to_build: list
    focus_areas: list
    routes: list
    certifications_held: list
    certifications_to_get: list
    typical_education: str
    typical_education_source: object
    pay: list
    regional: list
    footnotes: Footnotes
    rules: list = field(default_factory=lambda: list(RULES))

    @property
    def region(self):
        return self.answers.region

    @property
    def education_label(self) -> str:
        return Education(self.answers.education).label if self.answers.education else ""


def assess(role: Role, answers: Answers) -> Assessment:
    """The assessment of `answers` against `role` (loaded with `for_assessment()`). No query."""
    links = list(role.role_skills.all())
    # A skill held under one name is held under its synonyms too (`SkillSynonym`).
    held_keys = {skill_key(link) for link in links if answers.strength_of(link.skill) in HELD_STRENGTHS}
    held, missing = partition_skills(links, held_keys)
    to_build = [SkillToBuild(link, answers.strength_of(link.skill)) for link in missing]
    # Missing skills before the ones being learnt; within each, the guide's order (a stable sort).
    to_build.sort(key=lambda item: item.strength == Strength.LEARNING)

    # Only the rungs of the reader's track: a manager rung is not the next step of a principal engineer.
    levels = levels_on_track(role.levels.all(), answers.track)
    match = match_level(levels, answers.years_total)
    counts = {"covered": len(held), "listed": len(links)}
    readiness = []
    if match.level is not None:
        readiness.append(readiness_for(match.level, answers, **counts))
    if match.next is not None:
        readiness.append(readiness_for(match.next, answers, current=match.level, **counts))

    rank = EDUCATION_RANK.get(answers.education, -1)
    routes = [
        Route(path, path.kind in ROUTE_DONE_FROM and rank >= EDUCATION_RANK[ROUTE_DONE_FROM[path.kind]])
        for path in role.education_paths.all()
    ]
    certifications = list(role.certifications.all())
    facts = getattr(role, "key_facts", None)
    pay = [level_pay(level, answers.region) for level in (match.level, match.next) if level is not None]
    regional = regional_ranges(role, answers.region)

    # Numbered in the order the page shows them: the routes' costs, the typical education, then pay.
    footnotes = Footnotes()
    footnotes.cite_all(route.path.source for route in routes if route.path.cost_display)
    education_source = facts.typical_education_source if facts is not None and facts.typical_education else None
    footnotes.cite(education_source)
    for row in pay:
        footnotes.cite(row.us.source if row.us else None)
        footnotes.cite_all(salary.source for salary in row.in_region)
    footnotes.cite_all(salary.source for salary in regional)

    return Assessment(
        role=role,
        answers=answers,
        match=match,
        readiness=readiness,
        skills_held=held,
        skills_to_build=to_build,
        focus_areas=list(match.level.focus_areas.all()) if match.level is not None else [],
        routes=routes,
        certifications_held=[c for c in certifications if c.slug in answers.certifications],
        certifications_to_get=[c for c in certifications if c.slug not in answers.certifications],
        typical_education=facts.typical_education if facts is not None else "",
        typical_education_source=education_source,
        pay=pay,
        regional=regional,
        footnotes=footnotes,
    )
