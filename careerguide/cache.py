"""Caching that is always fresh: anonymous reads are cached under the current *content version*.

Every cached page and API response is stored under a key that starts with the content version, a
value kept in the database (careerguide.content_version), so that no cache outage can hide a change.
Any change to the content (admin, API write, CSV or guide import, `load_guides`) calls
`bump_content_version()`, so every key changes within a second on every app server and stale entries
are never read again (they expire by themselves). Only anonymous GET/HEAD
requests are served from the cache: a signed-in user (staff previewing a draft, an editor) always
gets a fresh response, and only public, successful, non-streaming responses are stored.
"""

from collections.abc import Callable
from email.utils import formatdate

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

from . import cache_keys
from . import content_version as careerguide_content_version
from .site_url import use_site_url

# Answers carry this header so load tests and operators can see whether the cache served them.
CACHE_STATUS_HEADER = "X-Cache"


def content_version() -> str | None:
    """The current content version: the time (ns) of the last change, kept in the database and read at most
    once a second per process (careerguide.content_version). None when it cannot be confirmed."""
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


def _is_cacheable_response(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _plain_copy(response: HttpResponse) -> HttpResponse:
    """The response as stored: its status, headers and bytes only.

    A DRF `Response` pickles its `data` too, and with it the serializer and every model instance it
    read (about 300 for the guide): reading that back made a cache hit on the API cost ~25 ms, ten
    times a cached page.
    """
    copy = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        copy[header] = value
    return copy


def serve_cached(request: HttpRequest, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """`respond()`'s response, from the cache when an equal request was answered under this content version.

    Keys are `careerguide.cache_keys`' (path, the query parameters the view reads in canonical order, gzip
    or not) with the content version as prefix; an address naming a parameter its view never reads is
    answered without the cache and not stored. A response rendered later (TemplateResponse)
    is stored once it is rendered. Costs one cache read for the version and one for the entry.
    """
    if not is_cacheable_request(request):
        return respond()
    # --- cache keys (careerguide.cache_keys): parameters the view reads, canonical order, no Host ---
    version = content_version()
    if version is None:  # not confirmed: an answer cached under an old version might be served
        return respond()
    prefix = f"careerguide:{version}"
    key = cache_keys.cache_key(request, prefix)
    cache_keys.start_recording(request)
    use_site_url(request)
    # --- end cache keys ---
    if key is not None:
        hit = cache.get(key)
        if hit is not None:
            hit[CACHE_STATUS_HEADER] = "hit"
            return hit
    response = respond()
    if not _is_cacheable_response(response):
        cache_keys.learn(request)
        return response
    timeout = settings.RESPONSE_CACHE_SECONDS
    response.setdefault("Last-Modified", last_modified(version))

    def store(rendered):
        # Learnt while rendering: the first answer with a parameter is stored once the view has read it.
        cache_keys.learn(request)
        stored_key = key or cache_keys.cache_key(request, prefix)
        if stored_key is not None:
            cache.set(stored_key, _plain_copy(rendered), timeout)

    response[CACHE_STATUS_HEADER] = "miss"
    if callable(getattr(response, "render", None)) and not response.is_rendered:
        response.add_post_render_callback(store)
    else:
        store(response)
    return response


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
