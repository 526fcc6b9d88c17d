"""Conventions shared by every endpoint of the JSON API (`/api/v1/`).

One home for what the product promises about every endpoint: strict pagination, bad input
answered with a 400 naming the parameter, unknown objects with a JSON 404, cacheable public
reads, model constraints checked before the database sees a write, and an OpenAPI schema
that documents all of it. Endpoints live in `roles/api.py` and `salaries/api.py`; the
policies named in settings (pagination, negotiation, filtering, errors) in `api_policies.py`.
"""

import csv
import functools
import inspect
import io
import itertools
from collections.abc import Iterable, Iterator
from copy import copy, deepcopy

import django_filters
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse, StreamingHttpResponse
from django.urls import Resolver404, resolve, reverse
from django.urls.converters import SlugConverter
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, renderers, serializers, status
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.relations import PKOnlyObject
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .api_conditional import (
    CONDITIONAL_METHODS,
    ETAG_RESPONSE_HEADER,
    IF_MATCH_PARAMETER,
    PRECONDITION_FAILED_DESCRIPTION,
    ConditionalWriteMixin,
)
from .cache import answer_early, cached_answer, serve_cached
from .constraints import constraint_errors, non_negative_fields
from .csv_cells import csv_cell
from .filters import IntegerFilter

# What a slug in an API address looks like: the pattern of the pages' `<slug:...>` path converter.
SLUG_PATTERN = SlugConverter.regex


def page_url(obj, request=None) -> str:
    """Address of `obj`'s public page (`get_absolute_url()`), absolute when there is a request."""
    path = obj.get_absolute_url()
    return request.build_absolute_uri(path) if request is not None else path


# --- CSV ------------------------------------------------------------------------------------


