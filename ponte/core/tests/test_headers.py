"""Security headers on every page (Content-Security-Policy, frame denial, referrer and
permissions policies) and templates that the strict policy can run: no inline script, no on*
handler, no style attribute, no javascript: address."""

import re
from pathlib import Path

import pytest
from django.conf import settings

PONTE = Path(settings.BASE_DIR) / "ponte"
# Documents that WeasyPrint turns into PDF (their <style> never reaches a browser) are left out.
TEMPLATES = sorted(
    path
    for path in PONTE.glob("**/templates/**/*.html")
    if "@page" not in path.read_text(encoding="utf-8")
)


def csp_of(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/area-personale/"])
def test_every_page_carries_a_strict_content_security_policy(client, contact_a, path):
    client.force_login(contact_a)
    csp = csp_of(client.get(path))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]


def test_no_script_may_run_inline_or_from_eval(client, db):
    header = client.get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_the_other_security_headers_are_set(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_templates_were_found():
    assert len(TEMPLATES) > 50


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
HTMX_EVAL = re.compile(r"""\shx-on[:-]|hx-vals=["']\s*js:|hx-vars=""", re.IGNORECASE)


@pytest.mark.parametrize(
    "pattern",
    [INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT, JAVASCRIPT_URL, HTMX_EVAL],
    ids=["inline script", "on* handler", "style attribute", "style element", "javascript:", "hx"],
)
def test_no_template_has_what_the_policy_blocks(pattern):
    found = [
        f"{template.relative_to(PONTE)}: {match.group(0)[:80]}"
        for template in TEMPLATES
        for match in pattern.finditer(template.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_rendered_page_has_no_inline_script(client, contact_a):
    client.force_login(contact_a)
    html = client.get("/area-personale/").content.decode()
    assert "<script" in html
    assert INLINE_SCRIPT.findall(html) == []
    assert EVENT_HANDLER.findall(html) == []
