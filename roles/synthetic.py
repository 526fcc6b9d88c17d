"""Synthetic career guides for load tests and benchmarks, written by `manage.py generate_synthetic_data`.

Every generated row is labelled so that it can never pass for a real guide. A role's slug starts with
`SYNTHETIC_PREFIX` (`synthetic-role-00042-orbital-data-steward`), its title says "Synthetic Role 00042:
Orbital Data Steward" and its summary and description say it is generated test data. The shared rows the
roles use (skills, tool categories, tools, certifications, extra countries) carry the same slug prefix and
"(synthetic)" in their name; sources, which have no slug, carry the prefix in their publisher abbreviation.
`synthetic_data_purge()` removes exactly these rows.

What a role gets: a published guide with every prose section, a ladder of 3 to 8 levels ending in an
open-ended "20+" level (focus areas, US median and average pay, some levels also in a second country),
about 20 skills from a fixed taxonomy of 500 (400 technical, 100 soft) with role-specific details, tools,
certifications, responsibilities, education paths, entry timelines, market insights, specialisations, pros
and cons, FAQs, visa routes, key facts with their sources, a headline growth projection (every third role
also gets a second, conflicting one and a data note saying so), regional salaries in 8 to 14 regions and
their currencies, and related roles. Even-numbered roles have numbered entry steps and top industries;
odd-numbered ones have a "gap" data note for each instead, as a real source sometimes leaves them empty.

Fast: rows are built in memory as plain dicts, 500 roles at a time, and written by `_bulk_insert()` (what
`bulk_create` writes, without a model instance per row) in multi-row INSERTs of 1,000 rows, so the number
of queries grows with the number of batches, never with a query per row. Primary keys are assigned here,
so a child points at its parent without reading keys back. Nothing goes through `save()` or sends a
signal, so django-simple-history records nothing: this is test data, not an editor's work. The whole run
is one transaction: interrupted, it leaves nothing behind.

Keys start at `FIRST_PK` (or above the table's highest key): the fixtures give their rows explicit keys
far below it, so `load_guides` run after generating (by `make run` on the same database, say) inserts the
real guide instead of overwriting synthetic rows with it.

Deterministic: the taxonomy is the same on every run and role number n is built from its own
`random.Random(f"{seed}-{n}")`, so the same seed on the same database writes the same rows and keys.
"""

import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify

from salaries.models import Currency, GrowthProjection, KeyFacts, LevelSalary, Region, RegionalSalary, Source
from salaries.services import salary_currency_error

from .models import (
    FAQ,
    SYNTHETIC_PREFIX,
    CareerEntryStep,
    CareerEntryTimeline,
    CareerLevel,
    Certification,
    DataNote,
    EducationPath,
    FocusArea,
    MarketInsight,
    ProCon,
    Responsibility,
    Role,
    RoleRelation,
    RoleSkill,
    Skill,
    Specialization,
    Tool,
    ToolCategory,
    TopIndustry,
    VisaRoute,
)

FIRST_PK = 1_000_000
ROLES_PER_CHUNK = 500
BATCH_SIZE = 1_000
NAME_LABEL = " (synthetic)"
SUMMARY_LABEL = "Generated test data, not a real career guide."
ROLE_SLUG = re.compile(rf"^{re.escape(SYNTHETIC_PREFIX)}role-(\d+)-")
# The shared reference rows (sources, currencies, countries, tools, skills) that the real guides use.
REFERENCE_FIXTURE = "01_reference.yaml"

RoleTool = Role.tools.through
RoleCertification = Role.certifications.through

# What one role owns, in the order it is written (a parent before its children).
ROLE_MODELS = (
    Role,
    KeyFacts,
    GrowthProjection,
    CareerLevel,
    FocusArea,
    LevelSalary,
    RoleSkill,
    RoleTool,
    RoleCertification,
    Responsibility,
    EducationPath,
    CareerEntryTimeline,
    CareerEntryStep,
    TopIndustry,
    MarketInsight,
    Specialization,
    ProCon,
    FAQ,
    VisaRoute,
    DataNote,
    RegionalSalary,
    RoleRelation,
)
# Shared rows the generator adds, with the field carrying the label. `--purge` deletes them in this order
# (a tool before its category) once no remaining row uses them.
LABELLED_SHARED = (
    (Skill, "slug"),
    (Tool, "slug"),
    (ToolCategory, "slug"),
    (Certification, "slug"),
    (Region, "slug"),
    (Source, "publisher_abbreviation"),
)

# --- Vocabulary -------------------------------------------------------------------------------------------

