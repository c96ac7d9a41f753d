"""Open data (`/dati/`): aggregated indicators for everyone."""

from django.urls import path  # noqa: F401

app_name = "opendata"

urlpatterns: list = []
