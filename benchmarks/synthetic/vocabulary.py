"""The generator's vocabulary, read once from `vocabulary.yaml` next to this module.

Data, not code: titles, skills, sentences, countries and pay factors live in the YAML file; this module
only reads it, checks that every section the builders use is there, and turns the figures into Decimals.
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured

PATH = Path(__file__).with_name("vocabulary.yaml")
SECTIONS = [
    "labels",
    "domains",
    "subjects",
    "nouns",
    "practices",
    "soft_cores",
    "soft_contexts",
    "tool_stems",
    "tool_kinds",
    "certification_grades",
    "extra_countries",
    "usd_per_unit",
    "pay_factor",
    "area_pay_factor",
    "second_ladder_countries",
    "rungs",
    "focus_areas",
    "responsibilities",
    "skill_details",
    "industries",
    "entry_steps",
    "specializations",
    "market_insights",
    "pros",
    "cons",
    "faqs",
    "education",
    "typical_education",
    "sources",
    "role",
    "texts",
]
DECIMAL_MAPPINGS = ("usd_per_unit", "pay_factor", "area_pay_factor")


def load_vocabulary(path: Path = PATH) -> dict:
    """The vocabulary in `path`, with its rates and pay factors as Decimals.

    Raises ImproperlyConfigured naming the file (and the line, for a YAML error) when it cannot be read,
    misses a section or holds a figure that is not a number.
    """
    try:
        vocabulary = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ImproperlyConfigured(f"{path}: {exc}") from exc
    if not isinstance(vocabulary, dict):
        raise ImproperlyConfigured(f"{path}: expected a mapping of sections at the top level.")
    missing = [name for name in SECTIONS if name not in vocabulary]
    if missing:
        raise ImproperlyConfigured(f"{path}: missing section(s): {', '.join(missing)}.")
    try:
        for name in DECIMAL_MAPPINGS:
            vocabulary[name] = {key: Decimal(str(value)) for key, value in vocabulary[name].items()}
        for country in vocabulary["extra_countries"]:
            country["pay_factor"] = Decimal(str(country["pay_factor"]))
    except (InvalidOperation, AttributeError, TypeError, KeyError) as exc:
        raise ImproperlyConfigured(f"{path}: a rate or pay factor is not a number ({exc!r}).") from exc
    return vocabulary


VOCABULARY = load_vocabulary()
NAME_LABEL = f" {VOCABULARY['labels']['name']}"
SUMMARY_LABEL = VOCABULARY["labels"]["summary"]
