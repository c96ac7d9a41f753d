"""A member's API tokens, under /account/api/."""

from django.urls import path

from ponte.api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.tokens, name="list"),
    path("<str:code>/revoca/", views.token_revoke, name="revoke"),
]
