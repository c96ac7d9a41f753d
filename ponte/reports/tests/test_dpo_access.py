"""The data-protection officer oversees the district from outside its work: they see the audit
trail only, not the dashboard's aggregates (found by the authorization matrix, tests/security)."""

from ponte.network.models import Role
from ponte.reports.access import can_view_dashboard


def test_the_data_protection_officer_does_not_see_the_dashboard(client, make_user, coordination):
    dpo = make_user("responsabile.dati", coordination, Role.DPO)
    assert not can_view_dashboard(dpo)
    client.force_login(dpo)
    assert client.get("/cruscotto/").status_code == 403
    assert "/cruscotto/" not in client.get("/registro/").content.decode()