DOMAINS = (
    "Orbital",
    "Clinical",
    "Maritime",
    "Payments",
    "Geospatial",
    "Energy Grid",
    "Genomics",
    "Retail",
    "Logistics",
    "Robotics",
    "Climate",
    "Identity",
    "Observability",
    "Streaming",
    "Search",
    "Mobile",
    "Firmware",
    "Warehouse",
    "Insurance",
    "Agritech",
    "Learning Platform",
    "Media",
    "Civic Technology",
    "Bioprocess",
    "Aviation",
)
SUBJECTS = (
    "Data",
    "Platform",
    "Systems",
    "Operations",
    "Reliability",
    "Security",
    "Product",
    "Automation",
    "Analytics",
    "Integration",
    "Quality",
    "Infrastructure",
)
NOUNS = (
    "Steward",
    "Engineer",
    "Analyst",
    "Manager",
    "Architect",
    "Specialist",
    "Coordinator",
    "Lead",
    "Strategist",
    "Consultant",
    "Scientist",
    "Designer",
)
# (name, what it covers): crossed with every domain for the 400 technical skills.
PRACTICES = (
    ("Modelling", "Describing the entities, events and rules of the field precisely enough to build on"),
    ("Pipeline Design", "Moving and transforming records reliably from where they arise to where they are used"),
    ("Quality Assurance", "Planning checks that catch defects before they reach users"),
    ("Security Review", "Finding and fixing weaknesses an attacker could use"),
    ("Capacity Planning", "Forecasting load and sizing systems and teams ahead of demand"),
    ("Incident Response", "Restoring service quickly when something breaks and learning from it"),
    ("Performance Tuning", "Measuring where time and money go and making systems faster or cheaper"),
    ("API Design", "Shaping interfaces other teams can rely on and evolve without breaking"),
    ("Data Governance", "Deciding who may use which data, for what, and keeping a record of it"),
    ("Test Automation", "Writing tests that run on every change and fail for the right reasons"),
    ("Systems Architecture", "Dividing a large system into parts with clear responsibilities"),
    ("Regulatory Compliance", "Meeting the rules that apply to the field and proving it to auditors"),
    ("Forecasting", "Turning history and signals into estimates others can plan with"),
    ("Visualisation", "Presenting figures so that readers see the pattern and the exceptions"),
    ("Migration Planning", "Moving users and data from an old system to a new one without losing either"),
    ("Cost Optimisation", "Keeping the running cost of systems in line with the value they deliver"),
)
# Crossed with SOFT_CONTEXTS for the 100 soft skills.
SOFT_CORES = (
    ("Negotiation", "Reaching agreements that both sides can keep"),
    ("Mentoring", "Helping less experienced colleagues grow"),
    ("Facilitation", "Running discussions that end in decisions"),
    ("Storytelling", "Explaining why the work matters through examples"),
    ("Conflict Resolution", "Settling disagreements fairly and early"),
    ("Prioritisation", "Choosing what not to do"),
    ("Coaching", "Asking the questions that let people find their own answers"),
    ("Written Communication", "Writing briefs, updates and decisions people act on"),
    ("Decision-Making", "Committing to a choice with incomplete information"),
    ("Stakeholder Influence", "Winning support from people you do not manage"),
)
SOFT_CONTEXTS = (
    "Distributed Teams",
    "Executive Audiences",
    "Regulated Settings",
    "Customer Escalations",
    "Cross-Functional Programmes",
    "Vendor Partnerships",
    "Early-Stage Teams",
    "Crisis Situations",
    "Change Programmes",
    "Technical Communities",
)
TOOL_STEMS = ("Astra", "Nimbus", "Quill", "Vector", "Tessel", "Kestrel", "Lumen", "Cobalt", "Juniper", "Halcyon")
# (tool name suffix, category name, category description)
TOOL_KINDS = (
    ("Board", "Planning boards", "Boards and backlogs for planning work."),
    ("Flow", "Workflow automation", "Automating hand-offs between people and systems."),
    ("Forge", "Build and release", "Building, packaging and shipping changes."),
    ("Scope", "Monitoring", "Watching systems and alerting on trouble."),
    ("Vault", "Secrets and storage", "Keeping data and credentials safe."),
    ("Sync", "Collaboration", "Shared documents, chat and meetings."),
    ("Lens", "Analytics", "Querying and charting figures."),
    ("Kit", "Development kits", "Libraries and tooling for building software."),
)
CERTIFICATION_GRADES = (("Practitioner", "P"), ("Professional", "X"))
# Countries added when the database lacks them: (ISO 3166-1 code, name, area, currency, pay relative to the US).
# Only currencies the reference data has, so no synthetic currency (whose ISO code cannot carry a label).
EXTRA_COUNTRIES = (
    ("FR", "France", Region.Area.EUROPE, "EUR", "0.62"),
    ("IT", "Italy", Region.Area.EUROPE, "EUR", "0.52"),
    ("NL", "Netherlands", Region.Area.EUROPE, "EUR", "0.70"),
    ("IE", "Ireland", Region.Area.EUROPE, "EUR", "0.74"),
    ("AT", "Austria", Region.Area.EUROPE, "EUR", "0.63"),
    ("BE", "Belgium", Region.Area.EUROPE, "EUR", "0.64"),
    ("FI", "Finland", Region.Area.EUROPE, "EUR", "0.58"),
    ("GR", "Greece", Region.Area.EUROPE, "EUR", "0.33"),
    ("PR", "Puerto Rico", Region.Area.NORTH_AMERICA, "USD", "0.60"),
    ("PA", "Panama", Region.Area.LATIN_AMERICA, "USD", "0.30"),
    ("EC", "Ecuador", Region.Area.LATIN_AMERICA, "USD", "0.22"),
    ("SV", "El Salvador", Region.Area.LATIN_AMERICA, "USD", "0.20"),
)
# Rough US dollars per unit, to state local ranges next to their USD equivalents. A region quoted in a
# currency not listed here gets no synthetic salaries.
USD_PER_UNIT = {
    "USD": Decimal("1"),
    "CAD": Decimal("0.72"),
    "EUR": Decimal("1.08"),
    "GBP": Decimal("1.27"),
    "PLN": Decimal("0.25"),
    "AUD": Decimal("0.66"),
    "SGD": Decimal("0.75"),
    "INR": Decimal("0.012"),
    "BRL": Decimal("0.19"),
}
# Pay relative to the US in the reference regions (by slug); others fall back on their area.
PAY_FACTOR = {
    "united-states": Decimal("1.00"),
    "canada": Decimal("0.72"),
    "germany": Decimal("0.70"),
    "united-kingdom": Decimal("0.72"),
    "poland": Decimal("0.33"),
    "australia": Decimal("0.66"),
    "singapore": Decimal("0.68"),
    "india": Decimal("0.17"),
    "brazil": Decimal("0.22"),
    "portugal": Decimal("0.38"),
    "spain": Decimal("0.45"),
    "western-europe": Decimal("0.68"),
    "eastern-europe": Decimal("0.38"),
}
AREA_PAY_FACTOR = {
    Region.Area.NORTH_AMERICA: Decimal("0.80"),
    Region.Area.EUROPE: Decimal("0.55"),
    Region.Area.ASIA_PACIFIC: Decimal("0.50"),
    Region.Area.LATIN_AMERICA: Decimal("0.25"),
}
# Countries a ladder quotes besides the US, when present (ISO codes).
SECOND_LADDER_COUNTRIES = ("GB", "CA", "DE", "AU")

