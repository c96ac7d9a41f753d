"""The dashboard, funder reports, imports and reminders (`/cruscotto/`)."""

from django.urls import path

from ponte.reports.views import dashboard
from ponte.reports.views import funder as funder_views
from ponte.reports.views import imports as import_views

app_name = "reports"

urlpatterns: list = [
    path("", dashboard.dashboard, name="dashboard"),
    path("rapporti/", funder_views.funder_reports, name="funder_reports"),
    path("rapporti/<str:code>/", funder_views.funder_report, name="funder_report"),
    path(
        "rapporti/<str:code>/avanzamento/",
        funder_views.funder_progress,
        name="funder_progress",
    ),
    path(
        "rapporti/<str:code>/<str:fmt>/",
        funder_views.funder_download,
        name="funder_download",
    ),
    path("importazioni/", import_views.import_list, name="imports"),
    path(
        "importazioni/modelli/<slug:kind>.<str:fmt>",
        import_views.import_template,
        name="import_template",
    ),
    path("importazioni/<str:code>/", import_views.import_detail, name="import_detail"),
    path(
        "importazioni/<str:code>/avanzamento/",
        import_views.import_progress,
        name="import_progress",
    ),
    path("importazioni/<str:code>/importa/", import_views.import_start, name="import_start"),
    path("importazioni/<str:code>/elimina/", import_views.import_discard, name="import_discard"),
]
