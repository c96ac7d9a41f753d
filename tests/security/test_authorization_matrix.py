"""The authorization matrix (matrix.py) against the running site, on the demo district.

- every URL pattern of ponte.urls is declared in the matrix, and every rule names a pattern;
- for every declared pattern and every identity, a GET answers what the matrix says;
- a POST-only endpoint refuses an anonymous POST and another organisation's user (403 or 404);
- the admin's generated patterns answer as ADMIN_RULE says.

Each case is a test of its own, named after the pattern and the identity.
"""

import os
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseBase
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix import (
    ACCOUNTS,
    ADMIN_PREFIX,
    ADMIN_RULE,
    ADMIN_SAMPLES,
    IDENTITIES,
    LOGIN,
    OTHER_ACCOUNTS,
    RULES,
    Outcome,
    Rule,
)

pytestmark = pytest.mark.django_db

RULES_BY_NAME = {rule.name: rule for rule in RULES}


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(route, "namespace:name") of every pattern, depth first, including the admin's."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = pattern.name or ""
            yield prefix + str(pattern.pattern), f"{namespace}:{name}" if namespace else name


def site_patterns() -> list[tuple[str, str]]:
    """Every pattern once (Django's auth URLs repeat login and password_reset, which Ponte
    mounts first with its own forms: the same route and name)."""
    return list(dict.fromkeys(walk(get_resolver())))


def outcome(response: HttpResponseBase) -> Outcome:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        return LOGIN if location.startswith(("/accounts/login/", "/admin/login/")) else 302
    return response.status_code


def signed_in(demo: dict[str, Any], username: str | None) -> Client:
    """A client, with the account's session of the package (conftest) unless anonymous."""
    client = Client()
    if username is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = demo["sessions"][username]
    return client


def account(rule: Rule, identity: str) -> str | None:
    if identity == "anonymous":
        return None
    if identity == "other_org":
        return OTHER_ACCOUNTS[rule.owner]
    return ACCOUNTS[identity]


def url_of(demo: dict[str, Any], rule: Rule) -> str:
    """The pattern's address with the codes of its objects. A rule named by its route (where two
    patterns share a name, as in the API) fills the route's <parameters> itself."""
    kwargs = demo["objects"][rule.objects] if rule.objects else {}
    if "/" in rule.name:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), rule.name)
    return reverse(rule.name, kwargs=kwargs)


def declared(route: str, name: str, names: Counter[str]) -> bool:
    """A pattern is declared by its name, or by its route where its name is not unique."""
    return route in RULES_BY_NAME or (names[name] == 1 and name in RULES_BY_NAME)


# Every pattern is declared -----------------------------------------------------------------------


def undeclared_patterns() -> list[str]:
    patterns = site_patterns()
    names = Counter(name for _route, name in patterns)
    return [
        f"{route} ({name or 'no name'})"
        for route, name in patterns
        if not route.startswith(ADMIN_PREFIX) and not declared(route, name, names)
    ]


def test_every_url_pattern_is_declared_in_the_matrix():
    undeclared = undeclared_patterns()
    assert not undeclared, "Declare these patterns in tests/security/matrix.py: " + ", ".join(
        undeclared
    )


@override_settings(ROOT_URLCONF="tests.security.urls_with_an_undeclared_page")
def test_a_new_page_without_a_rule_is_reported():
    assert undeclared_patterns() == ["pagina-nuova/ (new_page)"]


def test_every_rule_of_the_matrix_names_a_url_pattern():
    known = {part for pattern in site_patterns() for part in pattern}
    assert not [rule.name for rule in RULES if rule.name not in known]
    assert len(RULES_BY_NAME) == len(RULES), "a pattern is declared twice"


def test_every_admin_pattern_is_under_the_admin_rule():
    admin = [name for route, name in site_patterns() if route.startswith(ADMIN_PREFIX)]
    assert admin
    assert all(name.startswith("admin:") for name in admin)


