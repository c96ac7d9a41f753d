"""The dashboard, funder reports, imports and reminders (`/cruscotto/`)."""

from django.urls import path

from ponte.reports.views import dashboard

app_name = "reports"

urlpatterns: list = [
    path("", dashboard.dashboard, name="dashboard"),
]
