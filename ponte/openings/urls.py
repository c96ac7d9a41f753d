"""Openings in companies and cooperatives, under /opportunita/ (matching's pages share the prefix;
an opening's address is its code, which no page name of matching can be)."""

from django.urls import path

from ponte.openings import views

app_name = "openings"

urlpatterns = [
    path("", views.openings, name="list"),
    path("gestione/", views.manage, name="manage"),
    path("nuova/", views.opening_create, name="create"),
    path("<code:code>/", views.opening_detail, name="detail"),
    path("<code:code>/modifica/", views.opening_edit, name="edit"),
    path("<code:code>/stato/", views.opening_transition, name="transition"),
]
