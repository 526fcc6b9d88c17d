"""The guide writer is driven by the registry of guide parts: a section whose parsed items carry fields
named like its model's needs no code in the writer (`roles.guide_import.rows.section_rows`)."""

import ast
from pathlib import Path

import pytest

from roles import guide_rows
from roles.guide_import import parse_guide, rows
from roles.models import FAQ, GUIDE_ROWS, Responsibility, TopIndustry
from tests.conftest import GUIDES_DIR

pytestmark = pytest.mark.django_db

GARDENER = "orbital_gardener.txt"
# Parts written by the generic row builder alone: no line of the writer names them.
PLAIN_PARTS = (TopIndustry, FAQ, Responsibility)


def test_plain_parts_have_no_code_in_the_writer():
    names = {
        node.id if isinstance(node, ast.Name) else node.name
        for module in (rows, guide_rows)
        for node in ast.walk(ast.parse(Path(module.__file__).read_text()))
        if isinstance(node, ast.Name | ast.alias)
    }
    for model in PLAIN_PARTS:
        assert model not in rows.BUILDERS
        assert model.__name__ not in names


def test_a_part_is_written_because_the_registry_lists_it(monkeypatch, import_test_guide):
    # A guide section the registry does not list (as before its entry is added) is not written...
    without = tuple(part for part in GUIDE_ROWS if part.model is not TopIndustry)
    monkeypatch.setattr(rows, "GUIDE_ROWS", without)
    monkeypatch.setattr(guide_rows, "GUIDE_ROWS", without)
    import_test_guide(GARDENER)
    assert not TopIndustry.objects.exists()

    # ...and its registry entry alone makes the import write it, with history, and update it.
    monkeypatch.setattr(rows, "GUIDE_ROWS", GUIDE_ROWS)
    monkeypatch.setattr(guide_rows, "GUIDE_ROWS", GUIDE_ROWS)
    report = import_test_guide(GARDENER, update=True, force=True)

    assert report.changed_fields == ["Top industries: 3 added"]
    assert list(TopIndustry.objects.values_list("order", "name", "note")) == [
        (1, "Commercial space stations", "about 40% of roles"),
        (2, "Government space agencies", ""),
        (3, "Vertical farming", "the proving ground for most new recruits"),
    ]
    assert TopIndustry.history.filter(history_change_reason=f"Imported from {GARDENER}").count() == 3


def test_section_rows_copies_fields_named_like_the_models():
    parsed = parse_guide((GUIDES_DIR / GARDENER).read_text())
    part = next(part for part in GUIDE_ROWS if part.model is FAQ)

    built = rows.section_rows(part, parsed.faqs, "orbital-gardener")

    assert built[0] == {
        "role": ["orbital-gardener"],
        "order": 1,
        "question": parsed.faqs[0].question,
        "answer": parsed.faqs[0].answer,
    }
