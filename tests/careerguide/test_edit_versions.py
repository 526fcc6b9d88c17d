"""No lost edits in the admin (`careerguide.edit_versions`): two signed-in editors, each saving from a page
opened before the other's save, on role pages (with inline rows) and salary pages."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from careerguide.edit_versions import EDIT_VERSION_FIELD
from roles.models import FAQ, RegionalSalary, Role
from tests import factories
from tests.admin_helpers import admin_url, editors_group, form_data, form_errors, inline_errors, with_values

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]


@pytest.fixture
def editors(django_user_model):
    """Two members of the Editors group, each signed in with a browser of their own."""
    clients = []
    for name in ("alice", "bob"):
        user = django_user_model.objects.create_user(name, f"{name}@example.org", "password", is_staff=True)
        user.groups.add(editors_group())
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.fixture
def guide():
    role = factories.RoleFactory(title="Technical Manager", slug="technical-manager", summary="Leads teams.")
    factories.FAQFactory(role=role, order=1, question="Is it stressful?", answer="At times.")
    return role


def open_page(client, obj, form_id):
    return form_data(client.get(admin_url(type(obj), "change", obj.pk)), form_id)


def save(client, obj, data):
    return client.post(admin_url(type(obj), "change", obj.pk), data)


def faq_page_url(role):
    return reverse("admin:roles_role_section", args=[role.pk, "faq"])


def open_faq_page(client, role):
    """The guide's FAQ section page: its rows are inline forms of the role's change form."""
    return form_data(client.get(faq_page_url(role)), "role_form")


def save_faq_page(client, role, data):
    return client.post(faq_page_url(role), data)


def test_second_save_from_a_page_opened_before_the_first_is_refused_with_what_changed(editors, guide):
    alice, bob = editors
    alices_page, bobs_page = open_page(alice, guide, "role_form"), open_page(bob, guide, "role_form")

    assert save(alice, guide, with_values(alices_page, title="Engineering Manager")).status_code == 302
    response = save(bob, guide, with_values(bobs_page, summary="Leads engineering teams."))

    assert response.status_code == 200
    [message] = form_errors(response)["__all__"]
    assert message.startswith("Someone else saved “Engineering Manager” (last saved by alice on ")
    assert "<li>Title: <del>Technical</del><ins>Engineering</ins> Manager</li>" in message
    assert "Summary" not in message  # only what changed meanwhile is listed
    content = response.content.decode()
    assert "<li>Title: <del>Technical</del><ins>Engineering</ins> Manager</li>" in content  # shown as HTML
    assert "Leads engineering teams." in content  # Bob's input is still in the form
    guide.refresh_from_db()
    assert (guide.title, guide.summary) == ("Engineering Manager", "Leads teams.")


def test_saving_again_after_the_refusal_keeps_what_the_form_then_shows(editors, guide):
    alice, bob = editors
    alices_page, bobs_page = open_page(alice, guide, "role_form"), open_page(bob, guide, "role_form")
    save(alice, guide, with_values(alices_page, title="Engineering Manager"))
    refused = save(bob, guide, with_values(bobs_page, summary="Leads engineering teams."))

    # Bob takes Alice's title into his form and saves the page he was shown.
    response = save(bob, guide, with_values(form_data(refused, "role_form"), title="Engineering Manager"))

    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.title, guide.summary) == ("Engineering Manager", "Leads engineering teams.")


def test_saves_one_after_the_other_from_fresh_pages_both_succeed(editors, guide):
    alice, bob = editors
    assert save(alice, guide, with_values(open_page(alice, guide, "role_form"), title="Eng Manager")).status_code == 302
    assert save(bob, guide, with_values(open_page(bob, guide, "role_form"), summary="New.")).status_code == 302
    assert save(alice, guide, with_values(open_page(alice, guide, "role_form"), summary="Newer.")).status_code == 302

    guide.refresh_from_db()
    assert (guide.title, guide.summary) == ("Eng Manager", "Newer.")


def test_an_inline_row_changed_meanwhile_is_not_overwritten(editors, guide):
    alice, bob = editors
    alices_page, bobs_page = open_faq_page(alice, guide), open_faq_page(bob, guide)
    assert save_faq_page(alice, guide, with_values(alices_page, **{"faqs-0-answer": "Rarely."})).status_code == 302

    response = save_faq_page(bob, guide, with_values(bobs_page, **{"faqs-0-question": "Is it hard?"}))

    assert response.status_code == 200
    [(prefix, errors)] = inline_errors(response)
    assert prefix == "faqs"
    assert "Someone else saved “Is it stressful?” (last saved by alice on " in errors["__all__"][0]
    assert "<li>Answer: <del>At times.</del><ins>Rarely.</ins></li>" in errors["__all__"][0]
    assert FAQ.objects.get().answer == "Rarely."
    assert FAQ.objects.get().question == "Is it stressful?"  # nothing of Bob's page is saved


def test_a_row_deleted_after_someone_changed_it_is_refused(editors, guide):
    alice, bob = editors
    alices_page, bobs_page = open_faq_page(alice, guide), open_faq_page(bob, guide)
    save_faq_page(alice, guide, with_values(alices_page, **{"faqs-0-answer": "Rarely."}))

    response = save_faq_page(bob, guide, with_values(bobs_page, **{"faqs-0-DELETE": "on"}))

    assert response.status_code == 200
    formset = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "faqs")
    assert formset.non_form_errors() == [
        "Someone else changed Is it stressful? after you opened the page, and you marked it for deletion. "
        "Untick “Delete?” to keep it, or save again to delete it anyway."
    ]
    assert FAQ.objects.get().answer == "Rarely."


def test_a_row_someone_added_meanwhile_is_kept(editors, guide):
    _, bob = editors
    bobs_page = open_faq_page(bob, guide)
    factories.FAQFactory(role=guide, order=2, question="Added by Alice?")

    assert save_faq_page(bob, guide, with_values(bobs_page, **{"faqs-0-answer": "Often."})).status_code == 302
    assert sorted(guide.faqs.values_list("question", flat=True)) == ["Added by Alice?", "Is it stressful?"]


def test_salary_page_refuses_a_stale_save_too(editors):
    salary = factories.RegionalSalaryFactory(note="")
    alice, bob = editors
    alices_page, bobs_page = (open_page(c, salary, "regionalsalary_form") for c in editors)
    assert save(alice, salary, with_values(alices_page, local_max="120000")).status_code == 302

    response = save(bob, salary, with_values(bobs_page, note="From the 2025 survey."))

    assert response.status_code == 200
    [message] = form_errors(response)["__all__"]
    assert "<li>Local max: <del>110000.00</del> → <ins>120000.00</ins></li>" in message
    salary.refresh_from_db()
    assert (salary.local_max, salary.note) == (Decimal("120000.00"), "")


def test_a_damaged_version_is_refused_and_saves_nothing(editors, guide):
    alice, _ = editors
    page = with_values(open_page(alice, guide, "role_form"), title="Changed", **{EDIT_VERSION_FIELD: "forged"})

    response = save(alice, guide, page)

    assert form_errors(response)["__all__"] == [
        "This page's edit marker is damaged, so it cannot tell whether someone else saved meanwhile. "
        "Copy your changes, reload the page and make them again."
    ]
    assert Role.objects.get().title == "Technical Manager"


def test_the_version_is_only_on_pages_that_can_save(client, django_user_model, guide):
    viewer = django_user_model.objects.create_user("viewer", password="password", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_role", "view_faq"]))
    client.force_login(viewer)

    content = client.get(admin_url(Role, "change", guide.pk)).content.decode()

    assert EDIT_VERSION_FIELD not in content
    assert "Edit version" not in content


def test_reverting_to_an_old_version_checks_against_the_saved_row(editors, guide):
    alice, bob = editors
    save(alice, guide, with_values(open_page(alice, guide, "role_form"), title="Engineering Manager"))
    original = guide.history.order_by("history_date").first()
    version_url = admin_url(Role, "simple_history", guide.pk, original.history_id)
    revert_page = form_data(bob.get(version_url), "historicalrole_form")
    save(alice, guide, with_values(open_page(alice, guide, "role_form"), summary="Alice again."))

    refused = bob.post(version_url, revert_page)
    assert refused.status_code == 200
    [message] = form_errors(refused)["__all__"]
    assert "<li>Summary: <del>Leads</del><ins>Alice</ins> <del>teams.</del><ins>again.</ins></li>" in message
    assert "Title" not in message  # the version is of the saved row, not of the version being restored

    assert bob.post(version_url, form_data(refused, "historicalrole_form")).status_code == 302
    guide.refresh_from_db()
    assert (guide.title, guide.summary) == ("Technical Manager", "Leads teams.")


def test_stale_bulk_salary_form_is_per_row(editors):
    """Two salary rows of one role: a change to one does not block saving the other's page."""
    first, second = factories.RegionalSalaryFactory(), factories.RegionalSalaryFactory()
    alice, bob = editors
    alices_page, bobs_page = (
        open_page(alice, first, "regionalsalary_form"),
        open_page(bob, second, "regionalsalary_form"),
    )

    assert save(alice, first, with_values(alices_page, note="Alice's note.")).status_code == 302
    assert save(bob, second, with_values(bobs_page, note="Bob's note.")).status_code == 302
    assert list(RegionalSalary.objects.order_by("pk").values_list("note", flat=True)) == [
        "Alice's note.",
        "Bob's note.",
    ]
