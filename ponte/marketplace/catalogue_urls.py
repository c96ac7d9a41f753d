"""The public catalogue of the members' offers, under /catalogo/."""

from django.urls import path

from ponte.marketplace import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue, name="list"),
]
