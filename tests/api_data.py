"""Guides built with the factories, and API clients with and without permissions, for the API tests."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from roles.models import MarketInsight, ProCon, Skill
from salaries.models import Region, Source
from tests import factories


def sources():
    """The two kinds of source a guide cites: an official statistic and an editorial estimate."""
    official = factories.SourceFactory(title="Occupational Employment and Wage Statistics")
    editorial = factories.SourceFactory(
        publisher="CareerGuide editors",
        publisher_abbreviation="",
        title="Regional salary survey",
        measures="Typical annual salary ranges by region, compiled by the editors.",
        kind=Source.Kind.EDITORIAL_ESTIMATE,
        as_of=date(2025, 1, 1),
        as_of_precision=Source.Precision.YEAR,
    )
    return official, editorial


def full_guide(n: int = 1, **role_fields):
    """A published role with `n` of every part a guide lists (levels, skills, salaries, FAQ...).

    Also creates a published role ("technical-director") and an unpublished one
    ("engineering-manager") that the guide relates to, with `n - 1` more published ones.
    """
    usd = factories.CurrencyFactory(code="USD", name="US dollar", symbol="$")
    eur = factories.CurrencyFactory(code="EUR", name="Euro", symbol="€")
    official, editorial = sources()
    role = factories.RoleFactory(**role_fields)
    factories.KeyFactsFactory(role=role, currency=usd, median_pay_source=official)
    factories.GrowthProjectionFactory(role=role, source=official, pct_min=Decimal("16"), pct_max=Decimal("16"))
    us = factories.RegionFactory(name="United States", slug="united-states", iso_code="US", currency=usd)
    germany = factories.RegionFactory(name="Germany", slug="germany", iso_code="DE", currency=eur)
    europe = factories.RegionFactory(name="Western Europe", slug="western-europe", kind=Region.Kind.REGION, iso_code="")
    europe.members.add(germany)

    for i in range(n):
        level = factories.CareerLevelFactory(role=role, order=i + 1, title=f"Level {i + 1}", slug=f"level-{i + 1}")
        factories.FocusAreaFactory(level=level, text=f"Focus {i + 1}")
        factories.LevelSalaryFactory(level=level, region=us, currency=usd, source=official)
    categories = [Skill.Category.TECHNICAL, Skill.Category.SOFT]
    for i in range(n):
        skill = factories.SkillFactory(name=f"Skill {i:03}", slug=f"skill-{i:03}", category=categories[i % 2])
        factories.RoleSkillFactory(role=role, skill=skill, order=i, detail=f"detail {i}")
    tools = factories.ToolFactory.create_batch(n)
    role.tools.add(*tools)
    role.certifications.add(*factories.CertificationFactory.create_batch(n))
    factories.ResponsibilityFactory.create_batch(n, role=role)
    factories.EducationPathFactory.create_batch(n, role=role, currency=usd, source=official)
    factories.CareerEntryTimelineFactory.create_batch(n, role=role)
    factories.MarketInsightFactory.create_batch(n, role=role, kind=MarketInsight.Kind.CHALLENGE, source=editorial)
    factories.SpecializationFactory.create_batch(n, role=role)
    factories.ProConFactory.create_batch(n, role=role, kind=ProCon.Kind.PRO)
    factories.ProConFactory.create_batch(n, role=role, kind=ProCon.Kind.CON)
    factories.FAQFactory.create_batch(n, role=role)
    factories.VisaRouteFactory.create_batch(n, role=role, country=germany)
    factories.DataNoteFactory.create_batch(n, role=role)
    factories.RegionalSalaryFactory(
        role=role,
        region=germany,
        currency=eur,
        source=editorial,
        local_min=Decimal("70000"),
        local_max=Decimal("110000"),
        usd_min=Decimal("75000"),
        usd_max=Decimal("120000"),
    )
    for region in factories.RegionFactory.create_batch(n - 1, kind=Region.Kind.REGION, iso_code="", currency=usd):
        factories.RegionalSalaryFactory(role=role, region=region, currency=usd, source=editorial)
    if n > 1:
        factories.GrowthProjectionFactory.create_batch(n - 1, role=role, source=official, is_headline=False)

    director = factories.RoleFactory(title="Technical Director", slug="technical-director")
    hidden = factories.RoleFactory(title="Engineering Manager", slug="engineering-manager", is_published=False)
    factories.RoleRelationFactory(from_role=role, to_role=director, note="Next step")
    factories.RoleRelationFactory(from_role=role, to_role=hidden, note="Similar")
    for other in factories.RoleFactory.create_batch(n - 1):
        factories.RoleRelationFactory(from_role=role, to_role=other)
    return role


PERMISSION_FOR = {"post": "add", "put": "change", "patch": "change", "delete": "delete"}


def make_user(username, model, *, granted=(), denied_action=None):
    """A user holding `granted` actions on `model`, or every action except `denied_action`."""
    user = User.objects.create_user(username, password="pw")
    actions = granted or [a for a in ("add", "change", "delete", "view") if a != denied_action]
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user, Token.objects.create(user=user).key


def client_for(who: str, model, method: str) -> APIClient:
    """A client for one cell of the permission matrix: "anonymous", "without permission" or "with permission"."""
    client = APIClient()
    action = PERMISSION_FOR[method]
    if who == "with permission":
        _, key = make_user("editor", model, granted=[action])
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    elif who == "without permission":
        _, key = make_user("reader", model, denied_action=action)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def snapshot(model):
    """Every row of `model`, to show that a refused write changed nothing."""
    return sorted(model.objects.values_list())
