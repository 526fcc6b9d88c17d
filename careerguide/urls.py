from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path

from roles.feeds import GuideFeed
from roles.occupation_views import OccupationDetailView
from roles.sitemaps import SITEMAPS as ROLE_SITEMAPS
from roles.sitemaps import section as sitemap_section
from salaries.sitemaps import OccupationSitemap

from .health import healthz, readyz
from .views import public_page, robots_txt

SITEMAPS = {**ROLE_SITEMAPS, "occupations": OccupationSitemap}

admin.site.site_header = "CareerGuide administration"
admin.site.site_title = "CareerGuide admin"
admin.site.index_title = "Career data"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("careerguide.api_urls")),
    path(
        "sitemap.xml",
        public_page(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<slug:section>.xml", public_page(sitemap_section), {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("feeds/guides.atom", public_page(GuideFeed()), name="guides-feed"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # The OEWS pages keep un-namespaced names (`occupation-detail`, `area-detail`, ...): other pages link to them.
    re_path(
        r"^occupations/(?P<soc_code>[0-9]{2}-[0-9]{4})/$",
        OccupationDetailView.as_view(),
        name="occupation-detail",
    ),
    path("", include("salaries.urls")),
    path("", include("roles.urls")),
]

# JSON under /api/, the site's pages elsewhere (careerguide.errors).
handler400 = "careerguide.errors.bad_request"
handler403 = "careerguide.errors.permission_denied"
handler404 = "careerguide.errors.page_not_found"
handler500 = "careerguide.errors.server_error"
