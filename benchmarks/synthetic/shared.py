"""The shared rows synthetic roles point at, read or created once before the first role is built.

Sources, the skill taxonomy (400 technical skills, 25 domains of 16, and 100 soft ones), tool categories,
tools, certifications and extra countries, all labelled (`SYNTHETIC_PREFIX` in their slug or publisher
abbreviation, "(synthetic)" in their name) and reused by later runs; then the regions synthetic pay can
be quoted for. The taxonomy is the same on every run, so the same seed gives the same rows.
"""

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils.text import slugify

from .schema import (
    SYNTHETIC_PREFIX,
    Certification,
    Currency,
    Region,
    Role,
    Skill,
    Source,
    Tool,
    ToolCategory,
    salary_currency_error,
)
from .vocabulary import NAME_LABEL, SUMMARY_LABEL, VOCABULARY
from .writer import Keys, write

ROLE_SLUG = re.compile(rf"^{re.escape(SYNTHETIC_PREFIX)}role-(\d+)-")
# The shared reference rows (sources, currencies, countries, tools, skills) that the real guides use.
REFERENCE_FIXTURE = "01_reference.yaml"


@dataclass(frozen=True)
class Place:
    """A region synthetic salaries can be quoted for, with the rate and pay level used for its figures."""

    pk: int
    iso_code: str
    is_country: bool
    currency: str
    usd_per_unit: Decimal
    pay_factor: Decimal


@dataclass
class Context:
    """Everything role building needs, loaded once before the first role (no query while building)."""

    seed: int
    keys: Keys
    numbers: range  # the role numbers of this run
    first_role_pk: int  # role `numbers[i]` has key `first_role_pk + i`
    technical: list[list[int]]  # per domain, the pks of its technical skills
    soft: list[int]
    tools: list[int]
    certifications: list[int]
    sources: dict[str, int]
    us: Place
    places: list[Place]  # every other region salaries can be quoted for, by slug
    countries: list[Place]  # the countries among them, for visa routes
    places_by_currency: dict[str, list[Place]]
    ladder_places: list[Place]  # countries a ladder may quote besides the US


def ensure_reference() -> bool:
    """Load fixtures/01_reference.yaml when the database has no United States region or US dollar.

    Synthetic pay is quoted in the US and in the reference countries; creating stand-ins for them would
    take the ISO codes the real rows need, and `load_guides` would fail later. Returns whether it loaded
    (one query when the reference is there).
    """
    if Region.objects.filter(iso_code="US", currency_id="USD").exists():
        return False
    call_command("loaddata", str(Path(settings.GUIDE_FIXTURES_DIR) / REFERENCE_FIXTURE), verbosity=0)
    return True


def last_synthetic_number() -> int:
    """The highest number among synthetic roles' slugs, 0 when there are none (one query)."""
    numbers = [
        int(match.group(1))
        for slug in Role.objects.synthetic().values_list("slug", flat=True)
        if (match := ROLE_SLUG.match(slug))
    ]
    return max(numbers, default=0)


def _labelled(name: str) -> str:
    return f"{name}{NAME_LABEL}"


def _slug(*words: str) -> str:
    return slugify(f"{SYNTHETIC_PREFIX}{' '.join(words)}")


def _ensure(model, label_field: str, wanted: list[dict], keys: Keys, rows: Counter) -> dict[str, int]:
    """Pks by label of the labelled `model` rows in `wanted` (dicts of field values), creating the missing
    ones (one query to read, plus one insert per batch)."""
    existing = dict(
        model._base_manager.filter(**{f"{label_field}__startswith": SYNTHETIC_PREFIX}).values_list(label_field, "pk")
    )
    missing = [{"id": keys.take(model), **values} for values in wanted if values[label_field] not in existing]
    write({model: missing}, rows)
    return existing | {row[label_field]: row["id"] for row in missing}


def _sources(keys: Keys, rows: Counter) -> dict[str, int]:
    """Pks of the three synthetic sources by their name in the vocabulary (wages, outlook, estimates)."""
    notes = VOCABULARY["texts"]["source_notes"].format(label=SUMMARY_LABEL)
    wanted = [
        {**values, "publisher_abbreviation": f"{SYNTHETIC_PREFIX}{name}", "notes": notes}
        for name, values in VOCABULARY["sources"].items()
    ]
    pks = _ensure(Source, "publisher_abbreviation", wanted, keys, rows)
    return {name: pks[f"{SYNTHETIC_PREFIX}{name}"] for name in VOCABULARY["sources"]}


def _skills(keys: Keys, rows: Counter) -> tuple[list[list[int]], list[int]]:
    """Pks of the technical skills per domain, and of the soft skills."""
    technical = [
        {
            "slug": _slug(domain, practice["name"]),
            "name": _labelled(f"{domain} {practice['name']}"),
            "category": Skill.Category.TECHNICAL,
            "description": f"{practice['covers']} in {domain.lower()} work.",
        }
        for domain in VOCABULARY["domains"]
        for practice in VOCABULARY["practices"]
    ]
    soft = [
        {
            "slug": _slug(core["name"], "for", context),
            "name": _labelled(f"{core['name']} for {context}"),
            "category": Skill.Category.SOFT,
            "description": f"{core['covers']}, applied to {context.lower()}.",
        }
        for core in VOCABULARY["soft_cores"]
        for context in VOCABULARY["soft_contexts"]
    ]
    pks = _ensure(Skill, "slug", technical + soft, keys, rows)
    per_domain = len(VOCABULARY["practices"])
    by_domain = [technical[start : start + per_domain] for start in range(0, len(technical), per_domain)]
    return [[pks[row["slug"]] for row in domain] for domain in by_domain], [pks[row["slug"]] for row in soft]


