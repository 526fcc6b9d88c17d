"""Admin sign-in attempts are limited per user name at one client address, and per client address (django-axes)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-42"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(username: str, password: str, address: str = "192.0.2.1"):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password})
    return response, client


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(times: int, username: str = "editor", address: str = "192.0.2.1") -> list[int]:
    return [sign_in(username, "wrong", address)[0].status_code for _ in range(times)]


def test_the_right_password_is_refused_after_too_many_wrong_ones(editor):
    limit = settings.AXES_FAILURE_LIMIT

    statuses = fail(limit)
    response, client = sign_in("editor", PASSWORD)

    assert statuses == [200] * (limit - 1) + [429]
    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "Sign-in locked" in page
    assert f"Too many wrong passwords ({limit} in a row)" in page
    assert "axes_reset" in page
    assert "CareerGuide" in page


def test_a_stranger_cannot_lock_an_editor_out(editor):
    # Anyone who knows an editor's user name can send wrong passwords for it: that locks the stranger's
    # address, not the editor signing in from their own.
    fail(settings.AXES_FAILURE_LIMIT, address="198.51.100.9")

    stranger, stranger_client = sign_in("editor", PASSWORD, address="198.51.100.9")
    response, client = sign_in("editor", PASSWORD, address="192.0.2.1")

    assert stranger.status_code == 429
    assert not signed_in(stranger_client)
    assert response.status_code == 302
    assert signed_in(client)


def test_an_address_guessing_many_user_names_is_locked_out(editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(1, username=f"guess-{number}", address="203.0.113.5")

    locked, locked_client = sign_in("editor", PASSWORD, address="203.0.113.5")
    elsewhere, elsewhere_client = sign_in("editor", PASSWORD, address="192.0.2.1")

    assert locked.status_code == 429
    assert not signed_in(locked_client)
    assert elsewhere.status_code == 302
    assert signed_in(elsewhere_client)


def test_fewer_failures_than_the_limit_still_sign_in(editor):
    fail(settings.AXES_FAILURE_LIMIT - 1)

    response, client = sign_in("editor", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_axes_reset_unlocks_at_once(editor):
    fail(settings.AXES_FAILURE_LIMIT)

    call_command("axes_reset", verbosity=0)
    response, client = sign_in("editor", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_the_lock_lifts_after_the_cool_off(editor):
    fail(settings.AXES_FAILURE_LIMIT)
    assert sign_in("editor", PASSWORD)[0].status_code == 429

    past_cool_off = settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past_cool_off)
    response, client = sign_in("editor", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)
