"""careerguide.admin: the history pages every content admin shares (word-level diffs, related objects by name)."""

import pytest

from careerguide.admin import word_diff
from tests import factories
from tests.admin_helpers import admin_url


@pytest.mark.django_db
def test_history_diff_names_related_objects(admin_client):
    salary = factories.RegionalSalaryFactory()
    new_source = factories.SourceFactory(title="Salary survey 2026")
    salary.source = new_source
    salary.save()
    latest = salary.history.first()

    page = admin_client.get(admin_url(type(salary), "simple_history", salary.pk, latest.history_id))

    [change] = page.context["changes_in_version"]
    assert change["field"] == "Source"
    assert change["new"] == "BLS: Salary survey 2026"
    assert change["diff"].endswith("→ <ins>BLS: Salary survey 2026</ins>")


def test_version_diff_marks_the_changed_words_in_a_long_text():
    before = " ".join(f"word{n}" for n in range(100))
    after = before.replace("word50", "changed")

    diff = word_diff(before, after, context=3)

    assert diff == "… word47 word48 word49 <del>word50</del><ins>changed</ins> word51 word52 word53 …"
