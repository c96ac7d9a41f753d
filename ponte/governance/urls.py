"""The tables of the district under /tavoli/."""

from django.urls import path

from ponte.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.tables, name="tables"),
    path("nuovo/", views.table_create, name="table_create"),
    path("decisioni/", views.decisions, name="decisions"),
    path("azioni/", views.my_actions, name="my_actions"),
    path("azioni/<str:code>/stato/", views.action_status, name="action_status"),
    path("calendario/", views.calendar_page, name="calendar"),
    path("calendario/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("incontri/<str:code>/", views.meeting_detail, name="meeting"),
    path("incontri/<str:code>/modifica/", views.meeting_edit, name="meeting_edit"),
    path("incontri/<str:code>/tenuto/", views.meeting_held, name="meeting_held"),
    path("incontri/<str:code>/punti/", views.agenda_add, name="agenda_add"),
    path("incontri/<str:code>/punti/<int:item>/casi/", views.case_add, name="case_add"),
    path("incontri/<str:code>/casi/<str:person_code>/", views.case_detail, name="case"),
    path("incontri/<str:code>/presenze/", views.attendance_save, name="attendance"),
    path("incontri/<str:code>/verbale/", views.minutes_save, name="minutes"),
    path("incontri/<str:code>/verbale.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(
        "incontri/<str:code>/approva/<str:draft>/",
        views.minutes_approve,
        name="minutes_approve",
    ),
    path("incontri/<str:code>/decisioni/", views.decision_add, name="decision_add"),
    path("incontri/<str:code>/azioni/", views.action_add, name="action_add"),
    path("<str:code>/", views.table_detail, name="table"),
    path("<str:code>/membri/", views.member_add, name="member_add"),
    path("<str:code>/membri/<int:pk>/rimuovi/", views.member_remove, name="member_remove"),
    path("<str:code>/incontri/nuovo/", views.meeting_create, name="meeting_create"),
]
