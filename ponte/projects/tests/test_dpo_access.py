"""The data-protection officer oversees the district from outside its work: they see the audit
trail only, not the sub-projects (found by the authorization matrix, tests/security)."""

from ponte.network.models import Role


def test_the_data_protection_officer_does_not_see_the_sub_projects(client, make_user, coordination):
    client.force_login(make_user("responsabile.dati", coordination, Role.DPO))
    assert client.get("/progetti/").status_code == 403
    assert client.get("/progetti/nuovo/").status_code == 403
    assert "/progetti/" not in client.get("/registro/").content.decode()
