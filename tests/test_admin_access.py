"""Every admin page of both apps: open to staff with rights, closed to everyone else, and safe with bad input."""

import pytest
from django.contrib import admin
from django.test import Client

from careerguide.forms import ContentForm
from roles.models import RegionalSalary
from tests.admin_helpers import admin_url, factory_for, form_data, form_errors, registered_models

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

CONTENT_MODELS = [*registered_models("roles"), *registered_models("salaries")]
PAGES = ["changelist", "add", "change", "history"]
ACCESS_CASES = [
    *((model, view) for model in CONTENT_MODELS for view in PAGES),
    (RegionalSalary, "import"),
    (RegionalSalary, "export"),
]


def page_url(model, view):
    """The admin page `view` of `model`; object pages get a fresh row from the model's factory."""
    if view in {"change", "history"}:
        return admin_url(model, view, factory_for(model)().pk)
    return admin_url(model, view)


def case_id(value):
    return getattr(value, "__name__", value)


@pytest.mark.parametrize(("model", "view"), ACCESS_CASES, ids=case_id)
def test_admin_pages_open_for_superuser(admin_client, model, view):
    assert admin_client.get(page_url(model, view)).status_code == 200


@pytest.mark.parametrize(("model", "view"), ACCESS_CASES, ids=case_id)
def test_admin_pages_send_anonymous_visitors_and_non_staff_to_login(reader_client, model, view):
    url = page_url(model, view)
    for visitor in (Client(), reader_client):
        response = visitor.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=case_id)
def test_empty_add_form_shows_errors_and_creates_nothing(admin_client, model):
    url = admin_url(model, "add")
    data = form_data(admin_client.get(url), f"{model._meta.model_name}_form")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert form_errors(response)
    assert b"Please correct the error" in response.content
    assert model.objects.count() == 0


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=case_id)
def test_every_admin_form_and_inline_gives_readable_constraint_messages(rf, admin_user, model):
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    assert issubclass(model_admin.get_form(request), ContentForm)
    for inline in model_admin.get_inline_instances(request):
        assert issubclass(inline.get_formset(request).form, ContentForm), inline
