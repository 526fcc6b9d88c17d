"""A parsed guide as the rows `export_guide` writes: `{"model": label, "fields": {...}}`, foreign keys as
natural keys, the role's row first and then each part of `roles.models.guide_models.GUIDE_ROWS` in its order.

Most parts need no code here: a part's rows come from the parsed guide's tuple named like the part's
accessor on `Role` (`faqs`, `responsibilities`; `SECTIONS` lists the few named otherwise), and
`section_rows` copies every item attribute named like a field of the model, numbering `order` when the
item has none. Only a part whose rows point at shared rows or at other parts (a source, a region, a skill,
a ladder level) has a builder in `BUILDERS`.
"""

from collections.abc import Callable

from roles import models as guide_models
from roles.models import GUIDE_ROWS, GUIDE_TEXT_FIELDS, Role
from roles.models.parts import GuidePart
from salaries.services import salary_currency_error

from .results import ParsedGuide
from .taxonomy import SharedRows, unique_slug
from .text import fold

# Parts whose items the parsed guide holds under another name than the part's accessor on `Role`.
SECTIONS = {"entry_steps": "steps", "entry_timelines": "timelines", "data_notes": "notes"}


class Guide:
    """What a part's builder reads: the parsed guide, its shared rows, the role's slug, and where to list
    the figures it cannot place (line, text)."""

    def __init__(self, parsed: ParsedGuide, shared: SharedRows, *, slug: str, unplaced: list):
        self.parsed = parsed
        self.shared = shared
        self.slug = slug
        self.unplaced = unplaced
        self.level_slugs: dict[str, str] = {}  # folded title -> slug, filled by the ladder's builder

    @property
    def editorial(self) -> list:
        return self.shared.source_key(None)


def section_rows(part: GuidePart, items, slug: str, extra: Callable | None = None) -> list[dict]:
    """One row per item: the item's attributes named like the model's fields, the owner, `order` from the
    item's place when it has none, and what `extra(item)` adds (references)."""
    names = [f.name for f in part.model._meta.concrete_fields if not f.is_relation and not f.primary_key]
    rows = []
    for number, item in enumerate(items, 1):
        fields = {part.owner: [slug]}
        fields.update({name: getattr(item, name) for name in names if hasattr(item, name)})
        if "order" in names and not hasattr(item, "order"):
            fields["order"] = number
        rows.append({**fields, **(extra(item) if extra else {})})
    return rows


def guide_rows(guide: Guide, *, role_fields: dict) -> list[dict]:
    """The role's row (`role_fields` with its tools and certifications) and every row its guide owns."""
    shared = guide.shared
    role = {
        **role_fields,
        "tools": [[slug] for slug in shared.tool_slugs],
        "certifications": [[slug] for slug in shared.certification_slugs],
    }
    rows = [{"model": Role._meta.label_lower, "fields": role}]
    for part in GUIDE_ROWS:
        build = BUILDERS.get(part.model)
        if build is not None:
            fields = build(guide)
        else:
            items = getattr(guide.parsed, SECTIONS.get(part.relation, part.relation))
            fields = section_rows(part, items, guide.slug)
        rows += [{"model": part.model._meta.label_lower, "fields": values} for values in fields]
    return rows


def role_fields(parsed: ParsedGuide, shared: SharedRows, *, slug: str, name: str, publish: bool) -> dict:
    """The role's own fields: title, summary, prose, where it was imported from and its occupation."""
    fields = {name: parsed.prose[name].text if name in parsed.prose else "" for name in GUIDE_TEXT_FIELDS}
    fields.update(title=parsed.title, slug=slug, summary=parsed.summary.text if parsed.summary else "")
    fields["imported_from"] = name[: Role._meta.get_field("imported_from").max_length]
    facts = parsed.key_facts
    official = (facts.median_source if facts else None) or next(
        (growth.source for growth in parsed.growth if growth.source), None
    )
    fields["reference_occupation"] = official.occupation if official else ""
    soc_code = official and (official.soc_code or shared.source_for(official).soc_code)
    if soc_code:
        fields["soc_code"] = soc_code
    if publish:
        fields["is_published"] = True
    return fields


