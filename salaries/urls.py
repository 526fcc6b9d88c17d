"""The public pages of BLS's OEWS figures: occupations and areas. Included without a namespace from
`careerguide/urls.py` (other apps link to `occupation-detail` and `area-detail` by these names); the
occupation detail page itself is served by `roles` (it adds the guides), which fills `occupation_detail_view`."""

from django.urls import path

from . import views

urlpatterns = [
    path("occupations/", views.OccupationListView.as_view(), name="occupation-list"),
    path("areas/", views.AreaListView.as_view(), name="area-list"),
    path("areas/<str:area>/", views.AreaDetailView.as_view(), name="area-detail"),
]
