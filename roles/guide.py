"""What a full guide page shows beyond the role itself: sections, source notes, charts and JSON-LD.

Everything here works on a role loaded with `Role.objects.published().for_guide_page()` and runs no query.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string

from careerguide.footnotes import Footnotes
from careerguide.formatting import format_money, format_money_short
from salaries.conversion import ShownRange
from salaries.models import yearly_amount

from .assessment import Assessment
from .charts import bar_chart
from .comparisons import Comparison
from .models import MarketInsight
from .official_figures import check_median_pay, national_medians, occupation_soc_code
from .skills_gap import SkillsGap

MARKET_HEADINGS = [
    (MarketInsight.Kind.CHALLENGE.value, "Current challenges"),
    (MarketInsight.Kind.OPPORTUNITY.value, "Growth opportunities"),
    (MarketInsight.Kind.TREND.value, "Current market trends"),
]


def key_facts_of(role):
    """The role's `KeyFacts`, or None when it has none (already joined: no query)."""
    return getattr(role, "key_facts", None)


@dataclass(frozen=True)
class LevelPay:
    """One row of the salary-by-level table."""

    level: object
    salary: object  # LevelSalary


def level_pay_rows(role) -> list[LevelPay]:
    """Every (level, regional pay) pair in ladder order; the table shows a Region column when there are several."""
    return [LevelPay(level, salary) for level in role.levels.all() for salary in level.salaries.all()]


HOURLY_AS_YEARLY = " Hourly figures are drawn as a year of 2,080 hours (BLS's full-time year)."


def _yearly_bars(salary) -> list:
    """A level salary's median and average bars, as yearly amounts (an hourly figure at 2,080 hours)."""
    return [
        (0, yearly_amount(value, salary.pay_period)) if value is not None else None
        for value in (salary.median, salary.average)
    ]


def _hourly_words(figures) -> str:
    """What a chart's description adds when some of its figures are hourly: how they were made yearly."""
    return HOURLY_AS_YEARLY if any(figure.is_hourly for figure in figures) else ""


def level_pay_chart(role):
    """Median and average pay per level in the region most levels quote (US for the guide), or None."""
    rows = level_pay_rows(role)
    if not rows:
        return None
    region_id, _ = Counter(row.salary.region_id for row in rows).most_common(1)[0]
    chosen = [row for row in rows if row.salary.region_id == region_id]
    region, currency = chosen[0].salary.region, chosen[0].salary.currency
    spans = [(row.level.title, _yearly_bars(row.salary)) for row in chosen]
    return bar_chart(
        chart_id="chart-level-pay",
        title=f"Annual pay by career level, {region.name} ({currency.code})",
        description="Median and average pay for each level; the table below gives the same figures."
        + _hourly_words([row.salary for row in chosen]),
        series=["Median", "Average"],
        rows=spans,
        currency=currency,
    )


def has_figure(salary) -> bool:
    """Whether a level salary states a median or an average (a chart has nothing to draw for it otherwise)."""
    return salary.median is not None or salary.average is not None


def main_currency_id(salaries: list):
    """The currency most of `salaries` quote (the first one's on a tie), or None when there are none."""
    return Counter(salary.currency_id for salary in salaries).most_common(1)[0][0] if salaries else None


def level_region_pay_chart(level):
    """A level's median and average pay in each region quoting the currency most of its figures use (the
    table beside it gives every figure), or None. Reads the prefetched `level.salaries` (no query)."""
    salaries = [salary for salary in level.salaries.all() if has_figure(salary)]
    currency_id = main_currency_id(salaries)
    chosen = [salary for salary in salaries if salary.currency_id == currency_id]
    if not chosen:
        return None
    currency = chosen[0].currency
    spans = [(salary.region.name, _yearly_bars(salary)) for salary in chosen]
    return bar_chart(
        chart_id="chart-level-region-pay",
        title=f"Annual pay at the {level.title} level ({currency.code})",
        description="Median and average pay by region; the table below gives the same figures with sources."
        + _hourly_words(chosen),
        series=["Median", "Average"],
        rows=spans,
        currency=currency,
    )


def global_salary_chart(role):
    """Each region's range in US dollars as the source states it, highest first, or None."""
    salaries = list(role.regional_salaries.all())
    return bar_chart(
        chart_id="chart-global-salaries",
        title="Annual salary ranges by region, in US dollars",
        description="The source's US-dollar equivalent of each local range; the table below gives local amounts."
        + _hourly_words(salaries),
        series=["Range in USD"],
        rows=[
            (
                salary.region.name,
                [(yearly_amount(salary.usd_min, salary.pay_period), yearly_amount(salary.usd_max, salary.pay_period))],
            )
            for salary in salaries
        ],
        currency="USD",
    )


