from django.urls import path

from ponte.pathways.views import people, placements, rights

app_name = "pathways"

urlpatterns = [
    # Services of the chain.
    path("servizi/", placements.services, name="services"),
    path("servizi/nuovo/", placements.service_create, name="service_create"),
    path("servizi/<str:code>/", placements.service_detail, name="service"),
    path("servizi/<str:code>/modifica/", placements.service_edit, name="service_edit"),
    # Placements, attendance, tutor evaluations, follow-ups.
    path("inserimenti/", placements.tutor_placements, name="tutor_placements"),
    path("inserimenti/<str:code>/", placements.placement_detail, name="placement"),
    path(
        "inserimenti/<str:code>/stato/",
        placements.placement_transition,
        name="placement_transition",
    ),
    path(
        "inserimenti/<str:code>/presenze/<int:year>/<int:month>/",
        placements.attendance_month,
        name="attendance_month",
    ),
    path(
        "inserimenti/<str:code>/presenze/<int:year>/<int:month>/pdf/",
        placements.attendance_pdf,
        name="attendance_pdf",
    ),
    path(
        "inserimenti/<str:code>/valutazioni/nuova/",
        placements.evaluation_create,
        name="evaluation_create",
    ),
    path(
        "inserimenti/<str:code>/monitoraggi/<int:months>/",
        placements.follow_up_record,
        name="follow_up",
    ),
    # Referrals.
    path("segnalazioni/nuova/", people.referral_create, name="referral_create"),
    path("segnalazioni/<str:code>/", people.referral_decide, name="referral"),
    # Assessments (by their own code).
    path("valutazioni/<str:code>/", people.assessment_detail, name="assessment"),
    # Rights of the people (GDPR art. 15, 17, 20): the coordinator's list of requests.
    path("diritti/", rights.requests_list, name="privacy_requests"),
    # People, by pseudonymous code.
    path("", people.caseload, name="caseload"),
    path("<str:code>/", people.person_detail, name="person"),
    path("<str:code>/modifica/", people.person_edit, name="person_edit"),
    path("<str:code>/cronologia/", people.person_timeline, name="timeline"),
    path("<str:code>/equipe/", people.care_team, name="care_team"),
    path("<str:code>/consensi/nuovo/", people.consent_create, name="consent_create"),
    path(
        "<str:code>/consensi/<str:purpose>/ritira/",
        people.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<str:code>/valutazioni/nuova/", people.assessment_create, name="assessment_create"),
    path("<str:code>/piano/", people.plan_detail, name="plan"),
    path("<str:code>/piano/nuovo/", people.plan_create, name="plan_create"),
    path("<str:code>/piano/<int:version>/", people.plan_detail, name="plan_version"),
    path("<str:code>/diario/", people.diary, name="diary"),
    path("<str:code>/inserimenti/nuovo/", placements.placement_create, name="placement_create"),
    path("<str:code>/dati/", rights.person_rights, name="rights"),
    path("<str:code>/dati/esporta.json", rights.export_json, name="export_json"),
    path("<str:code>/dati/esporta.pdf", rights.export_pdf, name="export_pdf"),
    path("<str:code>/dati/cancella/", rights.person_erase, name="erase"),
]
