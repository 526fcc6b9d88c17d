from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("roles/", views.RoleListView.as_view(), name="list"),
    path("roles/<slug:slug>/", views.RoleDetailView.as_view(), name="detail"),
    path("roles/<slug:slug>/guide.json", views.GuideDownloadView.as_view(file_format="json"), name="download-json"),
    path(
        "roles/<slug:slug>/levels-and-pay.csv",
        views.GuideDownloadView.as_view(file_format="csv"),
        name="download-csv",
    ),
    path("roles/<slug:slug>/levels/<slug:level_slug>/", views.CareerLevelDetailView.as_view(), name="level"),
    path("roles/<slug:slug>/assess/", views.AssessmentView.as_view(), name="assess"),
    path(
        "roles/<slug:slug>/levels/<slug:level_slug>/job-description/",
        views.JobDescriptionView.as_view(),
        name="job-description",
    ),
    path("skills/", views.SkillListView.as_view(), name="skill-list"),
    path("skills/<slug:slug>/", views.SkillDetailView.as_view(), name="skill-detail"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("compare/skills-gap/", views.SkillsGapView.as_view(), name="skills-gap"),
    path("salaries/", views.SalaryExplorerView.as_view(), name="salary-explorer"),
]