def data_notes_by_section(role) -> dict[str, list]:
    """The role's data notes keyed by `DataNote.Section` value, for the section they belong to."""
    notes = defaultdict(list)
    for note in role.data_notes.all():
        notes[note.section].append(note)
    return dict(notes)


def market_insights_by_kind(role) -> dict[str, list]:
    """Market insights keyed by kind: `outlook` goes with salary, the rest with market reality."""
    grouped = {kind.value: [] for kind in MarketInsight.Kind}
    for insight in role.market_insights.all():
        grouped[insight.kind].append(insight)
    return grouped


def pay_range_display(facts) -> str:
    """The headline pay range in short amounts, “$115k–$220k+”; empty when the guide states none."""
    if facts is None or facts.pay_range_min is None:
        return ""
    if facts.is_hourly:  # a wage: its cents, not “$0k”
        low = format_money(facts.pay_range_min, facts.currency, cents=True)
        high = format_money(facts.pay_range_max, facts.currency, cents=True)
        return f"{low}–{high}{'+' if facts.pay_range_max_open_ended else ''} an hour"
    low = format_money_short(facts.pay_range_min, facts.currency)
    high = format_money_short(facts.pay_range_max, facts.currency)
    return f"{low}–{high}{'+' if facts.pay_range_max_open_ended else ''}"


def key_facts_sources(role) -> list:
    """The key facts' sources in the order `_key_facts.html` shows them: only a stated figure cites one."""
    facts = key_facts_of(role)
    if facts is None:
        return []
    growth = role.headline_growth
    return [
        facts.median_pay_source if facts.median_pay is not None else None,
        facts.pay_range_source if pay_range_display(facts) else None,
        growth.source if growth else None,
        facts.annual_openings_source if facts.annual_openings is not None else None,
        facts.typical_education_source if facts.typical_education else None,
    ]


def education_sources(role) -> list:
    """`_education.html` repeats the typical education with its source."""
    facts = key_facts_of(role)
    return [facts.typical_education_source] if facts is not None and facts.typical_education else []


def training_costs_sources(role) -> list:
    """`_training_costs.html` cites a route's source beside its cost, so only routes with a cost cite one."""
    return [path.source for path in role.education_paths.all() if path.cost_display]


def salary_sources(role) -> list:
    """`_salary.html`: pay by level, then the growth projections, then the outlook commentary."""
    return [
        *(row.salary.source for row in level_pay_rows(role)),
        *(projection.source for projection in role.growth_projections.all()),
        *(insight.source for insight in market_insights_by_kind(role)[MarketInsight.Kind.OUTLOOK.value]),
    ]


def global_salaries_sources(role) -> list:
    """`_global_salaries.html`: one source per regional range, in table order."""
    return [salary.source for salary in role.regional_salaries.all()]


def market_sources(role) -> list:
    """`_market.html`: the insights of each kind in `MARKET_HEADINGS` order."""
    grouped = market_insights_by_kind(role)
    return [insight.source for kind, _ in MARKET_HEADINGS for insight in grouped[kind]]


def cites_nothing(role) -> list:
    """For a section that shows no sourced figure."""
    return []


@dataclass(frozen=True)
class GuideSection:
    """One section of the guide page.

    `id` is the section's anchor and names its partial; `title` is its table-of-contents label and, unless
    the partial's heading names the role, its heading. `cites` returns the sources the partial cites, in the
    order it shows them (None where a figure has no source), so the page numbers its notes before rendering.
    """

    id: str
    title: str
    cites: Callable[[object], Iterable] = cites_nothing

    @property
    def template(self) -> str:
        """The partial: `roles/guide/_key_facts.html` for the section `key-facts`."""
        return f"roles/guide/_{self.id.replace('-', '_')}.html"


