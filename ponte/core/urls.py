from django.urls import path

from ponte.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("lingua/<str:code>/", views.set_language, name="set_language"),
]
