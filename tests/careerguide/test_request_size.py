"""A body over REQUEST_BODY_MAX_BYTES is a 413 from its Content-Length alone (careerguide.request_size), the
same limit the front (nginx) applies, so gunicorn reached without the front does not read it either."""

import io

import pytest
from django.test import Client

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


def test_a_body_at_the_limit_goes_on_to_the_view(client, settings):
    response = client.post(
        "/api/v1/roles/",
        data=b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES),
    )
    assert response.status_code != 413
