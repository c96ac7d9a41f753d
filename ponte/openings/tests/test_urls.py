"""Under /opportunita/ the openings' pages and matching's share a prefix: an opening's address is
its code (`<code:…>`), which no page name of matching can be, so neither app catches the other's
addresses, whatever the order of their include()s in ponte/urls.py."""

import pytest
from django.urls import Resolver404, resolve

from ponte.core.codes import random_code


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/opportunita/", "openings:list"),
        ("/opportunita/gestione/", "openings:manage"),
        ("/opportunita/nuova/", "openings:create"),
        ("/opportunita/proposte/", "matching:proposals"),
        ("/opportunita/assegnazione/", "matching:assignment"),
        ("/opportunita/pesi/", "matching:weights"),
    ],
)
def test_each_page_name_reaches_its_own_app(path, name):
    assert resolve(path).view_name == name


def test_a_code_reaches_the_opening():
    code = random_code()
    match = resolve(f"/opportunita/{code}/")
    assert (match.view_name, match.kwargs) == ("openings:detail", {"code": code})
    assert resolve(f"/opportunita/{code}/candidati/").view_name == "matching:candidates"


def test_a_lowercase_word_is_never_taken_for_a_code():
    with pytest.raises(Resolver404):
        resolve("/opportunita/qualcosa/")
