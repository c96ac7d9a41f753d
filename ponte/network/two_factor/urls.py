from django.urls import path

from ponte.network.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("attiva/", views.setup, name="setup"),
    path("attiva/<str:token>/", views.enrolment_link, name="link"),
    path("verifica/", views.verify, name="verify"),
    path("codici/", views.recovery_codes, name="recovery_codes"),
    path("reimposta/", views.reset, name="reset"),
]
