"""careerguide.publishing: one rule for live, scheduled and draft, for a role and for the rows of one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from careerguide.publishing import is_public_now
from roles.models import CareerLevel, RegionalSalary, Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles_by_state():
    now = timezone.now()
    return {
        "live": factories.RoleFactory(title="Live", is_published=True, published_at=None),
        "live since": factories.RoleFactory(title="Live since", is_published=True, published_at=now - timedelta(1)),
        "scheduled": factories.RoleFactory(title="Scheduled", is_published=True, published_at=now + timedelta(1)),
        "draft": factories.RoleFactory(title="Draft", is_published=False),
        "draft with date": factories.RoleFactory(title="Dated draft", is_published=False, published_at=now),
    }


def test_each_role_is_in_exactly_one_state(roles_by_state):
    live = set(Role.objects.published())
    scheduled = set(Role.objects.scheduled())
    drafts = set(Role.objects.drafts())

    assert live == {roles_by_state["live"], roles_by_state["live since"]}
    assert scheduled == {roles_by_state["scheduled"]}
    assert drafts == {roles_by_state["draft"], roles_by_state["draft with date"]}
    assert live | scheduled | drafts == set(Role.objects.all())


def test_a_loaded_role_follows_the_same_rule(roles_by_state):
    assert {name for name, role in roles_by_state.items() if role.is_public} == {"live", "live since"}
    assert is_public_now(True, None)
    assert not is_public_now(True, timezone.now() + timedelta(seconds=60))


def test_rows_of_a_role_are_public_exactly_when_their_role_is(roles_by_state):
    for role in roles_by_state.values():
        factories.RegionalSalaryFactory(role=role)
        factories.CareerLevelFactory(role=role)

    public_roles = set(Role.objects.published())

    assert {salary.role for salary in RegionalSalary.objects.published()} == public_roles
    assert {level.role for level in CareerLevel.objects.published()} == public_roles
