"""Absolute addresses in public answers come from `settings.SITE_URL`, never from the request's `Host`.

A publicly cached page or API answer is served to everyone, so a link or canonical address built from one
client's `Host` header (another port, another name the server also answers to) would be handed to all the
others. Before such an answer is rendered, the request is made to look as if it came to `SITE_URL`, so
Django's and DRF's `build_absolute_uri()` use it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def use_site_url(request: HttpRequest) -> None:
    """Make `request.build_absolute_uri()` start with `SITE_URL` (its scheme and host)."""
    site = urlsplit(settings.SITE_URL)
    request.META["HTTP_HOST"] = site.netloc
    request.META.pop("HTTP_X_FORWARDED_HOST", None)
    request.META["wsgi.url_scheme"] = site.scheme
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        request.META[header] = secure_value if site.scheme == "https" else site.scheme
    # Computed once per request (a cached property); anything read before now is dropped.
    request.__dict__.pop("_current_scheme_host", None)
