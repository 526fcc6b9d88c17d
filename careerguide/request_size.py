"""A request body larger than any the site accepts is refused from its Content-Length, before anything reads it;
so is a file upload from anyone who may not upload files.

In production nginx refuses an over-size body first (`client_max_body_size`, rendered from
`REQUEST_BODY_MAX_BYTES` by careerguide/serve_prod.py); `RequestBodyLimitMiddleware` keeps the same limit when
gunicorn is reached without the front (a laptop, a misconfigured server): without it, CSRF checking an
anonymous 200 MB multipart POST had Django write all of it to the temporary directory before refusing it with a
403. Below that limit, a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` can only be a file upload (Django refuses any
other body that large), and only signed-in staff upload files (the admin's guide and salary imports):
`StaffUploadsOnlyMiddleware` refuses it from anyone else, where the request cannot succeed, before CSRF reads
it into a temporary file.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig

from careerguide.errors import DATABASE_OUTAGE_ERRORS, bad_request, database_unavailable


class RequestBodyTooLarge(RequestDataTooBig):
    def __init__(self, limit: int):
        super().__init__(f"Request body larger than {limit} bytes.")
        self.limit = limit


class RequestBodyLimitMiddleware:
    """413 (JSON under the API) for a declared Content-Length over `REQUEST_BODY_MAX_BYTES`, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_BODY_MAX_BYTES
        if declared_length(request) > limit:
            return bad_request(request, RequestBodyTooLarge(limit))
        return self.get_response(request)


def declared_length(request) -> int:
    """The request's Content-Length (0 for none or a malformed one, as Django's own parsing treats it)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class StaffUploadsOnlyMiddleware:
    """413 for a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` (a file upload) unless a staff member is signed in,
    unread. Below AuthenticationMiddleware; reads the session (one query, only for such bodies)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if declared_length(request) > limit:
            try:
                staff = request.user.is_staff
            except DATABASE_OUTAGE_ERRORS:
                return database_unavailable(request)
            if not staff:
                return bad_request(request, RequestBodyTooLarge(limit))
        return self.get_response(request)
