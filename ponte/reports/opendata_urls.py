"""Open data (`/dati/`): aggregated indicators for everyone."""

from django.urls import path

from ponte.reports.views import opendata

app_name = "opendata"

urlpatterns = [
    path("", opendata.index, name="index"),
    path("indicatori/", opendata.definitions, name="definitions"),
    path("indicatori.csv", opendata.indicators_csv, name="csv"),
    path("indicatori.json", opendata.indicators_json, name="json"),
]
