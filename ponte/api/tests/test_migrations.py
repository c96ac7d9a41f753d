"""api 0002: tokens made before expiry existed are given 90 days from the upgrade (CHANGELOG),
so that no program stops on the day of the upgrade."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ponte.api.models import ApiToken


@pytest.mark.time_machine(datetime(2028, 2, 29, 10, tzinfo=UTC))
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_tokens_expire_90_days_after_the_upgrade(contact_a):
    executor = MigrationExecutor(connection)
    executor.migrate([("api", "0001_initial")])
    executor.loader.build_graph()
    old = executor.loader.project_state([("api", "0001_initial")]).apps
    membership = old.get_model("network", "Membership").objects.get(user_id=contact_a.pk)
    old.get_model("api", "ApiToken").objects.create(
        membership_id=membership.pk, name="Vecchio", prefix="OLD1", secret_hash="0" * 64
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    token = ApiToken.objects.get(prefix="OLD1")
    assert token.expires_on == date(2028, 5, 29)
    assert token.is_active
