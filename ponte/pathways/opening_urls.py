"""Openings in companies and cooperatives, under /opportunita/ (the matching pages share the
prefix and are mounted before these)."""

from django.urls import path

from ponte.pathways.views import openings

app_name = "openings"

urlpatterns = [
    path("", openings.openings, name="list"),
    path("gestione/", openings.manage, name="manage"),
    path("nuova/", openings.opening_create, name="create"),
    path("<str:code>/", openings.opening_detail, name="detail"),
    path("<str:code>/modifica/", openings.opening_edit, name="edit"),
    path("<str:code>/stato/", openings.opening_transition, name="transition"),
]
