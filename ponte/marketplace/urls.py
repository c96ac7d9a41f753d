"""The solidarity marketplace, under /mercato/."""

from django.urls import path

from ponte.marketplace import views

app_name = "marketplace"

urlpatterns = [
    path("", views.listings, name="list"),
    path("nuovo/", views.listing_create, name="create"),
    path("azienda/", views.company, name="company"),
    path("scambi/", views.exchanges, name="exchanges"),
    path("scambi/nuovo/", views.exchange_create, name="exchange_create"),
    path("scambi/<str:code>/", views.exchange_detail, name="exchange"),
    path("scambi/<str:code>/conferma/", views.exchange_confirm, name="exchange_confirm"),
    path("organizzazioni/<str:code>/", views.organisation_listings, name="organisation"),
    path("foto/<str:code>/", views.photo, name="photo"),
    path("risposte/<str:code>/decisione/", views.answer_decide, name="answer_decide"),
    path("<str:code>/", views.listing_detail, name="detail"),
    path("<str:code>/modifica/", views.listing_edit, name="edit"),
    path("<str:code>/stato/", views.listing_status, name="status"),
    path("<str:code>/risposta/", views.answer_create, name="answer"),
]
