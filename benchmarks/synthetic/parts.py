"""One synthetic role: its own row, then one small builder per guide part, in the registry's order.

`BUILDERS` maps every name in the model layer's registry of guide parts (`roles.models.guide_relations()`) to the
function that queues that part's rows; a part added to the registry without a builder here is reported by
`manage.py check` (`check_builders`) and refused by `synthetic_data_generate()`. Builders run no query:
they append dicts of attribute values to the chunk that `writer.write()` inserts.

A role's rows come from one pseudo-random stream seeded by the run's seed and the role's number, so the
same seed gives the same rows. What several parts share (the role's name and its ladder's pay, which the key
facts and regional ranges quote) is drawn first, by `Draft`; then each builder draws in the registry's
order. One stream per role, not per part: seeding a generator costs about 10-30 µs, and a stream per part
added 200,000 of them to a 10,000-role run.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core import checks
from django.utils.text import slugify

from . import schema
from .shared import Context
from .vocabulary import SUMMARY_LABEL, VOCABULARY

WORDS = VOCABULARY
TEXTS = VOCABULARY["texts"]


def money(value) -> Decimal:
    """Whole thousands (whole hundreds below 10,000), as a guide would round."""
    step = 1000 if value >= 10_000 else 100
    return Decimal(int(value / step + Decimal("0.5")) * step)


def _article(word: str) -> str:
    return "an" if word[0] in "AEIOU" else "a"


@dataclass(frozen=True)
class Ladder:
    """A role's career ladder, drawn before its parts: the key facts and regional ranges quote its pay."""

    rungs: list[int]  # indexes into the vocabulary's rungs, bottom to top
    bounds: list[int]  # years of experience where each level starts; the top level is open-ended ("20+")
    medians: list[Decimal]  # US median pay per level

    @property
    def median_pay(self) -> Decimal:
        return self.medians[len(self.medians) // 2]


class Draft:
    """One role being built: its number and key, its words and ladder, and the rows queued per model."""

    def __init__(self, context: Context, chunk: dict[type, list[dict]], number: int):
        self.context, self.chunk, self.number = context, chunk, number
        self.role_id = context.first_role_pk + context.numbers.index(number)
        # Reproducible test data, not a secret: a seeded pseudo-random generator is what is wanted here.
        self.rng = rng = random.Random(f"{context.seed}-{number}")  # noqa: S311
        self.domain_index = rng.randrange(len(WORDS["domains"]))
        domain, subject = WORDS["domains"][self.domain_index], rng.choice(WORDS["subjects"])
        self.name = f"{domain} {subject} {rng.choice(WORDS['nouns'])}"
        self.words = {
            "number": f"{number:05d}",
            "name": self.name,
            "plural": f"{self.name}s",
            "article": _article(self.name),
            "Article": _article(self.name).capitalize(),
            "domain": domain.lower(),
            "subject": subject.lower(),
            "label": SUMMARY_LABEL,
        }
        self.reviewed_on = date(2026, rng.randint(1, 12), rng.randint(1, 28))
        # Levels cover 0 to 20 years of experience; pay grows 22% a level.
        count = rng.randint(3, 8)
        base_pay = Decimal(rng.randint(55, 120) * 1000)
        self.ladder = Ladder(
            rungs=sorted(rng.sample(range(len(WORDS["rungs"])), count)),
            bounds=[rng.randint(0, 2), *sorted(rng.sample(range(3, 20), count - 2)), 20],
            medians=[money(base_pay * Decimal("1.22") ** position) for position in range(count)],
        )

    @property
    def sources(self) -> dict[str, int]:
        return self.context.sources

    @property
    def lists_steps_and_industries(self) -> bool:
        """Even-numbered roles list entry steps and top industries; odd ones have a gap note for each, as a
        real source sometimes leaves them empty."""
        return self.number % 2 == 0

    @property
    def has_second_projection(self) -> bool:
        """Every third role has a second, conflicting growth projection and a data note saying so."""
        return self.number % 3 == 0

    def say(self, template: str) -> str:
        return template.format(**self.words)

    def add(self, model, **values) -> None:
        """Queue one row of `model` (attribute values, e.g. `role_id`); a new key unless `id` is given."""
        if "id" not in values:
            values["id"] = self.context.keys.take(model)
        self.chunk[model].append(values)

    def add_ordered(self, model, items, **values) -> None:
        """Queue one row of `model` per item (a dict of values), numbered `order` 1, 2, ..."""
        for order, item in enumerate(items, start=1):
            self.add(model, role_id=self.role_id, order=order, **values, **item)


def build_role(draft: Draft) -> None:
    """The role's own row: a published guide with every prose section."""
    prose = {field: draft.say(template) for field, template in WORDS["role"].items()}
    slug = slugify(f"{schema.SYNTHETIC_PREFIX}role-{draft.words['number']}-{draft.name}")
    draft.add(schema.Role, id=draft.role_id, slug=slug, is_published=True, guide_reviewed_on=draft.reviewed_on, **prose)


def build_key_facts(draft: Draft, rng: random.Random) -> None:
    medians = draft.ladder.medians
    draft.add(
        schema.KeyFacts,
        role_id=draft.role_id,
        currency_id="USD",
        median_pay=draft.ladder.median_pay,
        median_pay_source_id=draft.sources["wages"],
        pay_range_min=money(medians[0] * Decimal("0.9")),
        pay_range_max=money(medians[-1] * Decimal("1.1")),
        pay_range_max_open_ended=rng.random() < 0.3,
        pay_range_note=TEXTS["pay_range_note"],
        pay_range_source_id=draft.sources["estimates"],
        annual_openings=rng.randint(5, 600) * 100,
        annual_openings_approximate=True,
        annual_openings_source_id=draft.sources["outlook"],
        typical_education=rng.choice(WORDS["typical_education"]),
        typical_education_source_id=draft.sources["estimates"],
    )


def build_growth_projections(draft: Draft, rng: random.Random) -> None:
    """The official headline projection, and on every third role a lower editorial one."""
    comparisons = TEXTS["growth_comparisons"]
    growth = Decimal(rng.randint(-20, 250)) / 10
    comparison = "declining" if growth < 0 else "faster" if growth >= 5 else "average"
    draft.add(
        schema.GrowthProjection,
        role_id=draft.role_id,
        pct_min=growth,
        pct_max=growth,
        period_start_year=2024,
        period_end_year=2034,
        comparison=comparisons[comparison],
        occupation=draft.say(TEXTS["growth_occupation"]),
        is_headline=True,
        source_id=draft.sources["outlook"],
    )
    if draft.has_second_projection:
        low = max(Decimal(0), growth - Decimal(rng.randint(20, 60)) / 10)
        draft.add(
            schema.GrowthProjection,
            role_id=draft.role_id,
            pct_min=low,
            pct_max=low + 2,
            horizon_years=5,
            comparison=comparisons["second"],
            occupation=draft.name,
            is_headline=False,
            source_id=draft.sources["estimates"],
        )


def build_relations(draft: Draft, rng: random.Random) -> None:
    """Three to five other roles of this run (their keys are known before they are written)."""
    numbers, wanted = draft.context.numbers, rng.randint(3, 5)
    picks = rng.sample(numbers, min(len(numbers), wanted + 1))
    for order, other in enumerate([pick for pick in picks if pick != draft.number][:wanted], start=1):
        draft.add(
            schema.RoleRelation,
            from_role_id=draft.role_id,
            to_role_id=draft.context.first_role_pk + numbers.index(other),
            order=order,
            note=TEXTS["relation_note"],
        )


def build_responsibilities(draft: Draft, rng: random.Random) -> None:
    texts = rng.sample(WORDS["responsibilities"], rng.randint(5, 8))
    draft.add_ordered(schema.Responsibility, [{"text": draft.say(text)} for text in texts])


def build_role_skills(draft: Draft, rng: random.Random) -> None:
    """About 20 skills: two thirds technical, mostly from the role's own domain; the rest soft."""
    context = draft.context
    own = rng.sample(context.technical[draft.domain_index], rng.randint(6, 9))
    others = [rng.choice(rng.choice(context.technical)) for _ in range(6)]
    technical = list(dict.fromkeys(own + others))
    skills = technical + rng.sample(context.soft, 20 - len(technical) + rng.randint(-2, 2))
    details = [{"skill_id": skill, "detail": draft.say(rng.choice(WORDS["skill_details"]))} for skill in skills]
    draft.add_ordered(schema.RoleSkill, details)


def build_tools(draft: Draft, rng: random.Random) -> None:
    for tool_id in rng.sample(draft.context.tools, rng.randint(4, 8)):
        draft.add(schema.RoleTool, role_id=draft.role_id, tool_id=tool_id)


def build_certifications(draft: Draft, rng: random.Random) -> None:
    for certification_id in rng.sample(draft.context.certifications, rng.randint(1, 4)):
        draft.add(schema.RoleCertification, role_id=draft.role_id, certification_id=certification_id)


def _level_salary(draft: Draft, level_id: int, place, median: Decimal, average: Decimal | None) -> None:
    draft.add(
        schema.LevelSalary,
        level_id=level_id,
        region_id=place.pk,
        currency_id=place.currency,
        source_id=draft.sources["estimates"],
        median=median,
        average=average,
    )


def build_levels(draft: Draft, rng: random.Random) -> None:
    """The ladder's levels with their focus areas and US pay; the lower levels also in a second country."""
    ladder, rungs, keys = draft.ladder, WORDS["rungs"], draft.context.keys
    top = len(ladder.rungs) - 1
    second_place = rng.choice(draft.context.ladder_places) if draft.context.ladder_places else None
    second_levels = rng.randint(1, top) if second_place else 0
    for position, rung in enumerate(ladder.rungs):
        level_id, low = keys.take(schema.CareerLevel), ladder.bounds[position]
        high = None if position == top else ladder.bounds[position + 1]
        title = f"{rungs[rung]['name']} {draft.name}".strip()
        draft.add(
            schema.CareerLevel,
            id=level_id,
            role_id=draft.role_id,
            order=position + 1,
            title=title,
            slug=slugify(title),
            years_total_min=low,
            years_total_max=high,
            years_in_role_min=rng.randint(3, 5) if high is None else max(1, (high - low) // 2),
            years_in_role_max=None if high is None else high - low,
            scope=draft.say(rungs[rung]["scope"]),
        )
        for order, text in enumerate(rng.sample(WORDS["focus_areas"], rng.randint(2, 4)), start=1):
            draft.add(schema.FocusArea, level_id=level_id, order=order, text=draft.say(text))
        median = ladder.medians[position]
        _level_salary(draft, level_id, draft.context.us, median, money(median * rng.randint(102, 108) / 100))
        if position < second_levels:
            local = money(median * second_place.pay_factor / second_place.usd_per_unit)
            average = money(local * rng.randint(102, 108) / 100) if rng.random() < 0.5 else None
            _level_salary(draft, level_id, second_place, local, average)


def build_regional_salaries(draft: Draft, rng: random.Random) -> None:
    """Ranges in the US, one region in each of several currencies, then more regions up to 8 to 14."""
    context = draft.context
    by_currency = context.places_by_currency
    currencies = rng.sample(sorted(by_currency), min(len(by_currency), rng.randint(4, 8)))
    places = [context.us, *(rng.choice(by_currency[currency]) for currency in currencies)]
    rest = [place for place in context.places if place not in places]
    places += rng.sample(rest, min(len(rest), max(0, rng.randint(8, 14) - len(places))))
    for place in places:
        usd_min = money(draft.ladder.median_pay * place.pay_factor * Decimal("0.8"))
        usd_max = money(draft.ladder.median_pay * place.pay_factor * Decimal("1.25"))
        draft.add(
            schema.RegionalSalary,
            role_id=draft.role_id,
            region_id=place.pk,
            currency_id=place.currency,
            source_id=draft.sources["estimates"],
            local_min=money(usd_min / place.usd_per_unit),
            local_max=money(usd_max / place.usd_per_unit),
            usd_min=usd_min,
            usd_max=usd_max,
            usd_is_approximate=place is not context.us,
        )


def build_education_paths(draft: Draft, rng: random.Random) -> None:
    paths = WORDS["education"]
    chosen = [paths[index] for index in sorted(rng.sample(range(len(paths)), rng.randint(3, 5)))]
    common = {
        "fields_of_study": draft.say(TEXTS["education_fields"]),
        "description": TEXTS["education_description"],
        "currency_id": "USD",
        "source_id": draft.sources["estimates"],
    }
    rows = [
        {
            **common,
            "kind": path["kind"],
            "name": path["name"],
            "cost_min": Decimal(path["cost_min"]),
            "cost_max": Decimal(path["cost_max"]),
            "cost_max_open_ended": path["kind"] == schema.EducationPath.Kind.DEGREE,
            "duration_min": path["duration_min"],
            "duration_max": path["duration_max"],
            "duration_unit": path["duration_unit"],
        }
        for path in chosen
    ]
    draft.add_ordered(schema.EducationPath, rows)


def build_entry_timelines(draft: Draft, rng: random.Random) -> None:
    """A fast track and a traditional route, the second three years slower."""
    fast = rng.randint(2, 4)
    fast_route, traditional = TEXTS["entry_routes"]
    description = draft.say(TEXTS["entry_route_description"])
    routes = [
        {"route": fast_route, "years_min": fast, "years_max": fast + 2, "description": description},
        {"route": traditional, "years_min": fast + 3, "years_max": fast + 7, "description": description},
    ]
    draft.add_ordered(schema.CareerEntryTimeline, routes)


def build_entry_steps(draft: Draft, rng: random.Random) -> None:
    if draft.lists_steps_and_industries:
        steps = WORDS["entry_steps"][: rng.randint(4, 6)]
        draft.add_ordered(
            schema.CareerEntryStep, [{"title": step["title"], "text": draft.say(step["text"])} for step in steps]
        )


def build_top_industries(draft: Draft, rng: random.Random) -> None:
    if draft.lists_steps_and_industries:
        industries = rng.sample(WORDS["industries"], rng.randint(3, 5))
        draft.add_ordered(schema.TopIndustry, [{"name": industry} for industry in industries])


def build_market_insights(draft: Draft, rng: random.Random) -> None:
    """One to three insights of every kind (outlook, challenge, opportunity, trend)."""
    for kind, insights in WORDS["market_insights"].items():
        chosen = rng.sample(insights, rng.randint(1, min(3, len(insights))))
        rows = [{"title": insight["title"], "body": draft.say(insight["body"])} for insight in chosen]
        draft.add_ordered(schema.MarketInsight, rows, kind=kind, source_id=draft.sources["estimates"])


def build_specializations(draft: Draft, rng: random.Random) -> None:
    rows = []
    for specialization in rng.sample(WORDS["specializations"], rng.randint(3, 5)):
        name = draft.say(specialization["name"])
        rows.append(
            {
                "name": name[0].upper() + name[1:],
                "slug": slugify(name),
                "description": draft.say(specialization["description"]),
            }
        )
    draft.add_ordered(schema.Specialization, rows)


def build_pros_cons(draft: Draft, rng: random.Random) -> None:
    for kind, texts in ((schema.ProCon.Kind.PRO, WORDS["pros"]), (schema.ProCon.Kind.CON, WORDS["cons"])):
        chosen = rng.sample(texts, rng.randint(3, 5))
        draft.add_ordered(schema.ProCon, [{"text": draft.say(text)} for text in chosen], kind=kind)


def build_faqs(draft: Draft, rng: random.Random) -> None:
    faqs = rng.sample(WORDS["faqs"], rng.randint(4, 7))
    draft.add_ordered(
        schema.FAQ, [{"question": draft.say(faq["question"]), "answer": draft.say(faq["answer"])} for faq in faqs]
    )


def build_visa_routes(draft: Draft, rng: random.Random) -> None:
    """A skilled worker visa in one to three countries, and an intra-company transfer with no country."""
    countries = draft.context.countries
    skilled = TEXTS["visa_skilled_worker"]
    rows = [
        {
            "kind": schema.VisaRoute.Kind.SKILLED_WORKER,
            "name": skilled["name"],
            "country_id": place.pk,
            "notes": skilled["notes"],
        }
        for place in rng.sample(countries, min(len(countries), rng.randint(1, 3)))
    ]
    rows.append({"kind": schema.VisaRoute.Kind.INTRA_COMPANY, "name": TEXTS["visa_intra_company"]})
    draft.add_ordered(schema.VisaRoute, rows)


def build_data_notes(draft: Draft, rng: random.Random) -> None:
    """A conflict note beside a second growth projection; gap notes where steps and industries are left out."""
    if draft.has_second_projection:
        conflict = TEXTS["growth_conflict"]
        draft.add(
            schema.DataNote,
            role_id=draft.role_id,
            kind=schema.DataNote.Kind.CONFLICT,
            section=schema.DataNote.Section.OUTLOOK,
            **conflict,
        )
    if not draft.lists_steps_and_industries:
        for section, subject in TEXTS["gap_subjects"].items():
            gap = {"kind": schema.DataNote.Kind.GAP, "section": schema.DataNote.Section(section), "subject": subject}
            draft.add(schema.DataNote, role_id=draft.role_id, note=TEXTS["gap_note"], **gap)


# Every guide part of `guide_relations()`, by name.
BUILDERS: dict[str, Callable[[Draft, random.Random], None]] = {
    "key_facts": build_key_facts,
    "growth_projections": build_growth_projections,
    "relations": build_relations,
    "responsibilities": build_responsibilities,
    "role_skills": build_role_skills,
    "tools": build_tools,
    "certifications": build_certifications,
    "levels": build_levels,
    "regional_salaries": build_regional_salaries,
    "education_paths": build_education_paths,
    "entry_timelines": build_entry_timelines,
    "entry_steps": build_entry_steps,
    "top_industries": build_top_industries,
    "market_insights": build_market_insights,
    "specializations": build_specializations,
    "pros_cons": build_pros_cons,
    "faqs": build_faqs,
    "visa_routes": build_visa_routes,
    "data_notes": build_data_notes,
}


def missing_builders() -> list[str]:
    """The guide parts of the registry that no builder writes (none when the generator is complete)."""
    return [name for name in schema.GUIDE_PARTS if name not in BUILDERS]


def check_builders(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: every guide part has a synthetic builder, or the synthetic guides would lack it."""
    return [
        checks.Error(
            f"Guide part {name!r} (roles.models.parts) has no synthetic builder.",
            hint="Add a build_<part> function to benchmarks/synthetic/parts.py and list it in BUILDERS.",
            id="synthetic.E001",
        )
        for name in missing_builders()
    ]


def build_guide(context: Context, chunk: dict[type, list[dict]], number: int) -> None:
    """Queue role `number` and every guide part it owns in `chunk` (lists per model). Runs no query."""
    draft = Draft(context, chunk, number)
    build_role(draft)
    for name in schema.GUIDE_PARTS:
        BUILDERS[name](draft, draft.rng)