# --- Parts with references ----------------------------------------------------------------------


def _key_facts(guide: Guide) -> list[dict]:
    facts, shared = guide.parsed.key_facts, guide.shared
    if not facts:
        return []
    return [
        {
            "role": [guide.slug],
            "currency": facts.currency,
            "median_pay": facts.median,
            "median_pay_source": shared.source_key(facts.median_source) if facts.median is not None else None,
            "pay_range_min": facts.range_min,
            "pay_range_max": facts.range_max,
            "pay_range_max_open_ended": facts.range_max_open_ended,
            "pay_range_note": facts.range_note,
            "pay_range_source": guide.editorial if facts.range_min is not None else None,
            "annual_openings": facts.openings,
            "annual_openings_approximate": facts.openings_approximate,
            "annual_openings_source": shared.source_key(facts.openings_source) if facts.openings is not None else None,
            "pay_period": facts.period,
            "typical_education": facts.typical_education,
            "typical_education_source": guide.editorial if facts.typical_education else None,
        }
    ]


def _growth(guide: Guide) -> list[dict]:
    return [
        {
            "role": [guide.slug],
            "pct_min": growth.pct_min,
            "pct_max": growth.pct_max,
            "period_start_year": growth.period_start,
            "period_end_year": growth.period_end,
            "horizon_years": growth.horizon_years,
            "comparison": growth.comparison,
            "occupation": growth.occupation,
            "is_headline": index == 0,
            "source": guide.shared.source_key(growth.source),
        }
        for index, growth in enumerate(guide.parsed.growth)
    ]


def _relations(guide: Guide) -> list[dict]:
    rows = []
    for order, related in enumerate(guide.parsed.related, 1):
        to_role = guide.shared.role_named(related.title)
        if to_role is not None and to_role != guide.slug:
            rows.append({"from_role": [guide.slug], "to_role": [to_role], "order": order, "note": related.note})
    return rows


def _skills(guide: Guide) -> list[dict]:
    return [
        {
            "role": [guide.slug],
            "skill": [guide.shared.skill_slugs[fold(skill.name)]],
            "order": n,
            "detail": skill.detail,
        }
        for n, skill in enumerate(guide.parsed.skills, 1)
    ]


def _levels(guide: Guide) -> list[dict]:
    parsed, slugs = guide.parsed, set()
    rows = section_rows(GuidePart(guide_models.CareerLevel, "role"), parsed.levels, guide.slug)
    for level, fields in zip(parsed.levels, rows, strict=True):
        fields["slug"] = unique_slug(level.title, slugs, 120)
        guide.level_slugs[fold(level.title)] = fields["slug"]
        same = guide.slug if fold(level.title) == fold(parsed.title) else guide.shared.role_slugs.get(fold(level.title))
        fields["same_as_role"] = [same] if same else None
    return rows


def _focus_areas(guide: Guide) -> list[dict]:
    return [
        {"level": [guide.slug, guide.level_slugs[fold(level.title)]], "order": n, "text": item.text}
        for level in guide.parsed.levels
        for n, item in enumerate(level.focus_areas, 1)
    ]


def _level_pay(guide: Guide) -> list[dict]:
    rows, shared = [], guide.shared
    for pay in guide.parsed.level_pay:
        level = guide.level_slugs.get(fold(pay.title))
        if level is None:
            guide.unplaced.append((pay.line, f"{pay.title}: salary row [no career-ladder level of this title]"))
            continue
        if pay.median is None and pay.average is None:
            continue
        region = shared.by_iso[pay.country]
        problem = salary_currency_error(region=region, currency_code=pay.currency)
        if problem or pay.currency not in shared.currencies:
            guide.unplaced.append((pay.line, f"{pay.title}: salary row [{problem or 'unknown currency'}]"))
            continue
        rows.append(
            {
                "level": [guide.slug, level],
                "region": [region.slug],
                "currency": pay.currency,
                "source": guide.editorial,
                "median": pay.median,
                "average": pay.average,
                "pay_period": pay.period,
            }
        )
    return rows


