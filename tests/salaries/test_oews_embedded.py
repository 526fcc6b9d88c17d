"""The embedded OEWS release (fixtures/oews, loaded by `make run`) equals BLS's flat files.

One test, because the import takes a while: it loads the subset as `make run` does, then checks the
counts the issue promises and compares a random sample of lines of BLS's `oe.data.0.Current` (values
and footnotes) with what the database holds and what the API serves.
"""

import gzip
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from salaries.models import OEWS_FIGURES, Occupation, OewsArea, OewsFootnote, WageEstimate

pytestmark = [pytest.mark.django_db, pytest.mark.content]

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "oews"
SAMPLE_SIZE = 400
SEED = 18  # a fixed seed: a failure names lines that a rerun checks again


def sample_lines(path: Path, size: int, seed: int) -> list[tuple[int, str]]:
    """A uniform random sample of `size` data lines (number, text), in one pass (reservoir sampling)."""
    rng = random.Random(seed)
    sample: list[tuple[int, str]] = []
    with gzip.open(path, "rt", newline="") as lines:
        next(lines)  # the header
        for number, line in enumerate(lines, start=2):
            if len(sample) < size:
                sample.append((number, line))
            elif (slot := rng.randrange(number - 1)) < size:
                sample[slot] = (number, line)
    return sample


def test_embedded_release_equals_blss_flat_files(settings, django_assert_num_queries):
    settings.RESPONSE_CACHE_SECONDS = 0
    call_command("import_oews", str(FIXTURE_DIR), verbosity=0)

    assert Occupation.objects.filter(level=Occupation.Level.DETAILED).count() >= 830
    assert OewsArea.objects.filter(kind=OewsArea.Kind.STATE).count() == 54
    national = WageEstimate.objects.national().values_list("occupation", flat=True)
    assert national.count() == Occupation.objects.count()  # every occupation has its national estimate

    floors = {note.code: note for note in OewsFootnote.objects.all() if note.is_top_code}
    fields = {figure.datatype: figure for figure in OEWS_FIGURES}
    for number, line in sample_lines(FIXTURE_DIR / "oe.data.0.Current.gz", SAMPLE_SIZE, SEED):
        series, _, _, value, footnote = (cell.strip() for cell in line.split("\t"))
        figure = fields[series[23:25]]
        estimate = WageEstimate.objects.get(
            area__code=series[4:11],
            industry__code=series[11:17],
            occupation__soc_code=f"{series[17:19]}-{series[19:23]}",
        )
        stored = getattr(estimate, figure.field)
        where = f"line {number}: {series}"
        assert getattr(estimate, f"{figure.field}_footnote") == footnote, where
        if value != "-":
            assert stored == Decimal(value), where
        elif footnote in floors and figure.kind in ("hourly", "annual"):
            top = floors[footnote]
            assert stored == (top.hourly_floor if figure.kind == "hourly" else top.annual_floor), where
        else:
            assert stored is None, where  # never 0

    # The headline figures, through the API: Computer and Information Systems Managers, May 2025.
    api = APIClient()
    occupation = api.get("/api/v1/occupations/11-3021/").json()
    assert occupation["release"]["name"] == "May 2025"
    assert (occupation["national"]["annual_median"], occupation["national"]["employment"]) == (175140, 670570)
    assert (occupation["national"]["annual_p10"], occupation["national"]["annual_p90"]) == (107550, 297510)
    california = api.get("/api/v1/wages/?occupation=11-3021&area=0600000").json()["results"]
    assert california[0]["annual_median"] == 218290

    # The same query counts as with the fictional release of test_oews_api.py: nothing grows with the data.
    with django_assert_num_queries(4):  # release, footnotes, count, occupations + parents + national estimate
        assert api.get("/api/v1/occupations/?ordering=-annual_median").status_code == 200
    with django_assert_num_queries(3):  # footnotes, count, estimates + occupation, area, industry, release
        assert api.get("/api/v1/wages/?occupation=29-1141&area_type=state&ordering=-annual_median").status_code == 200
    with django_assert_num_queries(5):  # occupation + parents, children, footnotes, national estimate, guides
        assert api.get("/api/v1/occupations/15-1252/").status_code == 200