def _tools(keys: Keys, rows: Counter) -> list[int]:
    """Pks of the tools (every stem with every kind's suffix), with their categories created first."""
    kinds = VOCABULARY["tool_kinds"]
    categories = [
        {
            "slug": _slug(kind["category"]),
            "name": _labelled(kind["category"]),
            "order": 900 + index,
            "description": kind["description"],
        }
        for index, kind in enumerate(kinds)
    ]
    category_pks = _ensure(ToolCategory, "slug", categories, keys, rows)
    tools = [
        {
            "slug": _slug(f"{stem}{kind['suffix']}"),
            "name": _labelled(f"{stem}{kind['suffix']}"),
            "category_id": category_pks[_slug(kind["category"])],
        }
        for kind in kinds
        for stem in VOCABULARY["tool_stems"]
    ]
    pks = _ensure(Tool, "slug", tools, keys, rows)
    return [pks[row["slug"]] for row in tools]


def _certifications(keys: Keys, rows: Counter) -> list[int]:
    """Pks of the certifications, two grades per domain, in key order."""
    wanted = [
        {
            "slug": _slug("certified", domain, grade["grade"]),
            "name": _labelled(f"Certified {domain} {grade['grade']}"),
            "abbreviation": f"SYN-{''.join(word[0] for word in domain.split())}{grade['letter']}{index}",
            "area": f"{domain} work",
            "description": VOCABULARY["texts"]["certification_description"].format(
                label=SUMMARY_LABEL, domain=domain.lower()
            ),
        }
        for index, domain in enumerate(VOCABULARY["domains"])
        for grade in VOCABULARY["certification_grades"]
    ]
    return sorted(_ensure(Certification, "slug", wanted, keys, rows).values())


def _extra_countries(keys: Keys, rows: Counter) -> dict[str, Decimal]:
    """Add the vocabulary's extra countries whose ISO code no region uses yet and whose currency exists
    (three reads, one insert). Returns their pay factors by slug."""
    currencies = set(Currency.objects.values_list("code", flat=True))
    taken = set(Region.objects.exclude(iso_code="").values_list("iso_code", flat=True))
    notes = VOCABULARY["texts"]["country_notes"].format(label=SUMMARY_LABEL)
    factors, wanted = {}, []
    for country in VOCABULARY["extra_countries"]:
        slug = _slug(country["name"])
        factors[slug] = country["pay_factor"]
        # A synthetic country made by an earlier run has taken its code too, and `_ensure` finds it by slug.
        if country["currency"] in currencies and country["iso_code"] not in taken:
            wanted.append(
                {
                    "slug": slug,
                    "name": _labelled(country["name"]),
                    "kind": Region.Kind.COUNTRY,
                    "iso_code": country["iso_code"],
                    "area": country["area"],
                    "currency_id": country["currency"],
                    "notes": notes,
                }
            )
    _ensure(Region, "slug", wanted, keys, rows)
    return factors


def _places(keys: Keys, rows: Counter) -> list[Place]:
    """Every region synthetic pay can be quoted for, by slug (one more read).

    A region whose currency has no rate in `usd_per_unit`, or that refuses the currency
    (`salary_currency_error`), gets no synthetic pay.
    """
    extra_factor = _extra_countries(keys, rows)
    places = []
    for region in Region.objects.order_by("slug"):
        currency = region.currency_id or "USD"
        rate = VOCABULARY["usd_per_unit"].get(currency)
        if rate is None or salary_currency_error(region=region, currency_code=currency):
            continue
        factor = (
            VOCABULARY["pay_factor"].get(region.slug)
            or extra_factor.get(region.slug)
            or VOCABULARY["area_pay_factor"].get(region.area)
        )
        places.append(
            Place(
                pk=region.pk,
                iso_code=region.iso_code,
                is_country=region.kind == Region.Kind.COUNTRY,
                currency=currency,
                usd_per_unit=rate,
                pay_factor=factor or Decimal("0.50"),
            )
        )
    return places


def load_context(*, seed: int, keys: Keys, numbers: range, first_role_pk: int, rows: Counter) -> Context:
    """Read or create the shared rows (taxonomy, sources, countries) and the regions to quote pay for."""
    sources = _sources(keys, rows)
    technical, soft = _skills(keys, rows)
    tools = _tools(keys, rows)
    certifications = _certifications(keys, rows)
    places = _places(keys, rows)
    us = next(place for place in places if place.iso_code == "US")
    places.remove(us)
    ladder_places = [
        place for code in VOCABULARY["second_ladder_countries"] for place in places if place.iso_code == code
    ]
    return Context(
        seed=seed,
        keys=keys,
        numbers=numbers,
        first_role_pk=first_role_pk,
        technical=technical,
        soft=soft,
        tools=tools,
        certifications=certifications,
        sources=sources,
        us=us,
        places=places,
        countries=[place for place in places if place.is_country],
        places_by_currency={
            currency: [place for place in places if place.currency == currency]
            for currency in sorted({place.currency for place in places})
        },
        ladder_places=ladder_places or [place for place in places if place.is_country][:1],
    )
