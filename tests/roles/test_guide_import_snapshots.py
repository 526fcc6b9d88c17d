"""roles.guide_import: the whole parse of every fictional guide in tests/data/guides/, pinned field by field.

The stored snapshots (tests/data/parsed_guides/) are the parse as it stood when the parser was split into
small modules; they keep any later change to what a guide parses to visible in review. After a deliberate
change, regenerate them and read the diff line by line:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/roles/test_guide_import_snapshots.py
"""

import os
import pprint
from pathlib import Path

import pytest

from roles.guide_import import GuideFormatError, parse_guide

DATA = Path(__file__).resolve().parents[1] / "data"
GUIDES = sorted(path for path in (DATA / "guides").glob("*.txt") if not path.name.startswith("broken_"))
SNAPSHOTS = DATA / "parsed_guides"


def snapshot(path: Path) -> str:
    return pprint.pformat(parse_guide(path.read_text(encoding="utf-8")), width=120, sort_dicts=False) + "\n"


def test_every_fictional_guide_has_a_snapshot():
    # Counted from the files: a new guide needs its snapshot, and no snapshot outlives its guide.
    assert GUIDES
    assert {path.stem for path in GUIDES} == {path.stem for path in SNAPSHOTS.glob("*.txt")}


@pytest.mark.parametrize("path", GUIDES, ids=lambda path: path.stem)
def test_guide_parses_to_its_snapshot(path):
    if os.environ.get("UPDATE_SNAPSHOTS"):
        (SNAPSHOTS / f"{path.stem}.txt").write_text(snapshot(path), encoding="utf-8")
    assert snapshot(path) == (SNAPSHOTS / f"{path.stem}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("broken_empty.txt", 1, "the file is empty"),
        ("broken_not_a_guide.txt", 1, "the first line must be the guide's title"),
        ("broken_no_key_facts.txt", 3, "no “Key Facts & Statistics” section"),
    ],
)
def test_broken_guides_are_refused_with_their_line(name, line, message):
    with pytest.raises(GuideFormatError) as error:
        parse_guide((DATA / "guides" / name).read_text(encoding="utf-8"))
    assert (error.value.line, error.value.message[: len(message)]) == (line, message)
