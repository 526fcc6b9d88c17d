"""API policies named in `REST_FRAMEWORK` settings that DRF loads while it defines its views:
pagination, negotiation, filtering, permissions, the throttle and the JSON parser.

DRF imports these classes while it defines `APIView` and `GenericAPIView`, so this module must
not import `rest_framework.views`, `rest_framework.generics` or anything that does (such as
drf-spectacular); the rest of the API's shared code, including the exception handler (looked
up per request), is in `careerguide/api.py`.
"""

import re

from django.core.cache import caches
from django.core.paginator import InvalidPage
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination, parsers, permissions, throttling
from rest_framework.negotiation import DefaultContentNegotiation

# No body the API reads nests more than three levels; a hundred leaves room and refuses the deep arrays that
# would exhaust Python's recursion limit (a 500 per request) in the parser or anything walking the result.
MAX_JSON_DEPTH = 100
MAX_PAGE_SIZE = 200
MAX_PAGE_NUMBER = 999_999_999
_WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M` (M up to 200).

    A malformed value is a 400 and a page past the end a 404, each naming its parameter.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def _whole_number(self, request, name: str, maximum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None  # an empty value is malformed too: the schema says a whole number
        if not _WHOLE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= maximum:
            raise exceptions.ValidationError({name: [f"Use a whole number from 1 to {maximum} (got {raw[:20]!r})."]})
        return int(raw)

    def get_page_size(self, request):
        return self._whole_number(request, self.page_size_query_param, self.max_page_size) or self.page_size

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return paginator.num_pages
        return self._whole_number(request, self.page_query_param, MAX_PAGE_NUMBER) or 1

    def check_query(self, request) -> None:
        """Check `page` and `page_size` as `paginate_queryset()` does, for a response that is not paged.

        A CSV export is every row, so it uses neither; but the schema documents both for the list,
        so a malformed value is the same 400 in either format.
        """
        self.get_page_size(request)
        if request.query_params.get(self.page_query_param) not in self.last_page_strings:
            self._whole_number(request, self.page_query_param, MAX_PAGE_NUMBER)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise exceptions.NotFound(
                {self.page_query_param: [f"There is no page {number}; the last page is {paginator.num_pages}."]}
            ) from None
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        page, page_size = super().get_schema_operation_parameters(view)
        page["schema"].update(minimum=1, maximum=MAX_PAGE_NUMBER)
        page["description"] = "Page number, from 1. A page past the last one is a 404."
        page_size["schema"].update(minimum=1, maximum=self.max_page_size)
        page_size["description"] = f"Results per page (default {self.page_size}, at most {self.max_page_size})."
        return [page, page_size]


class FormatNegotiation(DefaultContentNegotiation):
    """Like DRF's, but `?format=<unknown>` is a 400 naming `format` instead of a bare 404."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            if format_suffix:
                raise
            offered = ", ".join(renderer.format for renderer in renderers)
            wanted = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE, "")[:20]
            raise exceptions.ValidationError(
                {"format": [f"Unknown format {wanted!r}; use one of: {offered}."]}
            ) from None


class FilterBackend(DjangoFilterBackend):
    """The shared FilterSets, strictly: an invalid value is a 400 keyed by the parameter's name."""

    raise_exception = True


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """DRF's rule (anyone may read; writes need the Django model permission), without building the
    view's queryset for a read.

    DRF calls `view.get_queryset()` on every request only to learn the model, even for a read, which
    its `perms_map` maps to no permission at all. Building the guide's queryset (its prefetches and
    annotations) took about 10 ms: a third of a cached API read.
    """

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().has_permission(request, view)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing a body nested deeper than `MAX_JSON_DEPTH` with a 400."""

    too_deep = f"JSON parse error - the body nests deeper than {MAX_JSON_DEPTH} levels."

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(self.too_deep) from None
        if _depth_exceeds(data, MAX_JSON_DEPTH):
            raise exceptions.ParseError(self.too_deep)
        return data


def _depth_exceeds(data, limit: int) -> bool:
    """Whether lists and objects in `data` nest deeper than `limit`; walked with a stack, not recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's anonymous throttle, counting in the `throttle` cache (careerguide.throttle_cache), where page
    entries cannot evict the counters and, without Redis, each process still counts.

    With Redis, the same sliding window is kept by Redis in one round trip of a few bytes
    (`ThrottleRedisCache.record_request`) instead of DRF's read and write of the client's whole history."""

    @property
    def cache(self):
        return caches["throttle"]

    def allow_request(self, request, view):
        record = getattr(self.cache, "record_request", None)
        if self.rate is None or record is None:
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        recorded = record(self.key, self.now, self.duration, self.num_requests)
        if recorded is None:  # Redis away: DRF's history, in this process's memory
            return super().allow_request(request, view)
        allowed, self.window_count, self.window_oldest = recorded
        return allowed

    def wait(self):
        """DRF's `wait()`, from the counts Redis answered when it kept the window."""
        if not hasattr(self, "window_count"):
            return super().wait()
        remaining = self.duration - (self.now - self.window_oldest) if self.window_oldest else self.duration
        available = self.num_requests - self.window_count + 1
        return None if available <= 0 else remaining / float(available)
