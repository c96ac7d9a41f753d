"""The openings' tests use the people of the pathways' tests (a person placed in an opening, a
referrer, another organisation's case worker)."""

from ponte.pathways.tests.conftest import (  # noqa: F401 - shared fixtures
    make_person,
    make_referral,
    person,
    referrer,
    referring_body,
    worker_b,
)
