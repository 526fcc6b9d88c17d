from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "CareerGuide administration"
admin.site.site_title = "CareerGuide admin"
admin.site.index_title = "Career data"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("careerguide.api_urls")),
]
