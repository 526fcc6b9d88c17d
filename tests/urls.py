"""Test-only URLconf: the admin plus stand-ins for the public role pages the admin links to.

The real `roles` URLs belong to the public pages; admin tests only need `get_absolute_url()` to reverse.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path


def page_stub(request, **kwargs):
    return HttpResponse("public page stand-in")


roles_patterns = (
    [
        path("roles/<slug:slug>/", page_stub, name="detail"),
        path("roles/<slug:role_slug>/levels/<slug:level_slug>/", page_stub, name="level"),
        path("skills/<slug:slug>/", page_stub, name="skill-detail"),
    ],
    "roles",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include(roles_patterns)),
]
