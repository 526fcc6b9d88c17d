"""Caching that is always fresh: anonymous reads are cached under the current *content version*.

Every cached page and API response is stored under a key that starts with the content version, a
value kept in the database (careerguide.content_version), so that no cache outage can hide a change.
Any change to the content (admin, API write, CSV or guide import, `load_guides`) calls
`bump_content_version()`, so every key changes within a second on every app server and stale entries
are never read again (they expire by themselves). Only anonymous GET/HEAD
requests are served from the cache: a signed-in user (staff previewing a draft, an editor) always
gets a fresh response, and only public, successful, non-streaming responses are stored.

What a hit costs is kept to one small cache read and no re-encoding:

- The key of an answer is `careerguide.cache_keys.cache_key()` (the path, the query parameters the view
  reads in canonical order, and the request headers the answer varies on; never the Host or cookies, so a
  flood of junk addresses cannot multiply entries), prefixed with the content version by `versioned_key()`.
  The version is read from the database at most once a second per process. An entry never changes under
  its versioned key, so each process also keeps the entries it used last (`local_entries`, bounded by
  `RESPONSE_CACHE_LOCAL_MIB`): a hit then costs no round trip at all, and a change made on any app server
  is seen within a second.
- An entry holds the answer's status, headers, ETag and body once per content encoding (identity and
  gzip), compressed once when the entry is made. A hit picks the body the client accepts and is sent
  as it is; `careerguide.compression` leaves an encoded body alone.
- A hit for a client without a session cookie is answered by `EarlyHitMiddleware`, before the session, CSRF,
  authentication and message middleware and the view, for the URL patterns registered by `answer_early()`:
  public pages (`serve_cached(..., early=True)`) and API reads (careerguide.api.CachedReadMixin), whose
  `gate` counts the read against the API throttle first, so an API hit is one small Redis round trip.
"""

import gzip
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from email.utils import formatdate

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import quote_etag

from . import cache_keys
from . import content_version as careerguide_content_version
from .site_url import use_site_url

# Answers carry this header so load tests and operators can see whether the cache served them.
CACHE_STATUS_HEADER = "X-Cache"
# Below this size compressing is not worth a header (Django's GZipMiddleware uses the same floor).
MIN_COMPRESSED_BYTES = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers a stored answer may vary on without their values being part of its key: the encoding is chosen
# from the entry's bodies; a cacheable request has no session cookie; CORS headers are added outside
# the view (CorsMiddleware), so they are never stored.
VARY_WITHOUT_KEY = frozenset({"accept-encoding", "cookie", "origin"})
# Headers the entry sets itself, per encoding, or that belong to one answer only.
NOT_STORED = frozenset({"content-length", "content-encoding", "etag", CACHE_STATUS_HEADER.lower()})
# Where the (version, key, entry) of a request's lookup is kept, so that a view asked through the API's
# early lookup (careerguide.api.CachedReadMixin) does not read the cache again on a miss.
LOOKUP_ATTRIBUTE = "_careerguide_cache_lookup"
# URL pattern (cache_keys.pattern_of) -> (the `vary` of its answers, the gate asked before a hit is answered, or
# None): hits that EarlyHitMiddleware may answer (`answer_early()`). Learnt in each process, like the query
# parameters a view reads.
EarlyGate = Callable[[HttpRequest, ResolverMatch], bool]
early_patterns: dict[str, tuple[tuple[str, ...], EarlyGate | None]] = {}


def content_version() -> str | None:
    """The current content version: the time (ns) of the last change, kept in the database and read at most
    once a second per process (careerguide.content_version). None when it cannot be confirmed: the request
    is then answered without the cache, since an entry of an older version might be served."""
    return careerguide_content_version.current()


def bump_content_version() -> None:
    """Make every cached page and response stale: at once in this process, within a second in the others,
    whatever happened to the cache (the version is written in the database, with the change)."""
    careerguide_content_version.bump()


def last_modified(version: str) -> str:
    """The HTTP date of a content version (the moment of the last change it records)."""
    try:
        return formatdate(int(version) / 1e9, usegmt=True)
    except ValueError:
        return formatdate(usegmt=True)


def is_cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GET or HEAD: no signed-in user (staff, editors) and no API credentials.

    A session cookie alone does not make a request personal: one that names no signed-in user (a junk or
    expired `sessionid`) is served from the cache like any anonymous read, at the cost of one session read,
    instead of a full render each time."""
    return (
        settings.RESPONSE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and (settings.SESSION_COOKIE_NAME not in request.COOKIES or not _signed_in(request))
    )


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is None or user.is_authenticated


def versioned_key(version: str, key: str) -> str:
    """The key an entry is stored under while `version` is the content version."""
    return f"careerguide:{version}:{key}"


class LocalEntries:
    """The entries this process read or made most recently, by versioned key, up to `budget` bytes of body.

    An entry never changes under its versioned key (a content change makes a new version, hence new keys),
    so a copy held in process is as fresh as the shared one: a hit then costs one small read, the content
    version, instead of moving the entry's bodies out of Redis and unpickling them on every request.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def size(entry: tuple) -> int:
        return sum(len(body) for body in entry[3].values())

    def get(self, key: str) -> tuple | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        size = self.size(entry)
        if size > self.budget:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.used += size
            while self.used > self.budget:
                _old_key, old = self.entries.popitem(last=False)
                self.used -= self.size(old)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0


