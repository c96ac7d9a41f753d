"""Candidates, proposals, next steps, the optimal assignment and the weights, under
/opportunita/ (mounted before the openings' own pages, which end in a code)."""

from django.urls import path

from ponte.matching import views

app_name = "matching"

urlpatterns = [
    path("proposte/", views.proposals, name="proposals"),
    path("proposte/<str:code>/", views.proposal_detail, name="proposal"),
    path("proposte/<str:code>/risposta/", views.proposal_answer, name="proposal_answer"),
    path("proposte/<str:code>/ritira/", views.proposal_withdraw, name="proposal_withdraw"),
    path("proposte/<str:code>/inserimento/", views.proposal_place, name="proposal_place"),
    path(
        "proposte/<str:code>/accetta/",
        views.proposal_accept_placement,
        name="proposal_accept_placement",
    ),
    path("assegnazione/", views.assignment, name="assignment"),
    path("pesi/", views.weights, name="weights"),
    path("persone/<str:code>/prossimi-passi/", views.next_steps, name="next_steps"),
    path("<str:code>/candidati/", views.candidates, name="candidates"),
    path("<str:code>/candidati/<str:person_code>/proponi/", views.propose, name="propose"),
]