def _regional_pay(guide: Guide) -> list[dict]:
    rows, shared = [], guide.shared
    for pay in guide.parsed.regional_pay:
        place = pay.place
        region = shared.by_iso.get(place.code) if place.kind == "country" else shared.region_named(place.name)
        where = f"{place.name}: {pay.currency} {pay.local_min:,}–{pay.local_max:,}"
        if region is None:
            guide.unplaced.append(
                (pay.line, f"{where} [no region “{place.name}” in the database; add it as a region first]")
            )
            continue
        problem = salary_currency_error(region=region, currency_code=pay.currency)
        if problem:
            guide.unplaced.append((pay.line, f"{where}, from “{pay.sentence}” [{problem}]"))
            continue
        part = GuidePart(guide_models.RegionalSalary, "role")
        fields = section_rows(
            part,
            [pay],
            guide.slug,
            lambda pay: {"currency": pay.currency, "source": guide.editorial, "pay_period": pay.period},
        )
        rows.append({**fields[0], "region": [region.slug]})
    return rows


def _education(guide: Guide) -> list[dict]:
    currencies = guide.shared.currencies

    def references(route):
        currency = route.currency if route.currency in currencies else None
        return {"currency": currency, "source": guide.editorial, "duration_note": ""}

    return section_rows(GuidePart(guide_models.EducationPath, "role"), guide.parsed.education, guide.slug, references)


def _steps(guide: Guide) -> list[dict]:
    return [
        {"role": [guide.slug], "order": step.number, "title": step.title, "text": step.text}
        for step in guide.parsed.steps
    ]


def _insights(guide: Guide) -> list[dict]:
    rows = []
    for kind in guide_models.MarketInsight.Kind.values:
        items = [insight for insight in guide.parsed.insights if insight.kind == kind]
        rows += [
            {"role": [guide.slug], "kind": kind, "order": n, "title": "", "body": item.text, "source": guide.editorial}
            for n, item in enumerate(items, 1)
        ]
    return rows


def _specializations(guide: Guide) -> list[dict]:
    slugs: set[str] = set()
    return [
        {
            "role": [guide.slug],
            "order": n,
            "name": s.name,
            "slug": unique_slug(s.name, slugs, 150),
            "description": s.text,
        }
        for n, s in enumerate(guide.parsed.specializations, 1)
    ]


def _pros_cons(guide: Guide) -> list[dict]:
    parsed = guide.parsed
    return [
        {"role": [guide.slug], "kind": kind, "order": n, "text": item.text}
        for kind, items in ((guide_models.ProCon.Kind.PRO, parsed.pros), (guide_models.ProCon.Kind.CON, parsed.cons))
        for n, item in enumerate(items, 1)
    ]


def _visas(guide: Guide) -> list[dict]:
    by_iso = guide.shared.by_iso

    def references(visa):
        return {"country": [by_iso[visa.country].slug] if visa.country else None, "notes": ""}

    return section_rows(GuidePart(guide_models.VisaRoute, "role"), guide.parsed.visas, guide.slug, references)


# The parts whose rows point at shared rows or at other parts (the others: `section_rows`).
BUILDERS: dict[type, Callable[[Guide], list[dict]]] = {
    guide_models.KeyFacts: _key_facts,
    guide_models.GrowthProjection: _growth,
    guide_models.RoleRelation: _relations,
    guide_models.RoleSkill: _skills,
    guide_models.CareerLevel: _levels,
    guide_models.FocusArea: _focus_areas,
    guide_models.LevelSalary: _level_pay,
    guide_models.RegionalSalary: _regional_pay,
    guide_models.EducationPath: _education,
    guide_models.CareerEntryStep: _steps,  # its items carry their own number
    guide_models.MarketInsight: _insights,
    guide_models.Specialization: _specializations,
    guide_models.ProCon: _pros_cons,
    guide_models.VisaRoute: _visas,
}
