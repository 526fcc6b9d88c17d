from django.urls import path

from . import views

app_name = "salaries"

urlpatterns = [
    path("salaries/", views.SalaryExplorerView.as_view(), name="explorer"),
]