# GET, for every pattern and every identity ------------------------------------------------------

# The identities whose columns run: all of them, unless PONTE_MATRIX_IDENTITIES names some. On the
# hard days (scripts/test_days.sh) only the columns whose answers hang on the demo's dated objects
# run: the owners of people, placements, referrals and meetings, and the other organisation's.
CHECKED = tuple(
    identity
    for identity in IDENTITIES
    if identity in os.environ.get("PONTE_MATRIX_IDENTITIES", ",".join(IDENTITIES)).split(",")
)

CASES = [
    pytest.param(rule, identity, id=f"{rule.name}-{identity}")
    for rule in RULES
    for identity in CHECKED
]


def fresh_api_window(rule: Rule) -> None:
    """The API limits requests per address and minute (in the cache, which lives for the whole
    package here): the cases of one address would soon be answered 429."""
    if rule.name.startswith("api/"):
        cache.clear()


@pytest.mark.parametrize(("rule", "identity"), CASES)
def test_a_get_answers_as_the_matrix_declares(demo, rule, identity):
    fresh_api_window(rule)
    client = signed_in(demo, account(rule, identity))
    url = url_of(demo, rule)
    assert outcome(client.get(url)) == rule.expected[identity], f"GET {url} as {identity}"


# POST-only endpoints -----------------------------------------------------------------------------

POST_CASES = [
    pytest.param(rule, identity, id=f"{rule.name}-{identity}")
    for rule in RULES
    if rule.post_only
    for identity in ("anonymous", "other_org")
    if identity == "anonymous" or rule.objects
]


@pytest.mark.parametrize(("rule", "identity"), POST_CASES)
def test_a_post_only_endpoint_refuses_strangers(demo, rule, identity):
    """An anonymous POST is sent to sign in (or refused); another organisation's user gets 404
    or 403, never the success of the action."""
    fresh_api_window(rule)
    client = signed_in(demo, account(rule, identity))
    url = url_of(demo, rule)
    answer = outcome(client.post(url, {}))
    if rule.post is not None:
        assert answer == rule.post[0 if identity == "anonymous" else 1], f"POST {url}: {answer}"
    elif identity == "anonymous":
        assert answer in (LOGIN, 401, 403, 405), f"POST {url} anonymously: {answer}"
    else:
        assert answer in (401, 403, 404), f"POST {url} as {OTHER_ACCOUNTS[rule.owner]}: {answer}"


# The Django admin --------------------------------------------------------------------------------


def admin_list_pages() -> list[str]:
    """The admin's pages without arguments: its index and every model's list and add page."""
    return [
        name
        for route, name in site_patterns()
        if route.startswith(ADMIN_PREFIX)
        and "<" not in route
        and name not in ("admin:login", "admin:logout")
    ]


@pytest.mark.parametrize("identity", ["anonymous", "admin"])
def test_every_admin_page_without_arguments_answers_as_the_admin_rule(demo, identity):
    client = signed_in(demo, account(ADMIN_RULE, identity))
    wrong = {}
    for name in admin_list_pages():
        answer = outcome(client.get(reverse(name)))
        expected = ADMIN_RULE.expected[identity]
        # Adding is refused where the model admin forbids it (the audit trail).
        if answer != expected and not (identity == "admin" and answer == 403):
            wrong[name] = answer
    assert not wrong, f"as {identity}"


ADMIN_CASES = [
    pytest.param(rule, identity, id=f"{rule.name}-{identity}")
    for rule in ADMIN_SAMPLES
    for identity in CHECKED
]


@pytest.mark.parametrize(("rule", "identity"), ADMIN_CASES)
def test_an_admin_page_answers_as_the_matrix_declares(demo, rule, identity):
    client = signed_in(demo, account(rule, identity))
    url = url_of(demo, rule)
    assert outcome(client.get(url)) == rule.expected[identity], f"GET {url} as {identity}"
