"""Bounded uploads and the store of checked files (careerguide.checked_uploads): the limits every import
applies, and the rules a confirmation must pass to import a checked upload once."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from careerguide.checked_uploads import (
    TextProblem,
    UploadRefused,
    checked_lines,
    claim_checked_upload,
    retry_when_locked,
    run_locked_confirmation,
    store_checked_upload,
    text_problem,
)
from careerguide.models import CheckedFile, CheckedUpload

FILES = {"first.txt": b"Orbital line one\nline two\n", "second.txt": "Zürich\n".encode()}


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("checker", password="x" * 12)


@pytest.fixture
def stranger(django_user_model):
    return django_user_model.objects.create_user("stranger", password="x" * 12)


# --- Limits ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        (b"one\ntwo\nth\x00ree\n", 3, "the file has a NUL byte (0x00)"),
        (b"one\ntwo\nthree \xa3 pounds\n", 3, "the file is not UTF-8 text (byte 0xa3); save it as UTF-8"),
        (b"one\n" + b"x" * 101 + b"\n", 2, "the line has 101 characters, more than 100"),
        (b"line\n" * 11, 11, "the file has more than 10 lines; split it"),
    ],
)
def test_a_file_past_a_limit_is_refused_with_its_name_and_line(settings, data, line, reason):
    settings.IMPORT_MAX_LINES, settings.IMPORT_MAX_LINE_CHARS = 10, 100

    problem = text_problem("guide.txt", data)

    assert (problem.line, str(problem).startswith(f"guide.txt, line {line}: {reason}")) == (line, True)
    with pytest.raises(TextProblem, match=rf"^guide\.txt, line {line}: ") as streamed:
        list(checked_lines("guide.txt", data.splitlines(keepends=True)))
    assert streamed.value.line == line


def test_a_file_within_the_limits_reads_as_text(settings):
    settings.IMPORT_MAX_LINES, settings.IMPORT_MAX_LINE_CHARS = 3, 10

    assert text_problem("ok.txt", "\ufeffZürich\nok\n".encode()) is None
    assert list(checked_lines("ok.txt", ["\ufeffZürich\n".encode(), b"ok\n"])) == ["Zürich\n", "ok\n"]


def test_retry_when_locked_waits_for_the_other_writer_and_passes_other_errors():
    attempts = []

    def locked_twice():
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("database is locked")
        return "done"

    assert retry_when_locked(locked_twice) == "done"
    assert len(attempts) == 3
    with pytest.raises(OperationalError, match="no such table"):
        retry_when_locked(lambda: (_ for _ in ()).throw(OperationalError("no such table: x")))


# --- Store and claim ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_checked_upload_keeps_the_files_and_options_for_its_owner_once(owner):
    upload = store_checked_upload(owner=owner, kind="guides", files=FILES, options={"publish": True})

    assert upload.expires_at - upload.created_at == timedelta(hours=1)
    assert [(f.name, f.size) for f in CheckedFile.objects.filter(upload=upload)] == [
        ("first.txt", 26),
        ("second.txt", 8),
    ]
    with transaction.atomic():
        files, options = claim_checked_upload(upload_id=str(upload.pk), owner=owner, kind="guides")
    assert (files, options) == (FILES, {"publish": True})
    with pytest.raises(UploadRefused, match=r"^These files were already imported \(at \d\d:\d\d:\d\d\)"):
        claim_checked_upload(upload_id=str(upload.pk), owner=owner, kind="guides")


@pytest.mark.django_db
def test_a_confirmation_is_refused_for_another_user_another_kind_expiry_or_an_unknown_id(owner, stranger):
    upload = store_checked_upload(owner=owner, kind="guides", files=FILES)

    def refusal(**overrides) -> str:
        arguments = {"upload_id": str(upload.pk), "owner": owner, "kind": "guides", **overrides}
        with pytest.raises(UploadRefused) as refused:
            claim_checked_upload(**arguments)
        return str(refused.value)

    assert refusal(owner=stranger).startswith("Another user checked these files; only they can import them.")
    assert refusal(kind="salaries").startswith("These files were never checked here")
    assert refusal(upload_id="not-a-uuid").startswith("These files were never checked here")
    CheckedUpload.objects.filter(pk=upload.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert refusal() == "The check expired; upload the files again to check them."
    assert CheckedUpload.objects.get(pk=upload.pk).used_at is None


@pytest.mark.django_db
def test_a_failed_import_leaves_the_upload_confirmable(owner):
    upload = store_checked_upload(owner=owner, kind="guides", files=FILES)

    def import_that_fails():
        claim_checked_upload(upload_id=upload.pk, owner=owner, kind="guides")
        raise ValueError("the import failed")

    with pytest.raises(ValueError, match="the import failed"):
        run_locked_confirmation(import_that_fails)

    assert CheckedUpload.objects.get(pk=upload.pk).used_at is None


@pytest.mark.django_db
def test_expired_uploads_are_deleted_by_the_next_check_and_by_the_command(owner):
    old = store_checked_upload(owner=owner, kind="guides", files=FILES)
    CheckedUpload.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    store_checked_upload(owner=owner, kind="guides", files=FILES)

    assert not CheckedUpload.objects.filter(pk=old.pk).exists()
    assert CheckedFile.objects.count() == 2
    CheckedUpload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("clean_checked_uploads", stdout=out)
    assert out.getvalue() == "Deleted 1 expired checked upload(s).\n"
    assert (CheckedUpload.objects.count(), CheckedFile.objects.count()) == (0, 0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrations' data for later tests
def test_six_simultaneous_claims_of_one_upload_import_it_once(owner):
    upload = store_checked_upload(owner=owner, kind="guides", files=FILES)
    start = threading.Barrier(6)
    outcomes: list[str] = []

    def confirm():
        start.wait()
        try:
            files = run_locked_confirmation(
                lambda: claim_checked_upload(upload_id=str(upload.pk), owner=owner, kind="guides")[0]
            )
            outcomes.append("imported" if files == FILES else "wrong files")
        except UploadRefused as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("imported") == 1
    refusals = [outcome for outcome in outcomes if outcome != "imported"]
    assert len(refusals) == 5
    assert all(
        refusal.startswith(("These files were already imported", "Another import was writing at the same moment"))
        for refusal in refusals
    ), refusals