# The guide's own order: the table of contents, the sections with their partials, and the numbering of the
# source notes all follow this one list.
GUIDE_SECTIONS = [
    GuideSection("key-facts", "Key facts", key_facts_sources),
    GuideSection("what-is", "What the role is"),
    GuideSection("what-they-do", "What they do"),
    GuideSection("work-environment", "Work environment"),
    GuideSection("tools", "Tools by purpose"),
    GuideSection("skills", "Skills"),
    GuideSection("education", "Education", education_sources),
    GuideSection("how-to-become", "How to become one"),
    GuideSection("training-costs", "Education and training costs", training_costs_sources),
    GuideSection("salary", "Salary and outlook", salary_sources),
    GuideSection("career-ladder", "Career ladder"),
    GuideSection("global-salaries", "Global salaries", global_salaries_sources),
    GuideSection("remote-work", "Remote work"),
    GuideSection("visas", "Visas and immigration"),
    GuideSection("market", "Market reality", market_sources),
    GuideSection("specializations", "Emerging specializations"),
    GuideSection("pros-cons", "Pros and cons"),
    GuideSection("faq", "Frequently asked questions"),
    GuideSection("related", "Related careers"),
    GuideSection("readiness", "Where do I stand?"),
    GuideSection("sources", "Sources"),
]


def guide_footnotes(role) -> Footnotes:
    """Number the guide's sources section by section, in the order the page shows them. No query."""
    notes = Footnotes()
    for section in GUIDE_SECTIONS:
        notes.cite_all(section.cites(role))
    return notes


def occupation_json_ld(role, *, url: str) -> dict:
    """schema.org `Occupation` for search engines: only figures the page shows, with their currency."""
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary or role.description,
        "url": url,
    }
    facts = key_facts_of(role)
    salaries = []
    if facts is not None and facts.median_pay is not None:
        salaries.append(
            {
                "@type": "MonetaryAmountDistribution",
                "name": "base",
                "currency": facts.currency_id,
                "duration": "PT1H" if facts.is_hourly else "P1Y",
                "median": float(facts.median_pay),
            }
        )
    salaries += [
        {
            "@type": "MonetaryAmount",
            "name": f"{salary.region.name} range{', per hour' if salary.is_hourly else ''}",
            "currency": salary.currency_id,
            "minValue": float(salary.local_min),
            "maxValue": float(salary.local_max),
        }
        for salary in role.regional_salaries.all()
    ]
    if salaries:
        data["estimatedSalary"] = salaries
    locations = [
        {"@type": "Country" if salary.region.kind == "country" else "Place", "name": salary.region.name}
        for salary in role.regional_salaries.all()
    ]
    if locations:
        data["occupationLocation"] = locations
    skills = [skill.name for skill in role.skill_list]
    if skills:
        data["skills"] = skills
    if facts is not None and facts.typical_education:
        data["educationRequirements"] = facts.typical_education
    timelines = list(role.entry_timelines.all())
    if timelines:
        fastest = min(timelines, key=lambda t: t.years_min)
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": fastest.years_min * 12,
            "description": "; ".join(f"{t.route}: {t.years_display} years" for t in timelines),
        }
    if role.soc_code:
        data["occupationalCategory"] = role.soc_code
    return data


@dataclass(frozen=True)
class GuideParts:
    """What a rendered guide page keeps under the content version (careerguide.cache.Fragment): the role's own
    fields (no relations), the body (`roles/guide/_body.html`: contents and sections) and the JSON-LD."""

    role: object
    body: str
    json_ld: dict


def guide_parts(role, context: dict, request) -> GuideParts:
    """Render the guide's body with `context` (the page's, with `guide_context()`); no query beyond the loaded role."""
    fields = role.__class__(**{field.attname: getattr(role, field.attname) for field in role._meta.concrete_fields})
    body = render_to_string("roles/guide/_body.html", context, request)
    return GuideParts(role=fields, body=body, json_ld=context["json_ld"])


def guide_context(role, *, url: str) -> dict:
    """Everything the guide template needs besides the role itself: no query, but for the BLS figures of the
    guide's occupation (`official_figures.national_medians`: one query, two when a median has a footnote)."""
    facts = key_facts_of(role)
    level_rows = level_pay_rows(role)
    medians = national_medians(occupation_soc_code(role))
    return {
        "sections": GUIDE_SECTIONS,
        "facts": facts,
        "median_check": check_median_pay(role, medians),
        "occupation": medians[0].occupation if medians else None,
        "pay_range": pay_range_display(facts),
        "growth": role.headline_growth,
        "footnotes": guide_footnotes(role),
        "skills": role.skills_by_category(),
        "level_pay_rows": level_rows,
        "level_pay_regions": len({row.salary.region_id for row in level_rows}),
        "level_pay_chart": level_pay_chart(role),
        "global_salary_chart": global_salary_chart(role),
        "data_notes": data_notes_by_section(role),
        "insights": market_insights_by_kind(role),
        "market_headings": MARKET_HEADINGS,
        "pros_cons": role.pros_and_cons(),
        "json_ld": occupation_json_ld(role, url=url),
    }


