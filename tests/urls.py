"""Test URLconf: the project's URLs, plus stand-ins for the pages' `roles:*` URL names.

The API links every object to its public page (`get_absolute_url()`, which reverses
`roles:detail`, `roles:level` and `roles:skill-detail`). Until the pages are merged those names
do not exist; these stand-ins let the tests check the links. Once the real page URLs exist the
stand-ins are left out and the tests run against the real ones.
"""

from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from careerguide.urls import urlpatterns as project_urlpatterns


def _project_has_pages() -> bool:
    try:
        reverse("roles:detail", args=["any"], urlconf="careerguide.urls")
    except NoReverseMatch:
        return False
    return True


def _page_stand_in(request, **kwargs):
    return HttpResponse("stand-in for a page")


_stand_ins = [
    path("roles/<slug:slug>/", _page_stand_in, name="detail"),
    path("roles/<slug:role_slug>/<slug:level_slug>/", _page_stand_in, name="level"),
    path("skills/<slug:slug>/", _page_stand_in, name="skill-detail"),
]

urlpatterns = list(project_urlpatterns)
if not _project_has_pages():
    urlpatterns.append(path("", include((_stand_ins, "roles"))))