RUNGS = ("Trainee", "Junior", "", "Senior", "Lead", "Staff", "Principal", "Chief")
RUNG_SCOPES = (
    "Learns the {domain} basics under close supervision and takes on small, well-defined tasks.",
    "Delivers scoped pieces of {subject} work with review from a senior colleague.",
    "Owns {subject} work for one product area end to end and helps newer colleagues.",
    "Leads the hardest {subject} problems of a team and sets its technical standards.",
    "Runs a team of {plural}, its plan and its results, and hires for it.",
    "Shapes {subject} practice across several teams and advises leadership on it.",
    "Heads the {domain} {subject} function: strategy, budget and the people who deliver it.",
    "Answers to the executive team for everything {subject} in the organisation.",
)
FOCUS_AREAS = (
    "Learn the {domain} vocabulary and the systems the team relies on.",
    "Ship small changes safely and ask for review early.",
    "Build a habit of writing down decisions and their reasons.",
    "Take ownership of one {subject} workflow from request to result.",
    "Estimate work and say early when an estimate no longer holds.",
    "Mentor a newer colleague through their first project.",
    "Lead a cross-team piece of {subject} work to completion.",
    "Learn to read a budget and argue for the resources a plan needs.",
    "Build relationships with the people who depend on the team's work.",
    "Represent the team's {subject} practice to senior leadership.",
    "Grow other leads and plan for your own succession.",
    "Set a {domain} strategy that outlasts the current roadmap.",
    "Measure outcomes rather than activity and report them honestly.",
    "Keep up with new {domain} tools and decide which are worth adopting.",
)
RESPONSIBILITIES = (
    "Plan the team's {subject} work each quarter and keep the plan current as priorities change.",
    "Design and review {domain} {subject} solutions against agreed standards.",
    "Keep {subject} systems healthy: watch them, respond to incidents and fix root causes.",
    "Turn requests from {domain} colleagues into clear, estimated pieces of work.",
    "Document how things work so that others can run them without you.",
    "Review colleagues' work and give feedback that helps them improve.",
    "Report progress, risks and results to stakeholders in plain language.",
    "Choose tools and vendors for {subject} work and manage their cost.",
    "Make sure {domain} data is handled lawfully and securely.",
    "Coach newer {plural} and help them plan their careers.",
    "Run retrospectives after major deliveries and follow up on what they find.",
)
SKILL_DETAILS = (
    "Used daily in {domain} {subject} work",
    "Expected from the second level of the ladder",
    "Often tested in interviews with a take-home exercise",
    "Needed mostly when working with other teams",
    "Grows in importance at senior levels",
    "Named in most job adverts for the role",
)
INDUSTRIES = (
    "Aerospace",
    "Healthcare",
    "Shipping",
    "Financial services",
    "Government",
    "Utilities",
    "Life sciences",
    "Retail and e-commerce",
    "Transport",
    "Manufacturing",
    "Education",
    "Media and entertainment",
    "Insurance",
    "Agriculture",
    "Telecommunications",
)
ENTRY_STEPS = (
    ("Learn the fundamentals", "Study the core {domain} concepts through a course or a degree."),
    ("Build a portfolio", "Complete two or three {subject} projects you can show and explain."),
    ("Get a first role", "Join a team as a junior or trainee and learn from its seniors."),
    ("Specialise", "Pick one {subject} area and go deep enough to teach it."),
    ("Earn a certification", "Take a recognised certificate that employers in {domain} ask for."),
    ("Lead a project", "Ask to lead a small project and deliver it end to end."),
)
SPECIALIZATIONS = (
    ("AI-assisted {subject}", "Using machine-learning tools to speed up {subject} work and checking their output."),
    ("{domain} compliance", "Keeping {domain} systems within the rules of several jurisdictions."),
    ("Sustainable {subject}", "Reducing the energy and material footprint of {subject} work."),
    ("{domain} security", "Protecting {domain} systems against increasingly targeted attacks."),
    ("Real-time {subject}", "Handling {subject} work where answers are needed within seconds."),
    ("{subject} for small teams", "Doing {subject} work well without a large platform team behind you."),
    ("Open-source {subject}", "Building and maintaining open-source tools for the {domain} community."),
    ("{domain} data ethics", "Weighing what {domain} data should be used for, not only what it can be used for."),
)
MARKET_INSIGHTS = {
    MarketInsight.Kind.OUTLOOK: (
        ("Steady demand", "Demand for {plural} grows as {domain} organisations digitise their work."),
        ("Scarce seniors", "Experienced {plural} are scarce, so hiring at senior levels is competitive."),
        ("Hard to automate", "Automation takes over routine {subject} tasks but not judgement and leadership."),
    ),
    MarketInsight.Kind.CHALLENGE: (
        ("Crowded entry level", "Junior openings attract many applicants, especially for remote positions."),
        ("Fast-moving tools", "The {domain} tool landscape changes quickly and skills date fast."),
        ("Budget pressure", "Uncertain budgets slow hiring and stretch existing teams."),
        ("Long searches", "Job searches often take several months."),
    ),
    MarketInsight.Kind.OPPORTUNITY: (
        ("AI integration", "Teams that fold AI tools into {subject} work are hiring."),
        ("New regulation", "New {domain} rules create openings for people who understand them."),
        ("Hubs outside the capitals", "Growing {domain} clusters in smaller cities offer stable roles."),
        ("Cross-over moves", "People from neighbouring fields can move in with a focused certificate."),
    ),
    MarketInsight.Kind.TREND: (
        ("Hybrid by default", "Most {domain} employers now mix office and remote work."),
        ("Efficiency focus", "Employers favour {plural} who can show a clear return on their work."),
        ("Platform consolidation", "Organisations are replacing many small {subject} tools with fewer platforms."),
    ),
}
PROS = (
    "The work has visible impact on how {domain} organisations run.",
    "Pay rises steadily with experience and responsibility.",
    "Skills transfer well to neighbouring {subject} roles.",
    "Many employers offer hybrid or remote work.",
    "Problems are varied, so the work rarely becomes repetitive.",
    "There is a clear ladder from junior to leadership roles.",
)
CONS = (
    "Deadlines cluster around releases and audits, with long weeks at times.",
    "On-call duty is common in {subject} teams.",
    "Tools change quickly, so learning never stops.",
    "Success depends on people outside your control.",
    "Entry-level competition is stiff.",
    "Senior roles spend more time in meetings than on hands-on work.",
)
FAQS = (
    ("What does {article} {name} do?", "Looks after {subject} work in {domain} organisations (synthetic answer)."),
    ("Do I need a degree to become {article} {name}?", "Many do hold one, but a portfolio counts as much."),
    ("How long does it take to reach the top of the ladder?", "About twenty years, as the career ladder shows."),
    ("Can {plural} work remotely?", "Often: most employers offer hybrid work, and some are fully remote."),
    ("Which certifications help?", "The certifications listed in this guide are the ones employers name."),
    ("Is the role in demand?", "Yes: see the growth projection and the market insights above."),
    ("What is the hardest part of the job?", "Balancing hands-on {subject} work with coordination."),
    ("What do {plural} earn?", "See the pay by level and the regional ranges; all figures are synthetic."),
)
EDUCATION = (
    (EducationPath.Kind.DEGREE, "Bachelor's degree", 4, 4, EducationPath.DurationUnit.YEARS, 30_000, 120_000),
    (EducationPath.Kind.POSTGRADUATE, "Master's degree", 1, 2, EducationPath.DurationUnit.YEARS, 20_000, 70_000),
    (EducationPath.Kind.BOOTCAMP, "Bootcamp", 12, 24, EducationPath.DurationUnit.WEEKS, 8_000, 18_000),
    (EducationPath.Kind.CERTIFICATION, "Professional certificate", 3, 9, EducationPath.DurationUnit.MONTHS, 500, 4_000),
    (EducationPath.Kind.SELF_STUDY, "Self-study", 6, 18, EducationPath.DurationUnit.MONTHS, 0, 2_000),
)
TYPICAL_EDUCATION = (
    "A bachelor's degree in a related field, plus experience on real projects.",
    "A degree or a bootcamp, followed by a junior position.",
    "Experience counts most; a degree helps at large employers.",
)
SOURCES = {
    "wages": {
        "publisher": "Synthetic Wage Survey Office",
        "title": "Synthetic occupational wage survey",
        "measures": "Generated test figures standing in for an official annual median wage. Not real data.",
        "kind": Source.Kind.OFFICIAL_STATISTIC,
        "as_of": date(2024, 5, 1),
        "as_of_precision": Source.Precision.MONTH,
    },
    "outlook": {
        "publisher": "Synthetic Employment Outlook Office",
        "title": "Synthetic employment projections 2024–2034",
        "measures": "Generated test figures standing in for official growth and openings. Not real data.",
        "kind": Source.Kind.OFFICIAL_STATISTIC,
        "as_of": None,
        "as_of_precision": "",
    },
    "estimates": {
        "publisher": "Synthetic Career Guides",
        "title": "Synthetic editorial estimates",
        "measures": "Generated test estimates of pay by level and region, costs and timelines. Not real data.",
        "kind": Source.Kind.EDITORIAL_ESTIMATE,
        "as_of": date(2025, 1, 1),
        "as_of_precision": Source.Precision.YEAR,
    },
}


