"""Candidates, proposals, next steps, the optimal assignment and the weights, under
/opportunita/ (mounted before the openings' own pages, which end in a code)."""

from django.urls import path

app_name = "matching"

urlpatterns: list = []