local_entries = LocalEntries(settings.RESPONSE_CACHE_LOCAL_MIB * 1024 * 1024)


def read_entry(version: str, key: str) -> tuple | None:
    """The entry stored for `key` under `version`, or None: from this process's copies when it holds one
    (no round trip), else one cache read."""
    stored_key = versioned_key(version, key)
    entry = local_entries.get(stored_key)
    if entry is None:
        entry = cache.get(stored_key)
        if entry is not None:
            local_entries.put(stored_key, entry)
    return entry


def lookup(request: HttpRequest, vary: tuple[str, ...] = ()) -> tuple[str | None, str | None, tuple | None]:
    """(version, key, entry) for a cacheable request, read once per request: the version None when it cannot
    be confirmed, the key None when the address names a parameter its view does not read (answered without
    the cache, stored nowhere), the entry None when not cached yet."""
    plain = getattr(request, "_request", request)  # a DRF Request wraps the HttpRequest
    found = getattr(plain, LOOKUP_ATTRIBUTE, None)
    if found is None:
        version = content_version()
        key = None if version is None else cache_keys.cache_key(plain, vary)
        entry = None if key is None else read_entry(version, key)
        found = (version, key, entry)
        setattr(plain, LOOKUP_ATTRIBUTE, found)
    return found


def make_entry(response: HttpResponse) -> tuple:
    """What is stored for a rendered response: (status, headers, ETag, {encoding: body}).

    The ETag is ConditionalGetMiddleware's (the quoted MD5 of the identity body), so an answer's ETag is
    the same whether the cache served it or not; gzip is made once here (`mtime=0`: the same bytes for
    the same body), kept only when it is smaller.
    """
    patch_vary_headers(response, ("Accept-Encoding",))
    body = response.content
    bodies = {"identity": body}
    if len(body) >= MIN_COMPRESSED_BYTES:
        compressed = gzip.compress(body, compresslevel=6, mtime=0)
        if len(compressed) < len(body):
            bodies["gzip"] = compressed
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in NOT_STORED)
    etag = quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())
    return response.status_code, headers, etag, bodies


def answer(request: HttpRequest, entry: tuple, cache_status: str) -> HttpResponse:
    """The response for `entry`, in the encoding the client accepts (gzip when it says so).

    A gzip body's ETag is the identity one made weak, as Django's GZipMiddleware does (RFC 9110 8.8.1):
    a 304 still matches it, and a strong `If-Match` on a write names the identity body's."""
    status, headers, etag, bodies = entry
    if "gzip" in bodies and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(bodies["gzip"], status=status, headers=headers)
        response["Content-Encoding"] = "gzip"
        response["ETag"] = f"W/{etag}"
    else:
        response = HttpResponse(bodies["identity"], status=status, headers=headers)
        response["ETag"] = etag
    response["Content-Length"] = str(len(response.content))
    response[CACHE_STATUS_HEADER] = cache_status
    return response


def cached_answer(request: HttpRequest, vary: tuple[str, ...] = ()) -> HttpResponse | None:
    """The cached answer to a cacheable `request`, or None (not cacheable, or not cached yet)."""
    if not is_cacheable_request(request):
        return None
    _version, _key, entry = lookup(request, vary)
    return None if entry is None else answer(request, entry, "hit")


class Fragment:
    """A part of an answer kept in the shared cache under the content version, for the renders that miss the
    whole-answer cache but show the same content: signed-in readers, addresses with parameters their view
    does not read, other formats. `value` is None until stored; `keep()` stores it under the version that
    was current when it was looked up (a change made meanwhile never gets an older render stored under its
    own version). Nothing is kept when the cache is off or the version cannot be confirmed."""

    def __init__(self, name: str):
        version = content_version() if settings.RESPONSE_CACHE_SECONDS > 0 else None
        digest = hashlib.sha256(name.encode()).hexdigest()
        self.key = None if version is None else versioned_key(version, f"fragment:{digest}")
        self.value = None if self.key is None else cache.get(self.key)

    def keep(self, value) -> None:
        self.value = value
        if self.key is not None:
            cache.set(self.key, value, settings.RESPONSE_CACHE_SECONDS)


def _is_cacheable_response(response: HttpResponse, vary: tuple[str, ...]) -> bool:
    cache_control = response.get("Cache-Control", "")
    keyed = VARY_WITHOUT_KEY | {header.removeprefix("HTTP_").replace("_", "-").lower() for header in vary}
    varies_on = {header.strip().lower() for header in response.get("Vary", "").split(",") if header.strip()}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Encoding")
        and "private" not in cache_control
        and "no-store" not in cache_control
        # An answer that varies on a header its key does not hold would be served to the wrong client.
        and "*" not in varies_on
        and varies_on <= keyed
    )


