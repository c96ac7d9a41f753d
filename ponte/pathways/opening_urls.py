"""Openings in companies and cooperatives, under /opportunita/ (the matching pages share the
prefix and are mounted before these)."""

from django.urls import path

app_name = "openings"

urlpatterns: list = []
