"""No lost edits in the API: writes honour `If-Match` and answer with the object's new `ETag`.

An object's ETag is the one a GET of its address returns: ConditionalGetMiddleware's quoted MD5 of the
JSON body (`django.utils.cache.set_response_etag`). A write computes it the same way, from the body a
GET would send now, so a client can GET, change, and send `If-Match` with the ETag it read; and after a
write it holds the ETag a following GET returns. An object that GET does not show (a draft role, or a
level or salary of one) has no GET to compare with: its ETag is the MD5 of the body writes return for it
(the write serializer's), so a client can still chain writes on it.

- `If-Match` on PUT, PATCH or DELETE that matches the current ETag (or is `*`): the write goes ahead, and
  PUT and PATCH answer with the new `ETag` (POST too, for the object it created).
- Any other `If-Match` (stale, or not an ETag at all): 412 with a JSON body, nothing changes. A weak
  `W/"..."` matches when its tag is the current one: it is the tag of a gzipped read (careerguide.cache
  marks the gzip body's ETag weak, as Django's GZipMiddleware does), which carries the same JSON.
- No `If-Match`: the write goes ahead, as before. It is optional so that existing clients and one-field
  PATCHes that never read the object keep working; clients that read, change and write send it.

The precondition is checked once the body is valid (a bad body is a 400 whatever the ETag), right
before the write, in the same transaction as the write and with the row locked since it was read
(`SELECT ... FOR UPDATE` on PostgreSQL), so two writes carrying the same ETag cannot both pass.
"""

import hashlib

from django.db import transaction
from django.utils.http import parse_etags, quote_etag
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, renderers, status

CONDITIONAL_METHODS = ("PUT", "PATCH", "DELETE")
WRITE_METHODS = ("POST", *CONDITIONAL_METHODS)

IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "The `ETag` you read the object with (from a GET of its address, or the response to your last "
        "write). The write happens only if the object is unchanged since; otherwise 412. Without it the "
        "write happens regardless."
    ),
)
ETAG_RESPONSE_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The object's new ETag: the one a GET of its address returns now; send it as `If-Match` next time.",
)
PRECONDITION_FAILED_DESCRIPTION = (
    "`If-Match` does not match the object's current ETag: someone changed it since you read it, or the "
    "value is not one of its ETags. Nothing was changed."
)


def body_etag(content: bytes) -> str:
    """The ETag ConditionalGetMiddleware gives a response with this body."""
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The object changed since you read it (If-Match does not match its current ETag), so nothing was "
        "changed. GET it again, apply your change to what it is now, and send its new ETag."
    )
    default_code = "precondition_failed"


class ConditionalWriteMixin:
    """For model viewsets (`careerguide.api.ModelEndpointMixin`): `If-Match` on writes, `ETag` after them.

    Uses the viewset's `get_public_queryset()` and `get_serializer_class()` with the `retrieve` action to
    build the body a GET would send. It overrides no action (`create`, `update`...), so read-only viewsets
    stay read-only.
    """

    written = None  # the object a successful POST, PUT or PATCH saved

    def current_etag(self, instance) -> str:
        """The ETag a GET of `instance` returns now, or for an object GET does not show, the MD5 of its
        write representation. Queries: those of a GET of the object (or of the write serializer)."""
        action = self.action
        self.action = "retrieve"
        try:
            public = self.get_public_queryset().filter(pk=instance.pk).first()
            serializer_class = self.get_serializer_class()
        finally:
            self.action = action
        if public is None:
            serializer = self.get_serializer(instance)
        else:
            serializer = serializer_class(public, context=self.get_serializer_context())
        return body_etag(renderers.JSONRenderer().render(serializer.data, renderers.JSONRenderer.media_type))

    def check_if_match(self, instance) -> None:
        """Raise `PreconditionFailed` unless the request's `If-Match` (if any) names `instance`'s ETag."""
        header = self.request.headers.get("If-Match")
        if header is None:
            return
        etags = parse_etags(header)
        if etags == ["*"]:
            return
        # A gzipped read's ETag is the same tag marked weak (see the module docstring).
        if self.current_etag(instance) not in {etag.removeprefix("W/") for etag in etags}:
            raise PreconditionFailed()

    def locked_for_write(self, queryset):
        """`queryset` locking the rows it reads on a conditional write (PostgreSQL; SQLite has no row locks).
        Held until the write commits: a concurrent write with the same If-Match waits, then gets 412."""
        return queryset.select_for_update() if self.request.method in CONDITIONAL_METHODS else queryset

    def dispatch(self, request, *args, **kwargs):
        # A write runs in one transaction, from the row lock to the write; an error answer rolls it back.
        if request.method not in WRITE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response

    # The precondition is checked after the body is validated, right before the write: a bad body is a 400
    # whatever the ETag, and the row is locked from the moment it was read.
    def perform_update(self, serializer):
        self.check_if_match(serializer.instance)
        super().perform_update(serializer)
        self.written = serializer.instance

    def perform_destroy(self, instance):
        self.check_if_match(instance)
        super().perform_destroy(instance)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.written = serializer.instance

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.written is not None and response.status_code in (status.HTTP_200_OK, status.HTTP_201_CREATED):
            response["ETag"] = self.current_etag(self.written)
        return response
