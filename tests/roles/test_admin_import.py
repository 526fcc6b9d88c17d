"""The admin's "Import guide" page: upload guides, read the dry run's report, confirm to save the drafts."""

import re
import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careerguide.models import CheckedUpload
from roles.models import Role
from tests.admin_helpers import admin_url, editors_group, form_data
from tests.conftest import GUIDES_DIR

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/roles/role/import/"


def upload(*names: str) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, (GUIDES_DIR / name).read_bytes(), "text/plain") for name in names]


def checked_upload(response) -> str:
    """The id of the checked files the page's confirmation posts (the files stay on the server)."""
    match = re.search(r'name="upload" value="([^"]+)"', response.content.decode())
    assert match, "the page offers no confirmation"
    return match.group(1)


def test_the_role_list_links_to_the_import_page_for_editors(editor_client):
    changelist = editor_client.get(admin_url(Role, "changelist")).content.decode()

    assert f'href="{IMPORT_URL}" id="guide-import-link"' in changelist
    assert editor_client.get(IMPORT_URL).status_code == 200


def test_checking_shows_each_report_and_saves_nothing_then_confirming_creates_drafts(editor_client):
    response = editor_client.post(IMPORT_URL, {"files": upload("orbital_gardener.txt", "lunar_beekeeper.txt")})
    page = response.content.decode()

    assert response.status_code == 200
    assert "2 of 2 file(s) can be imported." in page
    assert "Would create <strong>Orbital Gardener</strong>" in page
    assert "Rows per section" in page and "Empty in the guide" in page and "Lines not imported" in page
    assert not Role.objects.filter(slug__in=["orbital-gardener", "lunar-beekeeper"]).exists()

    done = editor_client.post(IMPORT_URL, {"upload": checked_upload(response), "_confirm": "1"}, follow=True)

    roles = Role.objects.filter(slug__in=["orbital-gardener", "lunar-beekeeper"])
    assert sorted(role.slug for role in roles) == ["lunar-beekeeper", "orbital-gardener"]
    assert all(not role.is_published and role.imported_from.endswith(".txt") for role in roles)
    assert "2 of 2 file(s) imported." in done.content.decode()
    gardener = roles.get(slug="orbital-gardener")
    assert reverse("admin:roles_role_change", args=[gardener.pk]) in done.content.decode()


def test_a_broken_file_is_reported_with_its_line_and_the_others_can_still_be_confirmed(editor_client):
    response = editor_client.post(IMPORT_URL, {"files": upload("broken_bad_utf8.txt", "orbital_gardener.txt")})
    page = response.content.decode()

    assert "1 of 2 file(s) can be imported; 1 failed (see below)." in page
    assert re.search(r"broken_bad_utf8\.txt, line \d+", page)
    editor_client.post(IMPORT_URL, {"upload": checked_upload(response), "_confirm": "1"})
    assert Role.objects.filter(slug="orbital-gardener").exists()
    assert Role.objects.filter(imported_from="broken_bad_utf8.txt").count() == 0


def test_publish_is_carried_from_the_check_to_the_confirmation(editor_client):
    response = editor_client.post(IMPORT_URL, {"files": upload("orbital_gardener.txt"), "publish": "on"})
    editor_client.post(IMPORT_URL, {"upload": checked_upload(response), "_confirm": "1"})

    assert Role.objects.published().filter(slug="orbital-gardener").exists()


@pytest.mark.parametrize("upload", ["forged", "00000000-0000-4000-8000-000000000000", ""])
def test_a_forged_or_unknown_confirmation_is_refused_and_saves_nothing(editor_client, upload):
    response = editor_client.post(IMPORT_URL, {"upload": upload, "_confirm": "1"}, follow=True)

    assert "These files were never checked here, or were removed; upload them again." in response.content.decode()
    assert not Role.objects.filter(imported_from__gt="").exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [SimpleUploadedFile("guide.pdf", b"%PDF", "application/pdf")],
            "guide.pdf: a guide is a plain-text .txt file.",
        ),
        ([], "This field is required."),
    ],
)
def test_files_that_are_not_guides_are_form_errors(editor_client, files, message):
    response = editor_client.post(IMPORT_URL, {"files": files})

    assert response.status_code == 200
    assert message in response.content.decode()


