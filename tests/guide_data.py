"""Test data for page tests: the real guide (fixtures/), generated roles with every kind of content, and a
check of how a page numbers its source notes."""

import itertools
import re
import string
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from roles.models import Role
from tests import factories as f

GUIDE_SLUG = "technical-manager"


# ISO 3166 leaves QM–QZ and XA–XZ to users: no real country in fixtures/ can clash with these codes.
_SPARE_ISO_CODES = itertools.cycle([f"Q{c}" for c in "MNOPQRSUVWXYZ"] + [f"X{c}" for c in string.ascii_uppercase])


def spare_region(**kwargs):
    """A region whose ISO code cannot clash with the guide's countries (the factory's sequence could)."""
    code = next(_SPARE_ISO_CODES)
    return f.RegionFactory(iso_code=code, name=f"Testland {code}", slug=f"testland-{code.lower()}", **kwargs)


def load_guide() -> Role:
    """Load fixtures/ with the project's own command and return the Technical Manager role."""
    call_command("load_guides", stdout=StringIO())
    return Role.objects.get(slug=GUIDE_SLUG)


def build_full_role(n: int, *, skills, region, source) -> Role:
    """A published role with content in every section the guide page shows, so every prefetch runs."""
    role = f.RoleFactory(title=f"Generated Role {n:03d}", slug=f"generated-role-{n:03d}")
    f.KeyFactsFactory(role=role, median_pay=Decimal(60000 + 1000 * n), median_pay_source=source)
    f.GrowthProjectionFactory(role=role, source=source, pct_min=Decimal(n % 20), pct_max=Decimal(n % 20))
    for order, skill in enumerate(skills):
        f.RoleSkillFactory(role=role, skill=skill, order=order)
    for order in (1, 2):
        level = f.CareerLevelFactory(role=role, order=order, slug=f"level-{order}", title=f"Level {order} of {n}")
        f.FocusAreaFactory(level=level)
        f.LevelSalaryFactory(level=level, region=region, source=source, median=Decimal(50000 * order + n))
    f.ResponsibilityFactory(role=role)
    role.tools.add(f.ToolFactory())
    role.certifications.add(f.CertificationFactory())
    f.EducationPathFactory(role=role, source=source)
    f.CareerEntryTimelineFactory(role=role)
    f.MarketInsightFactory(role=role, source=source)
    f.SpecializationFactory(role=role)
    f.ProConFactory(role=role)
    f.FAQFactory(role=role)
    f.VisaRouteFactory(role=role, country=region)
    f.DataNoteFactory(role=role)
    f.RegionalSalaryFactory(role=role, region=region, source=source)
    return role


def build_many_roles(count: int = 50) -> list[Role]:
    """`count` full roles sharing a few skills, one region and one source, each related to the next."""
    skills = [f.SkillFactory() for _ in range(3)]
    region = spare_region()
    source = f.SourceFactory()
    roles = [build_full_role(n, skills=skills, region=region, source=source) for n in range(count)]
    for first, second in itertools.pairwise(roles):
        f.RoleRelationFactory(from_role=first, to_role=second)
    return roles


_SOURCE_NOTE = re.compile(r'<li id="source-(\d+)">.*?</strong>, (?:<a [^>]*>)?([^<]+?)(?:</a>)?, ', re.S)


def source_titles(page: str) -> list[str]:
    """The titles in a page's Sources list, in its order, once the page's citation numbers are checked.

    Read down the page, citations must first appear as 1, 2, 3, … with no gap, and each must point at an
    entry of the Sources list.
    """
    cited = [int(number) for number in re.findall(r'href="#source-(\d+)"', page)]
    first_seen = list(dict.fromkeys(cited))
    assert first_seen == list(range(1, len(first_seen) + 1))
    notes = _SOURCE_NOTE.findall(page)
    assert [int(number) for number, _ in notes] == list(range(1, len(notes) + 1))
    assert set(cited) <= {int(number) for number, _ in notes}
    return [title for _, title in notes]


OEWS_TEST_RELEASE = Path(__file__).resolve().parent / "data" / "oews" / "may2030"


def build_public_site() -> None:
    """The real guide, a second published role, a euro rate and the fictional OEWS release (nation, two
    states, one metro area): what the browser and HTML checks browse."""
    load_guide()
    call_command("import_oews", str(OEWS_TEST_RELEASE), "--published", "2031-04-01", verbosity=0)
    other = f.RoleFactory(title="Data Engineer", slug="data-engineer")
    f.KeyFactsFactory(role=other, median_pay=Decimal("125000"))
    f.RegionalSalaryFactory(role=other, region=spare_region())
    source = f.SourceFactory(publisher="European Central Bank", publisher_abbreviation="ECB", title="Reference rates")
    f.ExchangeRateFactory(usd_per_unit=Decimal("1.25"), as_of=date(2025, 1, 2), source=source)
