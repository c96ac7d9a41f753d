"""The demo district (`manage.py seed_demo`, each app's demo.py), seeded once for this package.

Its tests check what the README and the demo accounts' users are promised — people at every
level, placements in every state, an active placement in a company for every demo tutor and case
worker, follow-ups and reviews coming up, a year of meetings, months of marketplace — and they
must hold whatever the day the demo is loaded on: CI runs this package on a few hard days too
(`make test-days`).

The demo lives in one transaction rolled back at the end of the package; each test runs in a
savepoint inside it, so a test that writes changes nothing for the next.
"""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from ponte.core.tests.helpers import seed_demo


@pytest.fixture(scope="package")
def _demo_output(django_db_setup, django_db_blocker) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        # A cheap hasher for the demo accounts: the Argon2 hashes are checked in
        # ponte/core/tests/test_seed_demo_empty.py.
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            output = seed_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_output: str, db: None) -> str:
    """The demo district is in the database; returns what seed_demo printed."""
    return _demo_output
