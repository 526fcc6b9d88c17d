"""The guide page and the API's whole guide, rendered for the real guide (fixtures/) and every fictional guide
in tests/data/guides/, pinned byte for byte (issue 22: cheaper renders must not change what is rendered).

The stored snapshots (tests/data/rendered_guides/) are the renders as they stood before the render was made
cheaper; only what changes from run to run is masked (the CSP nonce, the moment of the last edit). After a
deliberate change to a page or the API, regenerate them and read the diff line by line:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/roles/test_render_snapshots.py
"""

import json
import os
import re
from pathlib import Path

import pytest

from roles.models import Role
from tests.guide_data import load_guide

# Ids appear in the renders (sources' anchors and `id`s): sequences start again at 1 for this test, as they do on
# SQLite but not on PostgreSQL, where tests before it in the same run have moved them.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

DATA = Path(__file__).resolve().parents[1] / "data"
SNAPSHOTS = DATA / "rendered_guides"
FICTIONAL_GUIDES = sorted(path.name for path in (DATA / "guides").glob("*.txt") if not path.name.startswith("broken_"))

# What differs between two renders of the same content.
NONCE = re.compile(r'nonce="[^"]*"')
EDITED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def masked(text: str) -> str:
    return EDITED_AT.sub("<edited-at>", NONCE.sub('nonce="<nonce>"', text))


@pytest.fixture
def every_guide(import_test_guide) -> list[str]:
    """The real guide and every fictional one, published; their slugs."""
    slugs = [load_guide().slug]
    slugs += [import_test_guide(name, publish=True).role_slug for name in FICTIONAL_GUIDES]
    return slugs


def compare(name: str, rendered: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8"), name


def test_every_guide_renders_as_its_snapshot(client, every_guide):
    assert set(Role.objects.published().values_list("slug", flat=True)) == set(every_guide)
    for slug in every_guide:
        page = client.get(f"/roles/{slug}/")
        detail = client.get(f"/api/v1/roles/{slug}/")
        assert (page.status_code, detail.status_code) == (200, 200), slug
        compare(f"{slug}.html", masked(page.content.decode()))
        compare(f"{slug}.json", masked(json.dumps(detail.json(), indent=1, ensure_ascii=False) + "\n"))
