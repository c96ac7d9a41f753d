"""Languages: Italian first; English and Ladin when the visitor chooses them."""

import pytest
from django.utils import translation

from ponte.core.tests.helpers import italian_html

MSGID = "Members of the district"


def html_lang(response) -> str:
    html = response.content.decode()
    start = html.index("<html lang=")
    return html[start : html.index(">", start) + 1]


def test_pages_are_in_italian_by_default(client, district):
    response = client.get("/")
    assert html_lang(response) == '<html lang="it">'
    assert italian_html(MSGID) in response.content.decode()
    assert response["Content-Language"] == "it"


def test_the_italian_text_is_the_translation(db):
    with translation.override("it"):
        assert translation.gettext(MSGID) != MSGID


def test_the_browser_language_does_not_change_the_page(client, district):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert html_lang(response) == '<html lang="it">'


@pytest.mark.parametrize("language", ["en", "lld"])
def test_setlang_switches_the_language(client, district, language):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/rete/"})
    assert response.status_code == 302
    assert response.url == "/rete/"
    page = client.get("/rete/")
    assert html_lang(page) == f'<html lang="{language}">'
    with translation.override(language):
        assert translation.gettext(MSGID) in page.content.decode()


def test_setlang_back_to_italian(client, district):
    client.post("/i18n/setlang/", {"language": "en"})
    client.post("/i18n/setlang/", {"language": "it"})
    assert html_lang(client.get("/")) == '<html lang="it">'


def test_setlang_ignores_an_unknown_language(client, district):
    client.post("/i18n/setlang/", {"language": "de"})
    assert html_lang(client.get("/")) == '<html lang="it">'


@pytest.mark.parametrize("language", ["en", "lld", "it"])
def test_the_language_links_switch_the_language(client, district, language):
    response = client.get(f"/lingua/{language}/", {"next": "/rete/"})
    assert response.status_code == 302
    assert response.url == "/rete/"
    assert html_lang(client.get("/rete/")) == f'<html lang="{language}">'


def test_every_page_links_to_the_other_languages(client, district):
    html = client.get("/rete/").content.decode()
    for language in ("it", "en", "lld"):
        assert f'href="/lingua/{language}/?next=/rete/"' in html


def test_the_language_links_refuse_an_unknown_language(client, db):
    assert client.get("/lingua/de/").status_code == 404


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/"])
def test_the_language_links_never_send_to_another_site(client, db, next_url):
    response = client.get("/lingua/en/", {"next": next_url})
    assert response.status_code == 302
    assert response.url == "/"


def test_signed_in_users_switch_language_too(client, district, contact_a):
    client.force_login(contact_a)
    client.get("/lingua/lld/")
    response = client.get("/area-personale/")
    assert html_lang(response) == '<html lang="lld">'


def test_cached_public_pages_follow_the_language(client, district):
    assert html_lang(client.get("/")) == '<html lang="it">'
    client.get("/lingua/en/")
    assert html_lang(client.get("/")) == '<html lang="en">'
    client.get("/lingua/it/")
    assert html_lang(client.get("/")) == '<html lang="it">'
