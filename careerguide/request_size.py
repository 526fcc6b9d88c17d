"""A request body larger than any the site accepts is refused from its Content-Length, before anything reads it.

In production nginx refuses it first (`client_max_body_size`, rendered from `REQUEST_BODY_MAX_BYTES` by
scripts/serve-prod); this keeps the same limit when gunicorn is reached without the front (a laptop, a
misconfigured server): without it, CSRF checking an anonymous 200 MB multipart POST had Django write all of it to
the temporary directory before refusing it with a 403.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig

from careerguide.errors import bad_request


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
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django's own parsing treats a malformed length as no body
        if length > limit:
            return bad_request(request, RequestBodyTooLarge(limit))
        return self.get_response(request)