def serve_cached(
    request: HttpRequest, respond: Callable[[], HttpResponse], vary: tuple[str, ...] = (), *, early: bool = False
) -> HttpResponse:
    """`respond()`'s response, from the cache when an equal request was answered under this content version.

    `vary`: request headers (META names) the answer depends on besides the URL. `early`: a hit needs nothing
    from the view or the middleware below EarlyHitMiddleware (a public page), so it may answer it. A response rendered
    later (TemplateResponse, DRF's Response) is stored once it is rendered, and the client then gets the
    stored form, so a miss and the following hits send the same bytes and ETag. The query parameters the
    view reads are recorded while it renders (careerguide.cache_keys), so the first answer with a parameter
    is stored once the view has read it.
    """
    if not is_cacheable_request(request):
        return respond()
    version, key, entry = lookup(request, vary)
    if version is None:  # not confirmed: an answer cached under an old version might be served
        return respond()
    plain = getattr(request, "_request", request)
    if early:  # a hit or a miss of this view, here or in another process: the next hit may be answered early
        answer_early(plain, vary)
    if entry is not None:
        return answer(request, entry, "hit")
    cache_keys.start_recording(plain)
    use_site_url(plain)
    response = respond()
    if not _is_cacheable_response(response, vary):
        cache_keys.learn(plain)
        return response
    response.setdefault("Last-Modified", last_modified(version))

    def store(rendered):
        cache_keys.learn(plain)
        stored_key = key or cache_keys.cache_key(plain, vary)
        if stored_key is None:  # a parameter the view does not read: stored nowhere
            rendered[CACHE_STATUS_HEADER] = "miss"
            return rendered
        made = make_entry(rendered)
        cache.set(versioned_key(version, stored_key), made, settings.RESPONSE_CACHE_SECONDS)
        local_entries.put(versioned_key(version, stored_key), made)
        return answer(request, made, "miss")

    if callable(getattr(response, "render", None)) and not response.is_rendered:
        response.add_post_render_callback(store)
        return response
    return store(response)


def answer_early(request: HttpRequest, vary: tuple[str, ...] = (), gate: EarlyGate | None = None) -> None:
    """Let EarlyHitMiddleware answer the hits of `request`'s URL pattern from now on, in this process: every
    cacheable read of it is answered from the entry its view stores (`serve_cached`), keyed with `vary`.
    `gate(request, match)`, when given, is asked before a hit is answered; False sends the request on to its
    view (the API's throttle: a refused read gets the view's 429)."""
    early_patterns[cache_keys.pattern_of(request)] = (vary, gate)


class EarlyHitMiddleware:
    """Answers a cached page or API read before the session, CSRF, authentication and message middleware and the view.

    Only for a GET or HEAD without a session cookie or credentials (so certainly anonymous: a cookie naming
    no signed-in user takes the view's path, which looks it up), to an address whose view has called
    `answer_early()` in this process, once that address's gate (if any) lets it through. Above it,
    ConditionalGetMiddleware answers a matching `If-None-Match` with a 304, and CSP, CORS, X-Frame-Options and
    compression headers are added as for any answer. A miss goes on down, its lookup kept on the request (the
    view does not read again).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hit = self.cached_page(request) if early_patterns else None
        return hit if hit is not None else self.get_response(request)

    @staticmethod
    def cached_page(request: HttpRequest) -> HttpResponse | None:
        if (
            request.method not in ("GET", "HEAD")
            or settings.RESPONSE_CACHE_SECONDS <= 0
            or "HTTP_AUTHORIZATION" in request.META
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        early = early_patterns.get(f"{match.route}|{match.view_name}")
        if early is None:
            return None
        vary, gate = early
        request.resolver_match = match  # the key's URL pattern (the handler sets it again on a miss)
        _version, _key, entry = lookup(request, vary)
        if entry is None or (gate is not None and not gate(request, match)):
            return None
        return answer(request, entry, "hit")


def _bump_on_change(sender, **kwargs):
    bump_content_version()


def bump_on_content_changes(*app_labels: str) -> None:
    """Bump the content version whenever a model of these apps is saved or deleted, or its many-to-many
    links change, through the ORM (admin, API, `loaddata`). Bulk writes that send no signals
    (`bulk_create`, `QuerySet.update`) call `bump_content_version()` themselves."""
    for app_label in app_labels:
        for model in apps.get_app_config(app_label).get_models():
            uid = f"careerguide.cache:{model._meta.label}"
            post_save.connect(_bump_on_change, sender=model, dispatch_uid=f"{uid}:save", weak=False)
            post_delete.connect(_bump_on_change, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _bump_on_change, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}", weak=False
                )
