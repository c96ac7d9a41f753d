"""Ponte's URLs plus a page nobody declared in the matrix: the matrix must notice it."""

from django.http import HttpResponse
from django.urls import path

from ponte.urls import urlpatterns as ponte_urlpatterns


def new_page(request):  # type: ignore[no-untyped-def]
    return HttpResponse("")


urlpatterns = [*ponte_urlpatterns, path("pagina-nuova/", new_page, name="new_page")]
