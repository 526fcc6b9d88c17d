"""A body over REQUEST_BODY_MAX_BYTES is a 413 from its Content-Length alone (careerguide.request_size), the
same limit the front (nginx) applies, so gunicorn reached without the front does not read it either."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client

from careerguide.request_size import RequestBodyLimitMiddleware, StaffUploadsOnlyMiddleware

pytestmark = pytest.mark.django_db


class UnreadableBody(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        pytest.fail("the body was read")

    readline = read


def over_limit(settings) -> str:
    return str(settings.REQUEST_BODY_MAX_BYTES + 1)


def test_an_api_post_over_the_limit_is_a_json_413_naming_it(client, settings):
    response = client.post(
        "/api/v1/roles/", data=b"{}", content_type="application/json", CONTENT_LENGTH=over_limit(settings)
    )
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request body is larger than the limit of {settings.REQUEST_BODY_MAX_BYTES:,} bytes."
    }


def test_an_anonymous_multipart_post_over_the_limit_is_refused_before_csrf_reads_it(settings):
    # Before: CSRF read the form (writing the upload to the temporary directory) and then answered 403.
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "F" * 32
    response = client.generic(
        "POST",
        "/admin/login/",
        b"",
        content_type="multipart/form-data; boundary=fictional",
        CONTENT_LENGTH=over_limit(settings),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert b"<html" in response.content.lower()


def reached(request):
    return HttpResponse("the view")


def test_a_body_at_the_limit_goes_on_to_the_view(rf, admin_user, settings):
    request = rf.post("/admin/roles/role/import/", CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES))
    request.user = admin_user
    assert RequestBodyLimitMiddleware(reached)(request).content == b"the view"
    assert StaffUploadsOnlyMiddleware(reached)(request).content == b"the view"


def upload_size(settings) -> str:
    """A body too large for anything but a file upload, well within REQUEST_BODY_MAX_BYTES."""
    return str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def test_an_anonymous_upload_is_refused_before_csrf_reads_it(settings):
    # Before: a 20 MB anonymous upload to the admin's import page was written to the temporary directory by
    # CSRF's reading of the form, then refused with a 403; it could never have succeeded.
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "F" * 32
    client.cookies["sessionid"] = "made-up"  # names no signed-in user
    response = client.generic(
        "POST",
        "/admin/roles/role/import/",
        b"",
        content_type="multipart/form-data; boundary=fictional",
        CONTENT_LENGTH=upload_size(settings),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert b"<html" in response.content.lower()


def test_a_signed_in_reader_may_not_upload_either(reader_client, settings):
    response = reader_client.generic(
        "POST",
        "/api/v1/roles/",
        b"",
        content_type="multipart/form-data; boundary=fictional",
        CONTENT_LENGTH=upload_size(settings),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert response.json()["detail"].endswith(f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes.")


def test_an_editor_uploads_a_file_larger_than_a_form(editor_client, settings):
    guide = SimpleUploadedFile("large.txt", b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "text/plain")
    response = editor_client.post("/admin/roles/role/import/", {"files": [guide]})
    # The import form's own answer (the file is over the guide size limit, said on the form), not a 413.
    assert response.status_code == 200
    assert b"errorlist" in response.content