class CSVRenderer(renderers.BaseRenderer):
    """Rows as CSV, nested objects flattened to dotted column names (`role.slug`).

    Cells are written by `csv_cell()`: text that a spreadsheet would run as a formula gets a
    neutralising quote, so an exported file cannot execute anything.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:  # a 204 (DELETE ...?format=csv) has no body, as with JSONRenderer
            return b""
        rows = [flatten(row) for row in (data if isinstance(data, list) else [data])]
        columns = list(dict.fromkeys(key for row in rows for key in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)
        return out.getvalue().encode(self.charset)


def csv_columns(serializer, prefix: str = "") -> list[str]:
    """The dotted column names `flatten()` gives a row of `serializer` (nested serializers are expanded)."""
    columns = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            columns += csv_columns(field, f"{prefix}{name}.")
        else:
            columns.append(f"{prefix}{name}")
    return columns


def csv_stream(serializer, objects: Iterable, *, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """CSV of `objects` as `serializer` shows each one: the header, then rows in chunks, in constant memory.

    For a `StreamingHttpResponse`: the first bytes leave before the last row is read, however many
    rows there are. Cells are written like `CSVRenderer`'s. The first object is read before this returns,
    so the query runs inside the view: a database that cannot be reached is the view's 503, not a 200
    file that ends after its header.
    """
    objects = iter(objects)
    first = list(itertools.islice(objects, 1))
    return _csv_chunks(serializer, itertools.chain(first, objects), rows_per_chunk)


def _csv_chunks(serializer, objects: Iterator, rows_per_chunk: int) -> Iterator[bytes]:
    columns = csv_columns(serializer)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def drain() -> bytes:
        data = buffer.getvalue().encode(CSVRenderer.charset)
        buffer.seek(0)
        buffer.truncate()
        return data

    writer.writerow(columns)
    yield drain()
    for number, obj in enumerate(objects, start=1):
        row = flatten(serializer.to_representation(obj))
        writer.writerow([csv_cell(row.get(column)) for column in columns])
        if number % rows_per_chunk == 0:
            yield drain()
    yield drain()


def flatten(row: dict, prefix: str = "") -> dict:
    """`{"role": {"slug": "a"}}` becomes `{"role.slug": "a"}`; lists are joined with "; "."""
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(item) for item in value)
        else:
            flat[name] = value
    return flat


# --- Filtering ------------------------------------------------------------------------------


class FilterBackendExtension(DjangoFilterExtension):
    """Document each filter's bounds (minimum, maximum, length, pattern) as well as its type.

    drf-spectacular's extension gives only types; without bounds the schema would promise that
    `min_usd=-1` is acceptable when the API rightly rejects it.
    """

    target_class = "careerguide.api_policies.FilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        extra = filter_field.extra
        bounds = {
            "minimum": extra.get("min_value"),
            "maximum": extra.get("max_value"),
            "minLength": extra.get("min_length"),
            "maxLength": extra.get("max_length"),
        }
        patterns = [v.regex.pattern for v in extra.get("validators", []) if hasattr(v, "regex")]
        for parameter in parameters:
            schema = parameter["schema"]
            if schema.get("type") == "array":
                continue
            schema.update({key: value for key, value in bounds.items() if value is not None})
            if isinstance(filter_field, IntegerFilter):  # on an annotation there is no model field to say so
                schema["type"] = "integer"
                schema.pop("format", None)
            for key in ("minimum", "maximum"):
                if key in schema:
                    schema[key] = float(schema[key]) if schema.get("type") == "number" else int(schema[key])
            if patterns:
                schema["pattern"] = patterns[0]
            if extra.get("decimal_places") is not None and schema.get("type") == "number":
                schema["multipleOf"] = float(f"1e-{extra['decimal_places']}")
            if isinstance(filter_field, django_filters.ModelChoiceFilter):
                meta = filter_field.queryset.model._meta
                to_field = extra.get("to_field_name")
                target = meta.get_field(to_field) if to_field else meta.pk
                schema.update(model_field_value_schema(target))
            elif schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
                schema["pattern"] = NO_NUL_PATTERN  # Django's form fields refuse NUL characters
            # An empty value (`?role=`, as a page's form sends "any") filters nothing, and is accepted.
            if "enum" in schema and "" not in schema["enum"]:
                schema["enum"].append("")
            if schema.get("type") == "string" and "pattern" in schema:
                schema["pattern"] = f"^(?:{schema['pattern'].removeprefix('^').removesuffix('$')})?$"
                schema.pop("minLength", None)
        return parameters


ARRAY_FORMS_DESCRIPTION = (
    "Several values: repeat the parameter (`?{name}=a&{name}=b`, as generated clients send arrays) "
    "or separate them with commas (`?{name}=a,b`); both mean the same."
)


def document_array_parameters(result, generator, request, public):
    """drf-spectacular postprocessing hook: every array query parameter as the server reads it
    (`careerguide.filters.query_array`).

    OpenAPI lets a parameter declare one serialisation; the repeated form (`style: form,
    explode: true`) is the default that client generators send, so that is the one declared, and
    the description adds the comma-separated form, which is accepted too. (drf-spectacular
    declares django-filter's CSV filters as `explode: false`, which only the comma form matches.)
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query" or parameter.get("schema", {}).get("type") != "array":
                    continue
                parameter["style"] = "form"
                parameter["explode"] = True
                note = ARRAY_FORMS_DESCRIPTION.format(name=parameter["name"])
                parameter["description"] = f"{parameter.get('description', '').strip()}\n\n{note}".strip()
    return result


# --- Value constraints ------------------------------------------------------------------------

# Django's and DRF's text fields refuse NUL characters ("Null characters are not allowed.").
NO_NUL_PATTERN = "^[^\\u0000]*$"
# The same for a text field that may be blank: drf-spectacular adds the blank value itself as a
# second `oneOf` choice, which must not overlap this one.
NO_NUL_NOT_EMPTY_PATTERN = "^[^\\u0000]+$"
# ...and a required text field (allow_blank=False) is stripped first, so it needs a visible character.
NOT_BLANK_PATTERN = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


def model_field_value_schema(field) -> dict:
    """Pattern and length of the values a model field (the key of a reference) can hold.

    A slug has the slug pattern; an integer key is a positive integer; other text keys (a currency
    code) their length. Whether the object exists is data, not something a schema can say.
    """
    if isinstance(field, models.SlugField):
        return {"type": "string", "pattern": f"^{SLUG_PATTERN}$", "maxLength": field.max_length}
    if isinstance(field, models.AutoField | models.IntegerField):
        return {"type": "integer", "minimum": 1}
    if isinstance(field, models.CharField):
        return {"type": "string", "pattern": NO_NUL_PATTERN, "minLength": 1, "maxLength": field.max_length}
    return {}


def decimal_pattern(field: serializers.DecimalField, *, negative: bool) -> str:
    """The decimal strings `field` accepts: at most its digits before and after the point, no blank.

    drf-spectacular's own pattern (`^-?\\d{0,12}(?:\\.\\d{0,2})?$`) also matches "", "-" and ".",
    which DRF rejects. `negative=False` when the value must be at least 0 (a minimum or a model
    constraint), which the minus sign would break.
    """
    whole = field.max_digits - field.decimal_places
    fraction = f"(?:\\.\\d{{1,{field.decimal_places}}})?" if field.decimal_places else ""
    return f"^{'-?' if negative else ''}\\d{{1,{whole}}}{fraction}$"


# --- Errors ---------------------------------------------------------------------------------


ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "An error. `detail` explains it; for invalid input each offending parameter or field "
        "is a key holding a list of messages."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def exception_handler(exc, context):
    """DRF's handler, plus: every error body is a JSON object, and data conflicts are a 409, not a 500.

    A delete blocked by PROTECT/RESTRICT foreign keys, or a write that loses a race with another
    on a unique constraint, reaches here as a Django exception.
    """
    if isinstance(exc, ProtectedError | RestrictedError):
        blocking = sorted({str(obj) for obj in exc.args[1]})[:5]
        exc = Conflict(f"Still in use, so it cannot be deleted: {', '.join(blocking)}.")
    elif isinstance(exc, IntegrityError):
        exc = Conflict("The change conflicts with existing data; reload and try again.")
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the data."
    default_code = "conflict"


# --- Schema ---------------------------------------------------------------------------------

# The private drf-spectacular and DRF methods overridden or used below were checked against these
# versions (pinned in pyproject.toml); tests/test_careerguide_api.py fails when either changes, so
# that an upgrade re-checks them.
CHECKED_LIBRARY_VERSIONS = {"drf-spectacular": "0.30.0", "djangorestframework": "3.18.3"}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema with the API's error conventions documented on every operation.

    Reads: 400 (bad query parameter) and 404 (unknown object, page past the end); writes: 400,
    401, 403 and 404; everything: 429 (anonymous throttle). Views add their own with
    `extend_schema(responses=...)` (e.g. 409), which take precedence.

    drf-spectacular has no public hook that adds responses to every operation, so this overrides
    its private `_get_response_bodies` (see CHECKED_LIBRARY_VERSIONS).
    """

    def _error_codes(self) -> dict[str, str]:
        has_path_params = "{" in self.path
        is_list = getattr(self.view, "action", None) == "list"
        codes = {}
        if self.method in SAFE_METHODS:
            takes_query = getattr(self.view, "filterset_class", None) or self.get_override_parameters()
            if is_list or takes_query or len(self.view.get_renderers()) > 1:
                codes["400"] = "A query parameter is invalid; the body names it."
            if has_path_params:
                codes["404"] = "No such object, or it is not published; the body says what was looked for."
            elif is_list:
                codes["404"] = "The page is past the last one; the body says which page is the last."
        elif getattr(self.view, "changes_nothing", False):
            codes["400"] = "The request body is invalid; the body names each bad field."
            if has_path_params:
                codes["404"] = "No such object, or it is not published; the body says what was looked for."
        else:
            codes["400"] = "The request body is invalid; the body names each bad field."
            codes["401"] = "No credentials: send `Authorization: Token <key>` (or log in and send the CSRF token)."
            codes["403"] = "Authenticated, but without the Django model permission this change needs."
            if has_path_params:
                codes["404"] = "No such object; the body says what was looked for."
            if self.method in CONDITIONAL_METHODS and isinstance(self.view, ConditionalWriteMixin):
                codes["412"] = PRECONDITION_FAILED_DESCRIPTION
        codes["429"] = "Too many anonymous requests; retry after the number of seconds in Retry-After."
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        component = ResolvedComponent(name="Error", type=ResolvedComponent.SCHEMA, schema=ERROR_SCHEMA, object="Error")
        self.registry.register_on_missing(component)
        for code, description in self._error_codes().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(component.ref, description), code, ["application/json"], direction
                )
        for response in responses.values():
            content = response.get("content", {})
            # A CSV answer is one text file, whatever the JSON one holds (drf-spectacular would give it
            # the serializer's schema). A list that exports CSV says so on its 200.
            if "text/csv" in content or (self._is_csv_list() and "application/json" in content):
                content["text/csv"] = {"schema": {"type": "string"}}
        return responses

    def _is_csv_list(self) -> bool:
        return isinstance(self.view, CSVExportMixin) and getattr(self.view, "action", None) == "list"

    def _map_basic_serializer(self, serializer, direction):
        """drf-spectacular's schema of a serializer, closed (`additionalProperties: false`) for a request body
        whose serializer refuses unknown fields (`rejects_unknown_fields = True`), so that clients built from
        the schema know it. Overrides a private method (see CHECKED_LIBRARY_VERSIONS)."""
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and getattr(serializer, "rejects_unknown_fields", False):
            schema["additionalProperties"] = False
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """drf-spectacular's schema of a field, plus the constraints DRF enforces that it leaves out.

        References (`SlugRelatedField`, `PrimaryKeyRelatedField`) get the pattern of the key they
        name, decimals a pattern DRF accepts, text no NUL characters and, when required, a visible
        character. Overrides a private method (see CHECKED_LIBRARY_VERSIONS): drf-spectacular has no
        public hook for every field of every serializer.
        """
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if field.read_only or "$ref" in schema or "oneOf" in schema or "allOf" in schema:
            return schema
        if isinstance(field, serializers.SlugRelatedField):
            schema.update(model_field_value_schema(field.queryset.model._meta.get_field(field.slug_field)))
        elif isinstance(field, serializers.PrimaryKeyRelatedField):
            schema.update(model_field_value_schema(field.queryset.model._meta.pk))
        elif isinstance(field, serializers.DecimalField) and schema.get("type") == "string":
            schema["pattern"] = decimal_pattern(field, negative=not self._at_least_zero(field))
        elif (
            isinstance(field, serializers.CharField)
            and schema.get("type") == "string"
            and "format" not in schema
            and not any(hasattr(validator, "regex") for validator in field.validators)  # a slug has its pattern
        ):
            schema["pattern"] = NO_NUL_NOT_EMPTY_PATTERN if field.allow_blank else NOT_BLANK_PATTERN
        return schema

    @staticmethod
    def _at_least_zero(field) -> bool:
        """Whether a decimal field must be at least 0: its own minimum, or a `non_negative` model constraint."""
        if field.min_value is not None and field.min_value >= 0:
            return True
        model = getattr(getattr(field.parent, "Meta", None), "model", None)
        return model is not None and field.source in non_negative_fields(model)

    def _tokenize_path(self):
        # A download's address ends in a file extension (`/api/v1/roles.csv`): its operation is named
        # and tagged like the list it exports (`roles_csv_retrieve`, tag `roles`).
        return [part for token in super()._tokenize_path() for part in token.split(".")]

    def get_override_parameters(self):
        # Conditional writes (careerguide.api_conditional): If-Match in, the new ETag out.
        parameters = super().get_override_parameters()
        if self._is_csv_list():
            parameters = [*parameters, CSV_FORMAT_PARAMETER]
        if isinstance(self.view, ConditionalWriteMixin) and self.method in (*CONDITIONAL_METHODS, "POST"):
            if self.method in CONDITIONAL_METHODS:
                parameters = [*parameters, IF_MATCH_PARAMETER]
            if self.method != "DELETE":
                parameters = [*parameters, ETAG_RESPONSE_HEADER]
        return parameters

    def get_auth(self):
        # Reads and computations are the same for everyone, so they carry no security requirement at
        # all: an empty `[{}]` ("optional") still makes client generators demand credentials
        # (openapi-python-client types the call as needing an AuthenticatedClient) and Swagger UI
        # draw a lock. Writes need a token or a session.
        if self.method in SAFE_METHODS or getattr(self.view, "changes_nothing", False):
            return []
        return super().get_auth()


# --- Views ----------------------------------------------------------------------------------


class CachedReadMixin:
    """Successful reads are public and cacheable; errors are always JSON.

    `Cache-Control: public, max-age=API_CACHE_SECONDS` suits data that is the same for every
    client; ETags and 304s come from ConditionalGetMiddleware. An error is rendered as JSON
    even when the client asked for `?format=csv`.

    A read already in the shared cache (careerguide.cache) is answered in `dispatch`, before DRF wraps
    the request, authenticates, negotiates and renders: only the throttle runs, so cached reads still
    count against it. The entry was stored from an anonymous 200 of the same URL (and the same `Accept`
    where the view offers several formats), so the permissions that allowed it allow this one.
    """

    def cache_vary(self) -> tuple[str, ...]:
        """Request headers (META names) a read's answer depends on besides its URL: `Accept`, when the
        view offers several formats (DRF negotiates from it)."""
        return ("HTTP_ACCEPT",) if len(self.renderer_classes) > 1 else ()

    def dispatch(self, request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            # From now on this process answers the address's hits in EarlyHitMiddleware, counted by the same
            # throttles there; a miss, a refused read or one that is not cacheable comes here as before.
            answer_early(request, self.cache_vary(), gate=throttles_allow_early)
            hit = cached_answer(request, self.cache_vary())
            if hit is not None and self.throttles_allow(request, *args, **kwargs):
                return hit
        # A miss (its lookup is kept on the request, so serve_cached does not read again), a write, or a
        # throttled read, which the full pipeline answers with its 429.
        return super().dispatch(request, *args, **kwargs)

    def throttles_allow(self, request, *args, **kwargs) -> bool:
        """Whether every throttle lets this anonymous read through; each one that does records it, as in
        DRF's `check_throttles` (every throttle is asked)."""
        self.args, self.kwargs, self.headers = args, kwargs, {}
        self.request = Request(request, authenticators=())  # no credentials: a cacheable read is anonymous
        allowed = [throttle.allow_request(self.request, self) for throttle in self.get_throttles()]
        return all(allowed)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The format is negotiated by now. Links in the body name resources, not one rendering
        # of them, so `?format=csv` must not be copied into them (DRF's reverse() would). DRF has
        # no public way to say so; `request._request` is the wrapped HttpRequest (see
        # CHECKED_LIBRARY_VERSIONS).
        override = api_settings.URL_FORMAT_OVERRIDE
        if override in request._request.GET:
            query = request._request.GET.copy()
            query.pop(override)
            request._request.GET = query

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and renderer is not None and not isinstance(renderer, renderers.JSONRenderer):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in SAFE_METHODS and response.status_code == status.HTTP_200_OK:
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
            # A signed-in session can read more (drafts), so the answer varies on the cookie. Said here, not
            # only by the session middleware on the way out, so that the stored entry, and the hits answered
            # from it without that middleware, say it too.
            patch_vary_headers(response, ("Cookie",))
        return response


def throttles_allow_early(request, match) -> bool:
    """EarlyHitMiddleware's gate for a cached API read: whether the throttles of the view `match` resolved to let
    it through, counting it as DRF would (`CachedReadMixin.throttles_allow`), on a view made as DRF's `as_view()`
    makes one."""
    view_class = getattr(match.func, "cls", None)
    if view_class is None:  # not a DRF view after all: its own dispatch decides
        return False
    view = view_class(**match.func.initkwargs)
    return view.throttles_allow(request, *match.args, **match.kwargs)


class ComputeEndpointMixin:
    """A POST that computes an answer from its JSON body and changes nothing (the self-assessment).

    Open to anonymous clients like a read and throttled like one; no authentication is attempted, so
    no session and no CSRF token are involved, and the answer is never stored by a cache
    (`Cache-Control: private, no-store`: it echoes what the client sent). The schema documents it as
    anonymous, with 400, 404 and 429 (`AutoSchema`).
    """

    changes_nothing = True
    authentication_classes = []
    permission_classes = [AllowAny]
    http_method_names = ["post", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response


CSV_FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description=(
        "`csv` answers every matching row (not one page) as CSV, nested fields as dotted columns; the same "
        "file as the list's `.csv` operation, which generated clients should call instead (one answer type "
        "per operation)."
    ),
)
CSV_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR, description="Every matching row as CSV, nested fields as dotted columns."
)


