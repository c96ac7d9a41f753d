from django.urls import path

from ponte.network import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("area-personale/", views.dashboard, name="dashboard"),
    path("rete/", views.directory, name="directory"),
    path("rete/gestione/", views.manage, name="manage"),
    path("rete/gestione/nuova/", views.organisation_create, name="organisation_create"),
    path("rete/gestione/utenti/", views.users, name="users"),
    path("rete/gestione/utenti/nuovo/", views.user_invite, name="user_invite"),
    path(
        "rete/gestione/ruoli/<str:code>/stato/",
        views.membership_set_active,
        name="membership_set_active",
    ),
    path("rete/<str:code>/", views.organisation_detail, name="organisation"),
    path("rete/<str:code>/modifica/", views.organisation_edit, name="organisation_edit"),
    path("rete/<str:code>/stato/", views.organisation_set_active, name="organisation_set_active"),
    path("rete/<str:code>/ruoli/nuovo/", views.membership_add, name="membership_add"),
    path("account/organizzazione/", views.switch_organisation, name="switch_organisation"),
    path("registro/", views.audit_trail, name="audit"),
    path("registro/esporta.csv", views.audit_export, name="audit_export"),
    path("notifiche/", views.notifications, name="notifications"),
    path("notifiche/apri/", views.notification_open, name="notification_open"),
]
