"""Import of services of the chain and openings: each follows the access rules of its app."""

import pytest

from ponte.openings.models import Opening
from ponte.pathways.models import Service
from ponte.reports.models import ImportBatch
from ponte.reports.tests.import_helpers import (
    actions_of,
    csv_bytes,
    errors_of,
    last_batch,
    start,
    upload,
)

SERVICE_HEADER = ["ente", "nome", "tipo", "livelli", "posti", "comune", "attivo"]
OPENING_HEADER = [
    "ente",
    "tipo",
    "titolo",
    "mansioni",
    "livello_minimo",
    "ore_settimanali",
    "giorni",
    "comune",
    "posti",
    "dal",
    "al",
    "tutor",
]


def services_table(provider: str) -> list[list[object]]:
    return [
        SERVICE_HEADER,
        [provider, "Laboratorio di falegnameria", "laboratory", "1, 2", "6", "Predazzo", "sì"],
        [provider, "Orientamento", "pre_work", "0", "10", "Cavalese", ""],
    ]


def openings_table(host: str, tutor: str = "") -> list[list[object]]:
    return [
        OPENING_HEADER,
        [
            host,
            "tis",
            "Aiuto cuoco",
            "Verdure e pulizia.",
            "2",
            "20",
            "lun, mer, ven",
            "Tesero",
            "1",
            "01/03/2027",
            "31/08/2027",
            tutor,
        ],
    ]


def test_the_coordinator_imports_services_for_any_organisation(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, "services", "servizi.csv", csv_bytes(services_table(org_a.vat_number)))
    batch = last_batch()
    assert batch.status == ImportBatch.Status.READY, batch.report
    start(client, batch)
    service = Service.objects.get(name="Laboratorio di falegnameria")
    assert service.provider == org_a
    assert sorted(service.levels.values_list("number", flat=True)) == [1, 2]
    assert service.is_active is True

    upload(client, "services", "servizi.csv", csv_bytes(services_table(org_a.vat_number)))
    assert actions_of(last_batch()) == ["unchanged", "unchanged"]


def test_a_case_worker_imports_services_only_for_their_organisation(client, worker_a, org_a, org_b):
    client.force_login(worker_a)
    upload(client, "services", "servizi.csv", csv_bytes(services_table(org_b.vat_number)))
    assert errors_of(last_batch()) == [(2, "ente"), (3, "ente")]
    upload(client, "services", "servizi.csv", csv_bytes(services_table("")))
    start(client, last_batch())
    assert Service.objects.filter(provider=org_a).count() == 2


def test_changed_levels_of_a_service_are_shown_and_saved(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, "services", "servizi.csv", csv_bytes(services_table(org_a.vat_number)))
    start(client, last_batch())
    table = services_table(org_a.vat_number)
    table[1][3] = "2, 3"
    upload(client, "services", "servizi.csv", csv_bytes(table))
    batch = last_batch()
    assert actions_of(batch) == ["change", "unchanged"]
    assert batch.report["rows"][0][3] == ["livelli"]
    start(client, batch)
    service = Service.objects.get(name="Laboratorio di falegnameria")
    assert sorted(service.levels.values_list("number", flat=True)) == [2, 3]


def test_a_company_tutor_imports_openings_of_their_organisation(client, tutor, company):
    client.force_login(tutor)
    upload(client, "openings", "opportunita.csv", csv_bytes(openings_table("", tutor.username)))
    batch = last_batch()
    assert batch.status == ImportBatch.Status.READY, batch.report
    start(client, batch)
    opening = Opening.objects.get()
    assert opening.host == company
    assert opening.tutor == tutor
    assert opening.created_by == tutor
    assert opening.status == Opening.Status.DRAFT
    assert opening.days == [0, 2, 4]
    upload(client, "openings", "opportunita.csv", csv_bytes(openings_table("", tutor.username)))
    assert actions_of(last_batch()) == ["unchanged"]


def test_a_company_tutor_cannot_import_openings_of_another_host(client, tutor, org_a):
    client.force_login(tutor)
    upload(client, "openings", "opportunita.csv", csv_bytes(openings_table(org_a.name)))
    assert errors_of(last_batch()) == [(2, "ente")]
    assert not Opening.objects.exists()


def test_the_rules_of_the_opening_form_apply(client, worker_a, company, tutor, contact_a):
    client.force_login(worker_a)
    table = openings_table(company.vat_number, contact_a.username)
    table[1][5] = "60"  # more than 40 hours
    table[1][10] = "01/01/2027"  # ends before it starts
    upload(client, "openings", "opportunita.csv", csv_bytes(table))
    assert errors_of(last_batch()) == [(2, "al"), (2, "ore_settimanali"), (2, "tutor")]
    assert not Opening.objects.exists()


@pytest.mark.django_db
def test_the_coordinator_cannot_import_openings(client, coordinator, company):
    client.force_login(coordinator)
    response = upload(client, "openings", "opportunita.csv", csv_bytes(openings_table("")))
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()