def comparison_pay_chart(comparison: Comparison):
    """The compare page's chart: each role's headline median pay in US dollars. No query."""
    roles = [column.role for column in comparison.roles]
    facts = [column.facts for column in comparison.roles if column.facts is not None]
    return bar_chart(
        chart_id="chart-compare-pay",
        title="Headline median pay a year, in US dollars",
        description="Each role's headline median pay; the table gives the same figures with their context."
        + _hourly_words(facts),
        series=["Median pay"],
        rows=[(role.title, [(0, role.median_pay_usd) if role.median_pay_usd is not None else None]) for role in roles],
        currency="USD",
    )


def skills_gap_pay_chart(gap: SkillsGap):
    """The skills-gap page's chart: the current and the wanted role's headline median pay. No query."""
    roles = [gap.from_role, gap.to_role]
    facts = [facts for facts in (getattr(role, "key_facts", None) for role in roles) if facts is not None]
    return bar_chart(
        chart_id="chart-gap-pay",
        title="Headline median pay a year, in US dollars",
        description="Both roles' headline median pay; the table below gives the same figures with the outlook."
        + _hourly_words(facts),
        series=["Median pay"],
        rows=[(role.title, [(0, role.median_pay_usd) if role.median_pay_usd is not None else None]) for role in roles],
        currency="USD",
    )


def assessment_pay_chart(assessment: Assessment):
    """The self-assessment's pay by level (the matched one and the next) in the currency most of its figures
    use, labelled with the region when there are several; None without figures. No query."""
    pairs = [(row.level, salary) for row in assessment.pay for salary in [row.us, *row.in_region] if salary]
    pairs = [(level, salary) for level, salary in pairs if has_figure(salary)]
    currency_id = main_currency_id([salary for _, salary in pairs])
    chosen = [(level, salary) for level, salary in pairs if salary.currency_id == currency_id]
    if not chosen:
        return None
    several_regions = len({salary.region_id for _, salary in chosen}) > 1
    rows = [
        (f"{level.title}, {salary.region.name}" if several_regions else level.title, _yearly_bars(salary))
        for level, salary in chosen
    ]
    first = chosen[0][1]
    region = "" if several_regions else f", {first.region.name}"
    return bar_chart(
        chart_id="chart-assessment-pay",
        title=f"Annual pay by level{region} ({first.currency.code})",
        description="Median and average pay by level; the table below gives the same figures with sources.",
        series=["Median", "Average"],
        rows=rows,
        currency=first.currency,
    )


def explorer_label(salary, *, name_role: bool, name_region: bool) -> str:
    """A salary explorer bar's label: “Role, Region”, or only the part that differs from bar to bar."""
    return ", ".join([*([salary.role.title] if name_role else []), *([salary.region.name] if name_region else [])])


# A chart of more ranges than this would be taller than a phone screen: the page then shows only its table.
EXPLORER_CHART_MAX_ROWS = 12


def salary_explorer_chart(rows: list[ShownRange]):
    """The salary explorer's ranges as bars, in the currency they are shown in, or in the source's US-dollar
    equivalents when the page mixes local currencies; None without rows or with more than
    `EXPLORER_CHART_MAX_ROWS` of them. Labelled with the role, the region or both, whichever differ. No query."""
    if not rows or len(rows) > EXPLORER_CHART_MAX_ROWS:
        return None
    codes = {getattr(row.currency, "code", row.currency) for row in rows}
    if len(codes) == 1:
        currency, bounds = rows[0].currency, [(row.low, row.high, row.salary) for row in rows]
    else:
        currency, bounds = "USD", [(row.salary.usd_min, row.salary.usd_max, row.salary) for row in rows]
    spans = [(yearly_amount(low, s.pay_period), yearly_amount(high, s.pay_period)) for low, high, s in bounds]
    one_role = len({row.salary.role_id for row in rows}) == 1
    one_region = len({row.salary.region_id for row in rows}) == 1
    labels = [
        explorer_label(row.salary, name_role=not one_role, name_region=one_role or not one_region) for row in rows
    ]
    code = getattr(currency, "code", currency)
    mixed = "" if len(codes) == 1 else " (the source's equivalents of local amounts)"
    return bar_chart(
        chart_id="chart-explorer-ranges",
        title=f"Annual salary ranges on this page, in {code}{mixed}",
        description="Each range from its minimum to its maximum; the table below gives the same ranges with sources."
        + _hourly_words([row.salary for row in rows]),
        series=[f"Range in {code}"],
        rows=[(label, [span]) for label, span in zip(labels, spans, strict=True)],
        currency=currency,
    )
