"""The address of the client behind a request, as far as the configured proxies can be trusted."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address: REMOTE_ADDR, or the X-Forwarded-For entry the outermost trusted proxy added.

    With `TRUSTED_PROXIES` (DJANGO_TRUSTED_PROXIES) at 0 the header is ignored, since any client can send
    it. With N proxies, each appends the address it saw, so the N-th entry from the right is the last one a
    trusted proxy wrote; entries left of it are whatever the client claimed. The same rule as DRF's
    `NUM_PROXIES`, which the API throttle uses; django-axes calls this (AXES_CLIENT_IP_CALLABLE).
    """
    remote = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if settings.TRUSTED_PROXIES == 0 or not forwarded:
        return remote
    entries = forwarded.split(",")
    return entries[-min(settings.TRUSTED_PROXIES, len(entries))].strip()
