"""Response-cache keys that a flood of junk addresses, headers or cookies cannot multiply.

A key is made of what can change an anonymous answer, and nothing else:

- the path (never the `Host`: absolute links come from `SITE_URL`, careerguide.site_url);
- the query parameters the view reads, in a canonical (sorted) order: `?b=2&a=1` and `?a=1&b=2` share an
  entry. Which names a view reads is learnt while it renders (each read of `request.GET` is recorded, per
  URL pattern, in this process). A request naming a parameter its view has never read is answered without
  the cache and nothing is stored, so 1,000 junk addresses add nothing to Redis. (Not redirected: a view may
  read a name only when others are present, as a FilterSet reads nothing from an empty query string, so
  "never read so far" cannot prove "never read".)
- the request headers the answer varies on (`Accept` where the API offers CSV too); not the encoding, since
  an entry holds its body in every encoding (careerguide.cache).

Cookies are not part of it: only requests without a signed-in user reach the cache (careerguide.cache), and
an anonymous answer does not depend on them, so `Vary: Cookie` is not followed.
"""

import hashlib
from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict

# Read by the API's format negotiation before a view runs (and by pages offering downloads).
ALWAYS_READ = frozenset({"format"})
# URL pattern (its route and view name) -> the query parameter names its view has been seen reading.
_LEARNT: dict[str, set[str]] = {}


class ReadRecordingQueryDict(QueryDict):
    """`request.GET` that notes each parameter name the view looks up (`get`, `[]`, `in`, `getlist`).

    Copies share the record, as DRF's format override replaces `request.GET` by a copy."""

    def __init__(self, *args, **kwargs):
        self.reads: set[str] = set()  # before QueryDict fills itself, which looks names up
        super().__init__(*args, **kwargs)
        self.reads.clear()

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.reads = self.reads
        return result

    def __getitem__(self, key):
        self.reads.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.reads.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.reads.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.reads.add(key)
        return super().getlist(key, default)


def pattern_of(request: HttpRequest) -> str:
    """The URL pattern that answers `request` (its route and view name), once the URL is resolved."""
    match = request.resolver_match
    return f"{match.route}|{match.view_name}" if match is not None else request.path


def forget() -> None:
    """Forget what every view was seen reading (tests start from a new process's state)."""
    _LEARNT.clear()


def start_recording(request: HttpRequest) -> None:
    """Replace `request.GET` by a copy that records the names the view reads (a copy of what it holds now: the
    API has taken `format` out of it by then, so that links do not repeat it)."""
    recording = ReadRecordingQueryDict(mutable=True, encoding=request.encoding)
    for name, values in request.GET.lists():
        recording.setlist(name, values)
    recording._mutable = False
    request.GET = recording


def _query(request: HttpRequest) -> QueryDict:
    """The query string as the client sent it."""
    return QueryDict(request.META.get("QUERY_STRING", ""), encoding=request.encoding)


def learn(request: HttpRequest) -> None:
    """Remember the names the view read while answering `request` (after `start_recording`)."""
    reads = getattr(request.GET, "reads", None)
    if reads is not None:
        _LEARNT.setdefault(pattern_of(request), set()).update(reads)


def unread_names(request: HttpRequest) -> set[str] | None:
    """Names in the query string the view has never read; None while the view has not answered yet here."""
    names = set(_query(request)) - ALWAYS_READ
    known = _LEARNT.get(pattern_of(request))
    if known is None:
        return None if names else set()
    return names - known


def canonical_query(request: HttpRequest) -> str:
    """The query string sorted by name, each name's values in their order."""
    query = _query(request)
    return urlencode([(name, value) for name in sorted(query) for value in query.getlist(name)])


def cache_key(request: HttpRequest, vary: tuple[str, ...] = ()) -> str | None:
    """The entry's key (without the content version), or None when the request names a parameter its view does
    not read (or not yet known). `vary`: request headers (META names) the answer depends on, e.g. `Accept`
    where the API offers several formats. The encoding is not part of it: an entry holds every encoding."""
    unread = unread_names(request)
    if unread is None or unread:
        return None
    digest = hashlib.sha256(f"{request.path}?{canonical_query(request)}".encode())
    for header in vary:
        digest.update(b"\0" + request.META.get(header, "").encode("latin-1", "replace"))
    return f"page:{digest.hexdigest()}"
