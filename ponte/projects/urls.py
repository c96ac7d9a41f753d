"""The sub-projects of the district, under /progetti/."""

from django.urls import path

from ponte.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.subprojects, name="list"),
    path("nuovo/", views.subproject_create, name="create"),
    path("<str:code>/", views.subproject_detail, name="detail"),
    path("<str:code>/modifica/", views.subproject_edit, name="edit"),
    path("<str:code>/voci/nuova/", views.budget_line_form, name="line_create"),
    path("<str:code>/voci/<str:line_code>/", views.budget_line_form, name="line_edit"),
    path("<str:code>/movimenti/nuovo/", views.movement_form, name="movement_create"),
    path("<str:code>/movimenti/<str:movement_code>/", views.movement_form, name="movement_edit"),
    path("<str:code>/indicatori/nuovo/", views.indicator_form, name="indicator_create"),
    path(
        "<str:code>/indicatori/<str:indicator_code>/",
        views.indicator_form,
        name="indicator_edit",
    ),
    path(
        "<str:code>/indicatori/<str:indicator_code>/valori/nuovo/",
        views.indicator_value_create,
        name="value_create",
    ),
]
