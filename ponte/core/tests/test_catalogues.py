"""The translation catalogues: Italian and English complete, Ladin for the public pages, and the
compiled .mo files (committed, so that no machine needs gettext) up to date with the .po files."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
STRING = r'"((?:[^"\\]|\\.)*)"'


def unquote(block: str) -> str:
    # PO strings use C escapes, which Python's string literals read the same way.
    return "".join(ast.literal_eval(f'"{part}"') for part in re.findall(STRING, block))


def entries(language: str) -> list[dict[str, object]]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    found = []
    for block in text.split("\n\n")[1:]:
        msgid = re.search(r"^msgid ((?:\".*\"\n?)+)", block, re.M)
        if not msgid:
            continue
        context = re.search(r"^msgctxt ((?:\".*\"\n?)+)", block, re.M)
        strings = re.findall(r"^msgstr(?:\[\d\])? ((?:\".*\"\n?)+)", block, re.M)
        found.append(
            {
                "msgid": unquote(msgid.group(1)),
                "context": unquote(context.group(1)) if context else None,
                "msgstr": [unquote(s) for s in strings],
                "fuzzy": "#, fuzzy" in block or re.search(r"^#,.*fuzzy", block, re.M) is not None,
                "plural": "msgid_plural" in block,
            }
        )
    return found


@pytest.mark.parametrize("language", ["it", "en"])
def test_italian_and_english_have_no_untranslated_or_fuzzy_string(language):
    problems = [e["msgid"] for e in entries(language) if e["fuzzy"] or not all(e["msgstr"])]
    assert problems == []


@pytest.mark.parametrize(
    "msgid",
    [
        "Members of the district",
        "What a solidarity-economy district is",
        "Search by name",
        "Map of the members",
        "Skip to the content",
        "Sign in",
        "Social cooperative (type B)",
    ],
)
def test_ladin_covers_the_public_pages(msgid):
    ladin = {e["msgid"]: e for e in entries("lld")}
    assert all(ladin[msgid]["msgstr"]), msgid


@pytest.mark.parametrize("language", ["it", "en", "lld"])
def test_the_compiled_catalogue_matches_the_source(language):
    mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries(language):
        if entry["fuzzy"] or not all(entry["msgstr"]) or entry["plural"]:
            continue
        msgid, context = str(entry["msgid"]), entry["context"]
        found = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        if found != entry["msgstr"][0]:  # type: ignore[index]
            stale.append(entry["msgid"])
    assert stale == [], "run `make messages` (or compilemessages) and commit the .mo files"