def test_only_staff_who_may_add_and_change_roles_can_import(reader_client, django_user_model):
    staff_without_rights = Client()
    staff_without_rights.force_login(django_user_model.objects.create_user("viewer", password="x" * 12, is_staff=True))

    assert reader_client.get(IMPORT_URL).status_code == 302  # not staff: to the sign-in page
    assert staff_without_rights.get(IMPORT_URL).status_code == 403


# --- The checked files stay on the server ------------------------------------------------------------------


def padded_guide(name: str, title: str, size: int) -> SimpleUploadedFile:
    """A fictional guide of about `size` bytes: the Orbital Gardener guide under another title, its
    description grown by paragraphs of 10,000 characters (the line limit is 20,000)."""
    text = (GUIDES_DIR / "orbital_gardener.txt").read_text().replace("Orbital Gardener", title)
    paragraph = ("Tending racks of lettuce in orbit takes patience. " * 200)[:10_000] + "\n"
    marker = "What does an"
    at = text.index(marker)
    padding = paragraph * max(0, (size - len(text)) // len(paragraph))
    return SimpleUploadedFile(name, (text[:at] + padding + text[at:]).encode(), "text/plain")


def test_three_large_guides_are_confirmed_by_a_small_post_that_carries_only_the_uploads_id(editor_client):
    titles = ["Ceres Gardener", "Vesta Gardener", "Pallas Gardener"]
    files = [padded_guide(f"{title.split()[0].lower()}.txt", title, 900_000) for title in titles]
    assert all(file.size > 850_000 for file in files)

    response = editor_client.post(IMPORT_URL, {"files": files})

    page = response.content.decode()
    assert "3 of 3 file(s) can be imported." in page
    assert len(response.content) < 200_000  # the reports only: the 2.7 MB of files stay on the server
    confirm = form_data(response, "guide-import-confirm")
    assert sorted(confirm) == ["csrfmiddlewaretoken", "upload"]
    done = editor_client.post(IMPORT_URL, {**confirm, "_confirm": "1"})
    assert done.status_code == 200
    assert "3 of 3 file(s) imported." in done.content.decode()
    assert Role.objects.filter(slug__in=["ceres-gardener", "vesta-gardener", "pallas-gardener"]).count() == 3


def test_a_second_confirmation_of_the_same_check_imports_nothing_and_says_so(editor_client):
    response = editor_client.post(IMPORT_URL, {"files": upload("orbital_gardener.txt")})
    confirm = {"upload": checked_upload(response), "_confirm": "1"}
    editor_client.post(IMPORT_URL, confirm)
    versions = Role.history.filter(slug="orbital-gardener").count()

    again = editor_client.post(IMPORT_URL, confirm, follow=True)

    assert "These files were already imported" in again.content.decode()
    assert Role.objects.filter(slug="orbital-gardener").count() == 1
    assert Role.history.filter(slug="orbital-gardener").count() == versions


def test_another_editor_cannot_confirm_someone_elses_check(editor_client, django_user_model):

    response = editor_client.post(IMPORT_URL, {"files": upload("orbital_gardener.txt")})
    other = Client()
    colleague = django_user_model.objects.create_user("colleague", password="x" * 12, is_staff=True)
    colleague.groups.add(editors_group())
    other.force_login(colleague)

    refused = other.post(IMPORT_URL, {"upload": checked_upload(response), "_confirm": "1"}, follow=True)

    assert "Another user checked these files; only they can import them." in refused.content.decode()
    assert not Role.objects.filter(slug="orbital-gardener").exists()


def test_an_expired_check_is_refused_and_deleted(editor_client):
    response = editor_client.post(IMPORT_URL, {"files": upload("orbital_gardener.txt")})
    CheckedUpload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    refused = editor_client.post(IMPORT_URL, {"upload": checked_upload(response), "_confirm": "1"}, follow=True)

    assert "The check expired; upload the files again to check them." in refused.content.decode()
    assert not Role.objects.filter(slug="orbital-gardener").exists()
    assert not CheckedUpload.objects.exists()


# --- Bounded files ------------------------------------------------------------------------------------------


def test_a_guide_with_a_nul_byte_is_reported_with_its_line_and_never_a_server_error(editor_client):
    response = editor_client.post(IMPORT_URL, {"files": upload("broken_nul_byte.txt", "lunar_beekeeper.txt")})

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 of 2 file(s) can be imported; 1 failed (see below)." in page
    assert "broken_nul_byte.txt, line 33: the file has a NUL byte (0x00)" in page
    editor_client.post(IMPORT_URL, {"upload": checked_upload(response), "_confirm": "1"})
    assert list(Role.objects.filter(imported_from__gt="").values_list("imported_from", flat=True)) == [
        "lunar_beekeeper.txt"
    ]


def test_a_guide_over_the_size_limit_is_a_form_error_naming_it(editor_client, settings):
    settings.GUIDE_IMPORT_MAX_BYTES = 2_000

    response = editor_client.post(IMPORT_URL, {"files": upload("orbital_gardener.txt")})

    assert response.status_code == 200
    assert "orbital_gardener.txt: larger than 2.0\xa0KB; a guide is about 40 kB." in response.content.decode()
    assert not CheckedUpload.objects.exists()


def test_a_guide_with_too_long_a_line_is_reported_with_its_line(editor_client, settings):
    settings.IMPORT_MAX_LINE_CHARS = 150

    response = editor_client.post(IMPORT_URL, {"files": upload("orbital_gardener.txt")})

    assert "orbital_gardener.txt, line 2: the line has 171 characters, more than 150" in response.content.decode()
    assert not CheckedUpload.objects.exists()


# --- Several requests at once --------------------------------------------------------------------------------


def at_once(count: int, request) -> list:
    """`request(client)` from `count` threads released together, each with its own client and connection."""
    from django.db import connection

    start, answers = threading.Barrier(count), []

    def run(client):
        start.wait()
        try:
            answers.append(request(client))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(client,)) for client in editor_clients(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def editor_clients(count: int) -> list[Client]:
    """Clients signed in as the one editor who checked the files (their confirmations are all allowed)."""
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="editor")
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(editor)
    return clients


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_six_simultaneous_confirmations_import_the_guide_once_and_tell_the_others(editor_client):
    response = editor_client.post(IMPORT_URL, {"files": upload("orbital_gardener.txt")})
    confirm = {"upload": checked_upload(response), "_confirm": "1"}

    answers = at_once(6, lambda client: client.post(IMPORT_URL, confirm, follow=True))

    assert sorted(answer.status_code for answer in answers) == [200] * 6
    pages = [answer.content.decode() for answer in answers]
    assert sum("1 of 1 file(s) imported." in page for page in pages) == 1
    refusals = [page for page in pages if "1 of 1 file(s) imported." not in page]
    assert all(
        "These files were already imported" in page or "Another import was writing at the same moment" in page
        for page in refusals
    )
    assert Role.objects.filter(slug="orbital-gardener").count() == 1
    assert Role.history.filter(slug="orbital-gardener", history_type="+").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_six_simultaneous_checks_all_answer_with_their_report(editor_client):
    answers = at_once(6, lambda client: client.post(IMPORT_URL, {"files": upload("orbital_gardener.txt")}))

    assert [answer.status_code for answer in answers] == [200] * 6
    assert all("1 of 1 file(s) can be imported." in answer.content.decode() for answer in answers)
    assert CheckedUpload.objects.count() == 6
    assert not Role.objects.filter(slug="orbital-gardener").exists()