class CSVExportMixin:
    """A list that is also a CSV file: `?format=csv` on the list, and `<list>.csv` (e.g. `/api/v1/roles.csv`), an
    operation of its own answering only CSV, so that generated clients (which read one media type per
    operation) can download it. `api_urls` adds the `.csv` address for every viewset with this mixin.

    The file is every matching row in the list's order, filtered like the list, not one page of it, and
    streamed from a database cursor: constant memory and a quick first byte at any size. Errors stay JSON.
    `csv_file_name` names the download.
    """

    export_action = "export_csv"
    csv_file_name = "careerguide.csv"

    def get_renderers(self):
        if self.action == self.export_action:
            return [CSVRenderer()]
        # No action: a method this address does not take, which must answer 405 whatever format was asked.
        if self.action in ("list", None):
            return [renderers.JSONRenderer(), CSVRenderer()]
        return super().get_renderers()

    def list(self, request, *args, **kwargs):
        if not isinstance(request.accepted_renderer, CSVRenderer):
            return super().list(request, *args, **kwargs)
        # The schema documents `page` and `page_size` for the list in either format: a malformed one is
        # the same 400, even though the file is not paged.
        self.paginator.check_query(request)
        return self.export_csv(request, *args, **kwargs)

    @extend_schema(summary="Download as CSV", filters=True, responses={(200, "text/csv"): CSV_RESPONSE})
    def export_csv(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        rows = csv_stream(self.get_serializer(), queryset.iterator(chunk_size=2000))
        return StreamingHttpResponse(rows, content_type=f"text/csv; charset={CSVRenderer.charset}")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            response["Content-Disposition"] = f'attachment; filename="{self.csv_file_name}"'
        return response


class ModelEndpointMixin(ConditionalWriteMixin, CachedReadMixin):
    """What every model viewset shares.

    - Reads see published data only (`get_public_queryset()`, built from the model's QuerySet
      methods); writes look objects up among all of them (`get_editable_queryset()`), since
      editors may change unpublished ones. Writes are allowed by the Django model permissions.
    - The shared FilterSet (`filterset_class`) applies to lists only, not to single objects.
    - An unknown object is a 404 that says what was looked for.
    - PUT, PATCH and DELETE honour `If-Match` (412 when stale) and writes return the new `ETag`
      (`ConditionalWriteMixin`).
    """

    def get_public_queryset(self):
        raise NotImplementedError

    # Reads are answered from the shared cache while the content is unchanged (careerguide.cache).
    # Inside the handler, so authentication and the anonymous throttle have already run.
    def list(self, request, *args, **kwargs):
        return serve_cached(request, lambda: super(ModelEndpointMixin, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return serve_cached(request, lambda: super(ModelEndpointMixin, self).retrieve(request, *args, **kwargs))

    def get_editable_queryset(self):
        return self.get_public_queryset().model.objects.all()

    def get_queryset(self):
        if self.request.method in SAFE_METHODS:
            return self.get_public_queryset()
        return self.locked_for_write(self.get_editable_queryset())

    def filter_queryset(self, queryset):
        if self.action not in ("list", CSVExportMixin.export_action):
            return queryset
        return super().filter_queryset(queryset)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            lookup = self.lookup_url_kwarg or self.lookup_field
            model = self.get_queryset().model._meta.verbose_name
            value = str(self.kwargs.get(lookup, ""))[:100]
            published = "published " if self.request.method in SAFE_METHODS else ""
            field = "id" if self.lookup_field == "pk" else self.lookup_field
            raise exceptions.NotFound(f"No {published}{model} with {field} {value!r}.") from None


@csrf_exempt  # it changes nothing; a PUT to a wrong address deserves a JSON 404, not a CSRF page
def api_not_found(request, path=""):
    """JSON 404 for any address under the API that matches no endpoint (Django's would be HTML).

    A GET for a known endpoint without its trailing slash is redirected, as APPEND_SLASH would.
    """
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    root = reverse("api:api-root")
    return JsonResponse(
        {"detail": f"No API endpoint at {request.path[:200]!r}; the list of endpoints is at {root}."}, status=404
    )


# JSON type each kind of serializer field takes in a request body (checked in this order), as the
# schema documents it: decimals travel as strings, exactly as responses render them.
_JSON_TYPES = [
    (serializers.BooleanField, bool, "a boolean"),
    (serializers.IntegerField, int, "an integer"),
    (serializers.DecimalField, str, 'a decimal number written as a string, e.g. "120000.00"'),
    (serializers.PrimaryKeyRelatedField, int, "an integer id"),
    (serializers.SlugRelatedField, str, "a slug"),
    (serializers.CharField, str, "a string"),
    (serializers.ChoiceField, str, "a string"),
    (serializers.DateField, str, "a date string (YYYY-MM-DD)"),
    (serializers.DateTimeField, str, "a date-time string (ISO 8601)"),
]


class StrictJSONTypesMixin:
    """For a serializer that reads a JSON body: each field takes exactly the JSON type the schema
    documents (DRF on its own would accept `0` for a boolean or `"5"` for an integer and quietly
    convert it); anything else is a 400 naming the field and the type it expects."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {}
            for name, value in data.items():
                field = self.fields.get(name)
                if field is None or field.read_only or value is None:
                    continue
                expected = next(((t, label) for cls, t, label in _JSON_TYPES if isinstance(field, cls)), None)
                if expected and (
                    not isinstance(value, expected[0]) or (expected[0] is int and isinstance(value, bool))
                ):
                    errors[name] = [f"Expected {expected[1]}, got {type(value).__name__}."]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class RejectUnknownFieldsMixin:
    """For a serializer that reads a JSON body: a field it does not know is a 400 naming it (DRF on its own
    drops it silently, so a misspelt field looks saved). Read-only fields, such as a `url` sent back from a
    read, are known and ignored. The schema says so (`AutoSchema`, `additionalProperties: false`)."""

    rejects_unknown_fields = True

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = [name for name in data if name not in self.fields]
            if unknown:
                known = ", ".join(self.fields)
                raise serializers.ValidationError(
                    {name: [f"Unknown field; the fields are: {known}."] for name in unknown}
                )
        return super().to_internal_value(data)


class ReadModelSerializer(serializers.ModelSerializer):
    # No docstring on purpose: drf-spectacular publishes the nearest docstring in a serializer's own classes as
    # its OpenAPI description, so one here would describe every subclass without one of its own.
    #
    # A ModelSerializer whose fields are worked out from the model once per class, not once per instance.
    # DRF builds every serializer's fields again for each instance, inspecting the model each time; a guide
    # in the API nests some thirty serializers, so that was about a fifth of rendering one. What it builds
    # depends only on the class (`Meta` and the declared fields), so it is built once and each instance
    # gets a copy, as DRF copies declared fields. A subclass must not make its fields depend on its context.

    _built_fields: dict = {}  # serializer class -> its unbound fields, shared by every subclass

    def get_fields(self):
        built = ReadModelSerializer._built_fields.get(type(self))
        if built is None:
            built = ReadModelSerializer._built_fields[type(self)] = super().get_fields()
        # Shallow copies of plain fields: binding sets attributes of the copy only, and a read never changes
        # a field; DRF's deep copy re-ran every field's `__init__` (issue 22). A field holding fields is still
        # copied deeply: what it holds is bound to it, and through it to the root holding the context (the
        # request, for absolute links).
        return {name: deepcopy(field) if _holds_fields(field) else copy(field) for name, field in built.items()}

    def to_representation(self, instance):
        # DRF's loop, except that a plain field reading one attribute of a model instance reads it directly:
        # a loaded column as it is, a method DRF would call (`get_kind_display`) called, without DRF
        # inspecting the method's signature again for every row (issue 22). Anything else goes DRF's way.
        if not isinstance(instance, models.Model):
            return super().to_representation(instance)
        loaded, model = instance.__dict__, type(instance)
        representation = {}
        for field in self._readable_fields:
            attrs = field.source_attrs
            if len(attrs) != 1 or type(field).get_attribute is not serializers.Field.get_attribute:
                value = _drf_attribute(field, instance)
            elif attrs[0] in loaded and attrs[0] in _column_names(model):
                value = loaded[attrs[0]]
            elif _is_plain_method(model, attrs[0]):
                value = getattr(instance, attrs[0])()
            else:
                value = _drf_attribute(field, instance)
            if value is _SKIP:
                continue
            if isinstance(value, PKOnlyObject):
                value = value if value.pk is not None else None
            representation[field.field_name] = None if value is None else field.to_representation(value)
        return representation


_SKIP = object()  # a field DRF leaves out (SkipField)


def _drf_attribute(field, instance):
    try:
        return field.get_attribute(instance)
    except serializers.SkipField:
        return _SKIP


@functools.cache
def _column_names(model) -> frozenset:
    """The attribute names of `model`'s own columns (`currency_id` for a foreign key)."""
    return frozenset(field.attname for field in model._meta.concrete_fields)


@functools.cache
def _is_plain_method(model, name: str) -> bool:
    """Whether `name` is a method of `model` that DRF calls for a field's value: one needing no argument
    (DRF's `is_simple_callable`), such as Django's `get_kind_display`."""
    defined = inspect.getattr_static(model, name, None)
    if not (inspect.isfunction(defined) or isinstance(defined, functools.partialmethod)):
        return False
    parameters = list(inspect.signature(getattr(model, name)).parameters.values())[1:]  # all but `self`
    return all(
        parameter.default is not inspect.Parameter.empty
        or parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        for parameter in parameters
    )


def _holds_fields(field) -> bool:
    """Whether `field` binds other fields to itself (a serializer, `many=True`, ListField, DictField)."""
    return isinstance(field, serializers.BaseSerializer) or hasattr(field, "child") or hasattr(field, "child_relation")


class WriteSerializer(RejectUnknownFieldsMixin, StrictJSONTypesMixin, serializers.ModelSerializer):
    """Base for serializers that create and change objects.

    - A field it does not know is a 400 naming it (`RejectUnknownFieldsMixin`).
    - Each field takes exactly the JSON type the schema documents (`StrictJSONTypesMixin`).
    - The model's declared constraints (CheckConstraint, UniqueConstraint) are checked in
      `validate()`: a write breaking e.g. `usd_min <= usd_max` is a 400 keyed by the field the
      constraint names, with the constraint's own sentence (the one the admin shows), not an
      IntegrityError from the database. DRF's own unique-together validators, whose message
      names no field, are replaced by that check.
    """

    def get_unique_together_validators(self):
        return []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = copy(self.instance) if self.instance is not None else self.Meta.model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        errors = {}
        for field, messages in constraint_errors(instance).items():
            key = field if field in self.fields and field != NON_FIELD_ERRORS else api_settings.NON_FIELD_ERRORS_KEY
            errors.setdefault(key, []).extend(message.messages[0] for message in messages)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


@extend_schema_field({"type": "string", "format": "uri", "description": "The public page for this, on the website."})
class PageURLField(serializers.Field):
    """The absolute address of the object's public page (`get_absolute_url()`)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return page_url(value, self.context.get("request"))