# --- Generating ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenerationReport:
    """What a run wrote: the role numbers, rows per model label, and how long it took."""

    first_number: int
    last_number: int
    rows: Counter
    seconds: float
    loaded_reference: bool

    @property
    def roles(self) -> int:
        return self.last_number - self.first_number + 1


@dataclass(frozen=True)
class _Place:
    """A region synthetic salaries can be quoted for, with the rate and pay level used for its figures."""

    pk: int
    iso_code: str
    is_country: bool
    currency: str
    usd_per_unit: Decimal
    pay_factor: Decimal


class _Keys:
    """Primary keys to hand out, per model: from `FIRST_PK`, or above the table's highest key."""

    def __init__(self, model_list: Iterable[type[models.Model]]):
        # One aggregate query per model.
        self._next = {
            model: max(FIRST_PK, (model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1)
            for model in model_list
        }

    def take(self, model) -> int:
        return self.reserve(model, 1)

    def reserve(self, model, count: int) -> int:
        """The first of `count` consecutive keys."""
        key = self._next[model]
        self._next[model] = key + count
        return key


@dataclass
class _Context:
    """Everything role building needs, loaded once before the first role (no query while building)."""

    seed: int
    keys: _Keys
    numbers: range  # the role numbers of this run
    first_role_pk: int  # role `numbers[i]` has key `first_role_pk + i`
    technical: list[list[int]]  # per domain, the pks of its technical skills
    soft: list[int]
    tools: list[int]
    certifications: list[int]
    sources: dict[str, int]
    us: _Place
    places: list[_Place]  # every other region salaries can be quoted for, by slug
    countries: list[_Place]  # the countries among them, for visa routes
    places_by_currency: dict[str, list[_Place]]
    ladder_places: list[_Place]  # countries a ladder may quote besides the US


@transaction.atomic
def synthetic_data_generate(
    *, roles: int, seed: int = 0, progress: Callable[[int, int], None] | None = None
) -> GenerationReport:
    """Write `roles` synthetic guides, numbered on from any synthetic roles already there, in one transaction.

    Queries: a constant set-up (reference check, existing synthetic numbers, one max-key query per model,
    the taxonomy), then one insert per model and batch of `BATCH_SIZE` rows, then on PostgreSQL one
    sequence reset per model and one ANALYZE. `progress(done, total)` is called after every `ROLES_PER_CHUNK` roles.
    """
    if roles < 1:
        raise ValueError("Generate at least one role.")
    started = time.monotonic()
    loaded_reference = _ensure_reference()
    first = _last_synthetic_number() + 1
    all_models = (*ROLE_MODELS, *(model for model, _ in LABELLED_SHARED))
    rows: Counter = Counter()
    keys = _Keys(all_models)
    numbers = range(first, first + roles)
    context = _load_context(seed=seed, keys=keys, numbers=numbers, first_role_pk=keys.reserve(Role, roles), rows=rows)

    # Related roles may sit in a later chunk, so relations are written once every role exists.
    relations: list[dict] = []
    for start in range(0, roles, ROLES_PER_CHUNK):
        chunk: dict[type[models.Model], list[dict]] = {model: [] for model in ROLE_MODELS}
        for number in numbers[start : start + ROLES_PER_CHUNK]:
            _build_role(context, chunk, number=number)
        relations += chunk.pop(RoleRelation)
        _write(chunk, rows)
        if settings.DEBUG and not connection.force_debug_cursor:
            # With DEBUG on, Django keeps the SQL of every statement, hundreds of megabytes for 10,000 roles.
            # A test counting queries sets force_debug_cursor, and its log is left alone.
            reset_queries()
        if progress:
            progress(min(start + ROLES_PER_CHUNK, roles), roles)
    _write({RoleRelation: relations}, rows)
    _reset_sequences(all_models)
    _analyze(all_models)
    return GenerationReport(
        first_number=first,
        last_number=first + roles - 1,
        rows=rows,
        seconds=time.monotonic() - started,
        loaded_reference=loaded_reference,
    )


def _ensure_reference() -> bool:
    """Load fixtures/01_reference.yaml when the database has no United States region or US dollar.

    Synthetic pay is quoted in the US and in the reference countries; creating stand-ins for them would
    take the ISO codes the real rows need, and `load_guides` would fail later. Returns whether it loaded
    (one query when the reference is there).
    """
    if Region.objects.filter(iso_code="US", currency_id="USD").exists():
        return False
    call_command("loaddata", str(Path(settings.GUIDE_FIXTURES_DIR) / REFERENCE_FIXTURE), verbosity=0)
    return True


def _last_synthetic_number() -> int:
    """The highest number among synthetic roles' slugs, 0 when there are none (one query)."""
    numbers = [
        int(match.group(1))
        for slug in Role.objects.synthetic().values_list("slug", flat=True)
        if (match := ROLE_SLUG.match(slug))
    ]
    return max(numbers, default=0)


def _labelled(name: str) -> str:
    return f"{name}{NAME_LABEL}"


def _ensure(model, label_field: str, wanted: list[dict], keys: _Keys, rows: Counter) -> dict[str, int]:
    """Pks by label of the labelled `model` rows in `wanted` (dicts of field values), creating the missing
    ones (one query to read, plus one insert per batch)."""
    existing = dict(
        model._base_manager.filter(**{f"{label_field}__startswith": SYNTHETIC_PREFIX}).values_list(label_field, "pk")
    )
    missing = [{"id": keys.take(model), **values} for values in wanted if values[label_field] not in existing]
    _write({model: missing}, rows)
    return existing | {row[label_field]: row["id"] for row in missing}


def _load_context(*, seed: int, keys: _Keys, numbers: range, first_role_pk: int, rows: Counter) -> _Context:
    """Read or create the shared rows (taxonomy, sources, countries) and the regions to quote pay for."""
    source_pks = _ensure(
        Source,
        "publisher_abbreviation",
        [
            {
                **values,
                "publisher_abbreviation": f"{SYNTHETIC_PREFIX}{name}",
                "notes": f"{SUMMARY_LABEL} Figures from this source are invented.",
            }
            for name, values in SOURCES.items()
        ],
        keys,
        rows,
    )
    technical = [
        {
            "slug": slugify(f"{SYNTHETIC_PREFIX}{domain} {practice}"),
            "name": _labelled(f"{domain} {practice}"),
            "category": Skill.Category.TECHNICAL,
            "description": f"{covers} in {domain.lower()} work.",
        }
        for domain in DOMAINS
        for practice, covers in PRACTICES
    ]
    soft = [
        {
            "slug": slugify(f"{SYNTHETIC_PREFIX}{core} for {context}"),
            "name": _labelled(f"{core} for {context}"),
            "category": Skill.Category.SOFT,
            "description": f"{covers}, applied to {context.lower()}.",
        }
        for core, covers in SOFT_CORES
        for context in SOFT_CONTEXTS
    ]
    skill_pks = _ensure(Skill, "slug", technical + soft, keys, rows)
    category_pks = _ensure(
        ToolCategory,
        "slug",
        [
            {
                "slug": slugify(f"{SYNTHETIC_PREFIX}{category}"),
                "name": _labelled(category),
                "order": 900 + index,
                "description": description,
            }
            for index, (_, category, description) in enumerate(TOOL_KINDS)
        ],
        keys,
        rows,
    )
    tool_pks = _ensure(
        Tool,
        "slug",
        [
            {
                "slug": slugify(f"{SYNTHETIC_PREFIX}{stem}{suffix}"),
                "name": _labelled(f"{stem}{suffix}"),
                "category_id": category_pks[slugify(f"{SYNTHETIC_PREFIX}{category}")],
            }
            for suffix, category, _ in TOOL_KINDS
            for stem in TOOL_STEMS
        ],
        keys,
        rows,
    )
    certification_pks = _ensure(
        Certification,
        "slug",
        [
            {
                "slug": slugify(f"{SYNTHETIC_PREFIX}certified {domain} {grade}"),
                "name": _labelled(f"Certified {domain} {grade}"),
                "abbreviation": f"SYN-{''.join(word[0] for word in domain.split())}{letter}{index}",
                "area": f"{domain} work",
                "description": f"{SUMMARY_LABEL} An invented credential for {domain.lower()} work.",
            }
            for index, domain in enumerate(DOMAINS)
            for grade, letter in CERTIFICATION_GRADES
        ],
        keys,
        rows,
    )
    us, places, ladder_places = _load_places(keys, rows)
    per_domain = len(PRACTICES)
    return _Context(
        seed=seed,
        keys=keys,
        numbers=numbers,
        first_role_pk=first_role_pk,
        technical=[
            [skill_pks[row["slug"]] for row in technical[i * per_domain : (i + 1) * per_domain]]
            for i in range(len(DOMAINS))
        ],
        soft=[skill_pks[row["slug"]] for row in soft],
        tools=[
            tool_pks[slugify(f"{SYNTHETIC_PREFIX}{stem}{suffix}")] for suffix, _, _ in TOOL_KINDS for stem in TOOL_STEMS
        ],
        certifications=sorted(certification_pks.values()),
        sources={name: source_pks[f"{SYNTHETIC_PREFIX}{name}"] for name in SOURCES},
        us=us,
        places=places,
        countries=[place for place in places if place.is_country],
        places_by_currency={
            currency: [place for place in places if place.currency == currency]
            for currency in sorted({place.currency for place in places})
        },
        ladder_places=ladder_places,
    )


def _load_places(keys: _Keys, rows: Counter) -> tuple[_Place, list[_Place], list[_Place]]:
    """The US, every other region synthetic pay can be quoted for, and the second ladder countries.

    Adds the `EXTRA_COUNTRIES` whose ISO code no region uses yet and whose currency exists (four reads,
    one insert); a region whose currency has no rate in `USD_PER_UNIT`, or that refuses the currency
    (`salary_currency_error`), gets no synthetic pay.
    """
    currencies = set(Currency.objects.values_list("code", flat=True))
    taken = set(Region.objects.exclude(iso_code="").values_list("iso_code", flat=True))
    extra_factor = {}
    wanted = []
    for iso_code, name, area, currency, factor in EXTRA_COUNTRIES:
        slug = slugify(f"{SYNTHETIC_PREFIX}{name}")
        extra_factor[slug] = Decimal(factor)
        if currency in currencies:
            wanted.append(
                {
                    "slug": slug,
                    "name": _labelled(name),
                    "kind": Region.Kind.COUNTRY,
                    "iso_code": iso_code,
                    "area": area,
                    "currency_id": currency,
                    "notes": f"{SUMMARY_LABEL} Added so that synthetic salaries cover more countries.",
                }
            )
    # A synthetic country made by an earlier run has taken its code too, and `_ensure` finds it by its slug.
    _ensure(Region, "slug", [row for row in wanted if row["iso_code"] not in taken], keys, rows)

    places = []
    for region in Region.objects.order_by("slug"):
        currency = region.currency_id or "USD"
        rate = USD_PER_UNIT.get(currency)
        if rate is None or salary_currency_error(region=region, currency_code=currency):
            continue
        factor = PAY_FACTOR.get(region.slug) or extra_factor.get(region.slug) or AREA_PAY_FACTOR.get(region.area)
        places.append(
            _Place(
                pk=region.pk,
                iso_code=region.iso_code,
                is_country=region.kind == Region.Kind.COUNTRY,
                currency=currency,
                usd_per_unit=rate,
                pay_factor=factor or Decimal("0.50"),
            )
        )
    us = next(place for place in places if place.iso_code == "US")
    places.remove(us)
    ladder_places = [place for code in SECOND_LADDER_COUNTRIES for place in places if place.iso_code == code]
    return us, places, ladder_places or [place for place in places if place.is_country][:1]


def _write(rows_by_model: dict[type[models.Model], list[dict]], counts: Counter) -> None:
    """Insert each model's rows, in the dict's order (one query per model and batch of `BATCH_SIZE` rows)."""
    for model, rows in rows_by_model.items():
        if rows:
            _bulk_insert(model, rows)
            counts[model._meta.label] += len(rows)


def _bulk_insert(model, rows: list[dict]) -> None:
    """What `bulk_create` does, without a model instance per row: one multi-row INSERT per batch.

    A row is a dict of attribute values (`role_id`, not `role`). A field the row leaves out gets its
    default, an `auto_now`/`auto_now_add` field the current time, and every value goes through its field's
    `get_db_prep_save()`: the values `bulk_create` would write. Building and compiling a model instance per
    row made a 10,000-role run (1.2 million rows) three to four times slower, too slow for three minutes.
    """
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    # Per field: its attribute, the value for rows that leave it out (or a function giving one per row),
    # and the conversion for the database.
    columns_of_row = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fallback, per_row = now, None
        elif callable(field.default):
            fallback, per_row = None, field.get_default
        else:
            fallback, per_row = field.get_default(), None
        columns_of_row.append((field.attname, fallback, per_row, field.get_db_prep_save))
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = f"({', '.join(['%s'] * len(fields))})"
    batch_size = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, rows))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            params = [
                prepare(row[attname] if attname in row else per_row() if per_row else fallback, connection)
                for row in batch
                for attname, fallback, per_row, prepare in columns_of_row
            ]
            # Only quoted identifiers and placeholders are interpolated; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(batch))}"  # noqa: S608
            cursor.execute(sql, params)


