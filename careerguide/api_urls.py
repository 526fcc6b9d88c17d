"""Addresses of the JSON API, version 1, included at `/api/v1/` under the namespace `api`.

The namespace keeps router names (`api:role-detail`) apart from the pages' (`roles:detail`).
"""

from django.conf import settings
from django.urls import path, re_path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from roles.api import (
    AboutView,
    AssessmentView,
    CareerLevelViewSet,
    CompareView,
    JobDescriptionMarkdownView,
    JobDescriptionTextView,
    JobDescriptionView,
    RegionalSalaryViewSet,
    RoleViewSet,
    SkillViewSet,
)
from roles.occupations import OccupationGuidesViewSet
from salaries.api import CurrencyViewSet, RegionViewSet
from salaries.oews_api import OewsAreaViewSet, OewsIndustryViewSet, WageEstimateViewSet

from .api import AutoSchema, CachedReadMixin, CSVExportMixin, api_not_found

app_name = "api"


class APIRootView(CachedReadMixin, routers.APIRootView):
    """CareerGuide API, version 1: every endpoint, by name."""

    schema = AutoSchema()

    @extend_schema(
        summary="List the endpoints",
        responses=OpenApiResponse(
            {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}},
            description="Endpoint name → address.",
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class Router(routers.DefaultRouter):
    """DefaultRouter whose root also lists the endpoints that are not viewsets."""

    APIRootView = APIRootView
    include_format_suffixes = False  # `?format=csv` is the one way to ask for another format
    extra_root_entries = {"compare": "compare", "about": "about", "schema": "schema", "docs": "docs"}

    def get_api_root_view(self, api_urls=None):
        entries = {prefix: self.routes[0].name.format(basename=basename) for prefix, _, basename in self.registry}
        return self.APIRootView.as_view(api_root_dict={**entries, **self.extra_root_entries})


router = Router()
router.register("roles", RoleViewSet, basename="role")
router.register("levels", CareerLevelViewSet, basename="level")
router.register("skills", SkillViewSet, basename="skill")
router.register("salaries", RegionalSalaryViewSet, basename="salary")
router.register("regions", RegionViewSet, basename="region")
router.register("currencies", CurrencyViewSet, basename="currency")
router.register("occupations", OccupationGuidesViewSet, basename="occupation")
router.register("areas", OewsAreaViewSet, basename="area")
router.register("industries", OewsIndustryViewSet, basename="industry")
router.register("wages", WageEstimateViewSet, basename="wage")

# Swagger UI sets inline styles; only this page may use them. Its script is served separately
# (the "split" view) from this site, so script-src stays strict.
docs_csp = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

urlpatterns = [
    path("about/", AboutView.as_view(), name="about"),
    path("compare/", CompareView.as_view(), name="compare"),
    path("roles/<slug:slug>/assessment/", AssessmentView.as_view(), name="role-assessment"),
    path(
        "roles/<slug:slug>/levels/<slug:level_slug>/job-description/",
        JobDescriptionView.as_view(),
        name="level-job-description",
    ),
    path(
        "roles/<slug:slug>/levels/<slug:level_slug>/job-description.md",
        JobDescriptionMarkdownView.as_view(),
        name="level-job-description-md",
    ),
    path(
        "roles/<slug:slug>/levels/<slug:level_slug>/job-description.txt",
        JobDescriptionTextView.as_view(),
        name="level-job-description-txt",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", csp_override(docs_csp)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    *router.urls,
    # Every list as a CSV file of its own (`/api/v1/roles.csv`): see CSVExportMixin.
    *(
        path(
            f"{prefix}.csv",
            viewset.as_view({"get": CSVExportMixin.export_action}, basename=basename, detail=False),
            name=f"{basename}-csv",
        )
        for prefix, viewset, basename in router.registry
        if issubclass(viewset, CSVExportMixin)
    ),
    re_path(r"^(?P<path>[\s\S]*)\Z", api_not_found, name="not-found"),  # [\s\S]: paths may hold newlines
]