def _reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """Move PostgreSQL's key sequences past the keys handed out here (one query per model; none on SQLite,
    whose AUTOINCREMENT follows the highest key by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _analyze(model_list: Iterable[type[models.Model]]) -> None:
    """Refresh PostgreSQL's planner statistics of these tables (one query; nothing on SQLite).

    Right after a million-row insert autovacuum has not caught up yet: with the statistics of empty tables
    the planner picks nested loops that make the next page, or `synthetic_data_purge()`, take minutes.
    """
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in model_list)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")


def _money(value) -> Decimal:
    """Whole thousands (whole hundreds below 10,000), as a guide would round."""
    step = 1000 if value >= 10_000 else 100
    return Decimal(int(value / step + Decimal("0.5")) * step)


def _article(word: str) -> str:
    return "an" if word[0] in "AEIOU" else "a"


def _build_role(context: _Context, chunk: dict, *, number: int) -> None:
    """Append role `number` and everything it owns to `chunk` (lists per model). Runs no query."""
    # Reproducible test data, not a secret: a seeded pseudo-random generator is what is wanted here.
    rng = random.Random(f"{context.seed}-{number}")  # noqa: S311
    keys = context.keys
    domain_index = rng.randrange(len(DOMAINS))
    domain, subject, noun = DOMAINS[domain_index], rng.choice(SUBJECTS), rng.choice(NOUNS)
    name = f"{domain} {subject} {noun}"
    words = {
        "name": name,
        "plural": f"{name}s",
        "article": _article(name),
        "Article": _article(name).capitalize(),
        "domain": domain.lower(),
        "subject": subject.lower(),
    }

    def say(template: str) -> str:
        return template.format(**words)

    def add(model, **values) -> None:
        """Queue one row of `model` (attribute values, e.g. `role_id`); a new key unless `id` is given."""
        if "id" not in values:
            values["id"] = keys.take(model)
        chunk[model].append(values)

    role_id = context.first_role_pk + context.numbers.index(number)
    add(
        Role,
        id=role_id,
        title=f"Synthetic Role {number:05d}: {name}",
        slug=slugify(f"{SYNTHETIC_PREFIX}role-{number:05d}-{name}"),
        summary=say(f"{SUMMARY_LABEL} {{Article}} {{name}} looks after {{subject}} work in {{domain}} teams."),
        description=say(
            "This guide was generated by the generate_synthetic_data command to test the portal at scale; "
            "every figure and sentence in it is invented. {Article} {name} plans, builds and runs the "
            "{subject} side of {domain} organisations, working between specialists and the people who "
            "depend on their work."
        ),
        work_environment=say("Mostly hybrid: {domain} offices part of the week, remote the rest."),
        skills_overview=say(
            "Employers look for solid {domain} knowledge, {subject} practice and the soft skills to work "
            "across teams; the mix shifts towards leadership at senior levels."
        ),
        how_to_become=say("Most {plural} start in a junior {subject} role and work up the ladder below."),
        education_overview="A degree is common, but bootcamps, certificates and self-study are all accepted.",
        compensation_overview="Pay depends on level, location and employer; the tables below give the ranges.",
        career_path_overview=say(
            "The ladder runs from trainee to leadership; lateral moves into {domain} "
            "product or consulting work are common."
        ),
        global_overview="Demand exists worldwide; pay differs by country as the regional ranges show.",
        remote_work="Remote work across borders is possible with employers that hire internationally.",
        visa_overview="Skilled worker routes are the usual way to move abroad for the role.",
        market_overview="The points below summarise the (synthetic) hiring market.",
        specializations_overview=say("These {domain} specialisations are growing fastest."),
        is_published=True,
        guide_reviewed_on=date(2026, rng.randint(1, 12), rng.randint(1, 28)),
    )

    # Ladder: levels cover 0 to 20 years of experience and the top level is open-ended ("20+").
    level_count = rng.randint(3, 8)
    rungs = sorted(rng.sample(range(len(RUNGS)), level_count))
    bounds = [rng.randint(0, 2), *sorted(rng.sample(range(3, 20), level_count - 2)), 20]
    base_pay = Decimal(rng.randint(55, 120) * 1000)
    second_place = rng.choice(context.ladder_places) if context.ladder_places else None
    second_levels = rng.randint(1, level_count - 1) if second_place else 0
    level_medians = []
    for position, rung in enumerate(rungs):
        level_id = keys.take(CareerLevel)
        is_top = position == level_count - 1
        low = bounds[position]
        high = None if is_top else bounds[position + 1]
        title = f"{RUNGS[rung]} {name}".strip()
        add(
            CareerLevel,
            id=level_id,
            role_id=role_id,
            order=position + 1,
            title=title,
            slug=slugify(title),
            years_total_min=low,
            years_total_max=high,
            years_in_role_min=rng.randint(3, 5) if is_top else max(1, (high - low) // 2),
            years_in_role_max=None if is_top else high - low,
            scope=say(RUNG_SCOPES[rung]),
        )
        for order, text in enumerate(rng.sample(FOCUS_AREAS, rng.randint(2, 4)), start=1):
            add(FocusArea, level_id=level_id, order=order, text=say(text))
        median = _money(base_pay * Decimal("1.22") ** position)
        level_medians.append(median)
        add(
            LevelSalary,
            level_id=level_id,
            region_id=context.us.pk,
            currency_id=context.us.currency,
            source_id=context.sources["estimates"],
            median=median,
            average=_money(median * Decimal(rng.randint(102, 108)) / 100),
        )
        if position < second_levels:
            local = _money(median * second_place.pay_factor / second_place.usd_per_unit)
            add(
                LevelSalary,
                level_id=level_id,
                region_id=second_place.pk,
                currency_id=second_place.currency,
                source_id=context.sources["estimates"],
                median=local,
                average=_money(local * Decimal(rng.randint(102, 108)) / 100) if rng.random() < 0.5 else None,
            )

    # Key facts and growth.
    median_pay = level_medians[len(level_medians) // 2]
    add(
        KeyFacts,
        role_id=role_id,
        currency_id="USD",
        median_pay=median_pay,
        median_pay_source_id=context.sources["wages"],
        pay_range_min=_money(level_medians[0] * Decimal("0.9")),
        pay_range_max=_money(level_medians[-1] * Decimal("1.1")),
        pay_range_max_open_ended=rng.random() < 0.3,
        pay_range_note="Varies with experience, industry and location (synthetic).",
        pay_range_source_id=context.sources["estimates"],
        annual_openings=rng.randint(5, 600) * 100,
        annual_openings_approximate=True,
        annual_openings_source_id=context.sources["outlook"],
        typical_education=rng.choice(TYPICAL_EDUCATION),
        typical_education_source_id=context.sources["estimates"],
    )
    growth = Decimal(rng.randint(-20, 250)) / 10
    add(
        GrowthProjection,
        role_id=role_id,
        pct_min=growth,
        pct_max=growth,
        period_start_year=2024,
        period_end_year=2034,
        comparison="declining" if growth < 0 else "faster than average" if growth >= 5 else "about average",
        occupation=say("{plural} (synthetic occupation)"),
        is_headline=True,
        source_id=context.sources["outlook"],
    )
    if number % 3 == 0:
        low = max(Decimal(0), growth - Decimal(rng.randint(20, 60)) / 10)
        add(
            GrowthProjection,
            role_id=role_id,
            pct_min=low,
            pct_max=low + 2,
            horizon_years=5,
            comparison="slower than the official projection",
            occupation=name,
            is_headline=False,
            source_id=context.sources["estimates"],
        )
        add(
            DataNote,
            role_id=role_id,
            kind=DataNote.Kind.CONFLICT,
            section=DataNote.Section.OUTLOOK,
            subject="Growth outlook",
            note="The two (synthetic) sources disagree; both figures are shown, the official one as headline.",
        )

    # Skills: about two thirds technical, mostly from the role's own domain; the rest soft.
    own = rng.sample(context.technical[domain_index], rng.randint(6, 9))
    others = [rng.choice(context.technical[rng.randrange(len(DOMAINS))]) for _ in range(6)]
    technical = list(dict.fromkeys(own + others))
    skills = technical + rng.sample(context.soft, 20 - len(technical) + rng.randint(-2, 2))
    for order, skill_id in enumerate(skills, start=1):
        add(
            RoleSkill,
            role_id=role_id,
            skill_id=skill_id,
            order=order,
            detail=say(rng.choice(SKILL_DETAILS)),
        )
    for tool_id in rng.sample(context.tools, rng.randint(4, 8)):
        add(RoleTool, role_id=role_id, tool_id=tool_id)
    for certification_id in rng.sample(context.certifications, rng.randint(1, 4)):
        add(RoleCertification, role_id=role_id, certification_id=certification_id)

    for order, text in enumerate(rng.sample(RESPONSIBILITIES, rng.randint(5, 8)), start=1):
        add(Responsibility, role_id=role_id, order=order, text=say(text))
    for order, (kind, title, low, high, unit, cost_min, cost_max) in enumerate(
        sorted(rng.sample(EDUCATION, rng.randint(3, 5)), key=EDUCATION.index), start=1
    ):
        add(
            EducationPath,
            role_id=role_id,
            order=order,
            kind=kind,
            name=title,
            fields_of_study=say("{domain} studies, computer science or a related field"),
            description="A common route into the role (synthetic).",
            cost_min=Decimal(cost_min),
            cost_max=Decimal(cost_max),
            cost_max_open_ended=kind == EducationPath.Kind.DEGREE,
            currency_id="USD",
            duration_min=low,
            duration_max=high,
            duration_unit=unit,
            source_id=context.sources["estimates"],
        )
    fast = rng.randint(2, 4)
    for order, (route, years_min, years_max) in enumerate(
        (("Fast track with early responsibility", fast, fast + 2), ("Traditional route", fast + 3, fast + 7)),
        start=1,
    ):
        add(
            CareerEntryTimeline,
            role_id=role_id,
            order=order,
            route=route,
            years_min=years_min,
            years_max=years_max,
            description=say("Typical time to reach the {name} level on this route."),
        )

    # A real source sometimes leaves the steps and industries empty: odd-numbered roles do, and say so.
    if number % 2 == 0:
        for order, (title, text) in enumerate(ENTRY_STEPS[: rng.randint(4, 6)], start=1):
            add(CareerEntryStep, role_id=role_id, order=order, title=title, text=say(text))
        for order, industry in enumerate(rng.sample(INDUSTRIES, rng.randint(3, 5)), start=1):
            add(TopIndustry, role_id=role_id, order=order, name=industry)
    else:
        for section, subject in (
            (DataNote.Section.KEY_FACTS, "Top industries"),
            (DataNote.Section.HOW_TO_BECOME, "Step-by-step path"),
        ):
            add(
                DataNote,
                role_id=role_id,
                kind=DataNote.Kind.GAP,
                section=section,
                subject=subject,
                note="The (synthetic) source leaves this section empty, so none is shown.",
            )

    for kind, insights in MARKET_INSIGHTS.items():
        for order, (title, body) in enumerate(rng.sample(insights, rng.randint(1, min(3, len(insights)))), start=1):
            add(
                MarketInsight,
                role_id=role_id,
                kind=kind,
                order=order,
                title=title,
                body=say(body),
                source_id=context.sources["estimates"],
            )
    for order, (title, description) in enumerate(rng.sample(SPECIALIZATIONS, rng.randint(3, 5)), start=1):
        title = say(title)
        add(
            Specialization,
            role_id=role_id,
            order=order,
            name=title[0].upper() + title[1:],
            slug=slugify(title),
            description=say(description),
        )
    for kind, texts in ((ProCon.Kind.PRO, PROS), (ProCon.Kind.CON, CONS)):
        for order, text in enumerate(rng.sample(texts, rng.randint(3, 5)), start=1):
            add(ProCon, role_id=role_id, kind=kind, order=order, text=say(text))
    for order, (question, answer) in enumerate(rng.sample(FAQS, rng.randint(4, 7)), start=1):
        add(FAQ, role_id=role_id, order=order, question=say(question), answer=say(answer))

    countries = rng.sample(context.countries, min(len(context.countries), rng.randint(1, 3)))
    for order, place in enumerate(countries, start=1):
        add(
            VisaRoute,
            role_id=role_id,
            order=order,
            kind=VisaRoute.Kind.SKILLED_WORKER,
            name="Skilled worker visa",
            country_id=place.pk,
            notes="Synthetic: check the country's official guidance.",
        )
    add(
        VisaRoute,
        role_id=role_id,
        order=len(countries) + 1,
        kind=VisaRoute.Kind.INTRA_COMPANY,
        name="Intra-company transfer",
    )

    # Regional ranges: the US, one region in each of several currencies, then more regions up to 8-14.
    currencies = rng.sample(sorted(context.places_by_currency), min(len(context.places_by_currency), rng.randint(4, 8)))
    places = [context.us, *(rng.choice(context.places_by_currency[currency]) for currency in currencies)]
    rest = [place for place in context.places if place not in places]
    places += rng.sample(rest, min(len(rest), max(0, rng.randint(8, 14) - len(places))))
    for place in places:
        usd_min = _money(median_pay * place.pay_factor * Decimal("0.8"))
        usd_max = _money(median_pay * place.pay_factor * Decimal("1.25"))
        add(
            RegionalSalary,
            role_id=role_id,
            region_id=place.pk,
            currency_id=place.currency,
            source_id=context.sources["estimates"],
            local_min=_money(usd_min / place.usd_per_unit),
            local_max=_money(usd_max / place.usd_per_unit),
            usd_min=usd_min,
            usd_max=usd_max,
            usd_is_approximate=place is not context.us,
        )

    # Related roles: other roles of this run (their keys are known before they are written).
    wanted = rng.randint(3, 5)
    picks = rng.sample(context.numbers, min(len(context.numbers), wanted + 1))
    for order, other in enumerate([pick for pick in picks if pick != number][:wanted], start=1):
        add(
            RoleRelation,
            from_role_id=role_id,
            to_role_id=context.first_role_pk + context.numbers.index(other),
            order=order,
            note="Shares skills and a career ladder (synthetic).",
        )


# --- Purging ----------------------------------------------------------------------------------------------


@transaction.atomic
def synthetic_data_purge() -> dict[str, int]:
    """Delete the synthetic roles with everything they own, then the labelled shared rows nothing uses any more.

    Rows are deleted by one `DELETE ... WHERE ... IN (subquery)` per table, children first, found by
    following every reverse foreign key (so a section model added later is covered too): CASCADE deletes,
    SET_NULL clears the reference (a real level naming a synthetic role as `same_as_role`). Shared rows that
    a real role or region still uses (an editor may have picked a synthetic skill) are kept. Real rows,
    history included, are never touched. Returns the rows deleted per model label.
    """
    _analyze((*ROLE_MODELS, *(model for model, _ in LABELLED_SHARED)))
    deleted: Counter = Counter()
    _delete_with_dependents(Role.objects.synthetic(), deleted)
    for model, label_field in LABELLED_SHARED:
        unused = model._base_manager.filter(**{f"{label_field}__startswith": SYNTHETIC_PREFIX})
        for relation in _reverse_foreign_keys(model):
            if relation.on_delete is not models.DO_NOTHING:
                column = relation.field.attname
                users = relation.related_model._base_manager.filter(**{f"{column}__isnull": False})
                unused = unused.exclude(pk__in=users.values(column))
        _raw_delete(unused, deleted)
    return {label: count for label, count in deleted.items() if count}


def _reverse_foreign_keys(model) -> list:
    """Every foreign key pointing at `model`, hidden ones included (many-to-many tables, `related_name="+"`).

    django-simple-history's tables point at their rows with DO_NOTHING keys (no database constraint).
    """
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]


def _delete_with_dependents(queryset, deleted: Counter) -> None:
    for relation in _reverse_foreign_keys(queryset.model):
        dependents = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if relation.on_delete is models.CASCADE:
            _delete_with_dependents(dependents, deleted)
        elif relation.on_delete is models.SET_NULL:
            dependents.update(**{relation.field.name: None})
        elif relation.on_delete not in (models.DO_NOTHING, models.DB_CASCADE):  # DB_CASCADE: the database deletes them
            raise NotImplementedError(
                f"{relation.related_model._meta.label}.{relation.field.name}: {relation.on_delete}"
            )
    _raw_delete(queryset, deleted)


def _raw_delete(queryset, deleted: Counter) -> None:
    """One DELETE statement, without loading the rows or sending signals.

    `QuerySet.delete()` would load every row to send `post_delete`, and django-simple-history would answer
    each with a history entry: a million rows read and written again for test data.
    """
    deleted[queryset.model._meta.label] += queryset._raw_delete(queryset.db)
