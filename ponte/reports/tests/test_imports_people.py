"""Import of people with their consents: case workers only, into their own organisation; the
importer becomes case manager; identity never appears in the report; the audit trail names
the importer."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ponte.pathways.models import Consent, LevelChange, Person
from ponte.pathways.tests.conftest import (  # noqa: F401 - fixtures
    make_person,
    make_referral,
    referrer,
    referring_body,
    worker_b,
)
from ponte.reports.models import ImportBatch
from ponte.reports.tests.import_helpers import (
    actions_of,
    csv_bytes,
    errors_of,
    last_batch,
    start,
    upload,
    xlsx_bytes,
)

HEADER = [
    "codice_fiscale",
    "nome",
    "cognome",
    "data_nascita",
    "base_svantaggio",
    "comune",
    "livello",
    "giorni_disponibili",
    "consenso_finalita",
    "consenso_dal",
    "consenso_scadenza",
    "consenso_documento",
]
MARIO = [
    "RSSMRA80A01H501U",
    "Mario",
    "Rossi",
    "01/01/1980",
    "uncertified",
    "Cavalese",
    "2",
    "lun, mer",
]
LUCIA = ["BNCLCU85M41L378O", "Lucia", "Bianchi", "01/08/1985", "law68", "Predazzo", "", ""]


def people_table() -> list[list[object]]:
    return [
        HEADER,
        [*MARIO, "pathway", "10/01/2026", "", "Prot. 1/2026"],
        [*MARIO, "statistics", "10/01/2026", "10/01/2028", "Prot. 1/2026"],
        [*LUCIA, "", "", "", ""],
    ]


@pytest.fixture
def as_worker(client, worker_a):
    client.force_login(worker_a)
    return client


def test_a_case_worker_imports_people_and_becomes_their_case_manager(as_worker, worker_a, org_a):
    upload(as_worker, "people", "persone.csv", csv_bytes(people_table()))
    batch = last_batch()
    assert batch.status == ImportBatch.Status.READY, batch.report
    assert actions_of(batch) == ["create"] * 3
    # The report, kept with the batch, names nobody.
    assert "Rossi" not in str(batch.report) and "RSSMRA" not in str(batch.report)
    assert not Person.objects.exists()

    start(as_worker, batch)
    assert last_batch().status == ImportBatch.Status.DONE
    mario = Person.objects.get(fiscal_code="RSSMRA80A01H501U")
    assert mario.organisation == org_a
    assert mario.case_manager == worker_a
    assert list(mario.care_team.all()) == [worker_a]
    assert mario.status == Person.Status.OPEN
    assert mario.level.number == 2
    assert mario.available_days == [0, 2]
    assert sorted(mario.consents.values_list("purpose", flat=True)) == ["pathway", "statistics"]
    assert mario.consents.get(purpose="statistics").expires_on == date(2028, 1, 10)
    assert LevelChange.objects.filter(person=mario, cause=LevelChange.Cause.INTAKE).exists()
    lucia = Person.objects.get(fiscal_code="BNCLCU85M41L378O")
    assert lucia.level.number == 0
    assert not lucia.consents.exists()
    created = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=mario.pk,
        action=LogEntry.Action.CREATE,
    ).get()
    assert created.actor == worker_a
    assert (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Consent), actor=worker_a
        ).count()
        == 2
    )


def test_importing_the_same_people_again_changes_nothing(as_worker):
    content = xlsx_bytes(people_table())
    upload(as_worker, "people", "persone.xlsx", content)
    start(as_worker, last_batch())
    counts = (Person.objects.count(), Consent.objects.count(), LogEntry.objects.count())

    upload(as_worker, "people", "persone.xlsx", content)
    batch = last_batch()
    assert actions_of(batch) == ["unchanged"] * 3
    start(as_worker, batch)
    assert last_batch().status == ImportBatch.Status.DONE
    assert (Person.objects.count(), Consent.objects.count(), LogEntry.objects.count()) == counts


def test_a_new_consent_for_a_known_person_is_a_change(as_worker):
    upload(as_worker, "people", "persone.csv", csv_bytes(people_table()))
    start(as_worker, last_batch())
    table = people_table()
    table[3][8:] = ["companies", "01/02/2026", "", "Prot. 9/2026"]
    upload(as_worker, "people", "persone.csv", csv_bytes(table))
    batch = last_batch()
    assert actions_of(batch) == ["unchanged", "unchanged", "change"]
    start(as_worker, batch)
    lucia = Person.objects.get(fiscal_code="BNCLCU85M41L378O")
    assert list(lucia.consents.values_list("purpose", flat=True)) == ["companies"]


def test_rows_of_the_same_person_must_agree(as_worker):
    table = people_table()
    table[2][2] = "Rossini"
    upload(as_worker, "people", "persone.csv", csv_bytes(table))
    batch = last_batch()
    assert errors_of(batch) == [(3, "cognome")]
    assert not Person.objects.exists()


def test_a_bad_consent_is_reported_and_nothing_is_saved(as_worker):
    table = people_table()
    table[1][10] = "01/01/2026"  # expires before it was given
    table[2][11] = ""  # no signed document
    upload(as_worker, "people", "persone.csv", csv_bytes(table))
    assert errors_of(last_batch()) == [(2, "consenso_scadenza"), (3, "consenso_documento")]
    assert not Person.objects.exists() and not Consent.objects.exists()


def test_the_same_consent_twice_in_the_file_is_a_duplicate(as_worker):
    table = people_table()
    table[2][8] = "pathway"
    upload(as_worker, "people", "persone.csv", csv_bytes(table))
    assert errors_of(last_batch()) == [(3, "codice_fiscale")]


def test_a_person_followed_by_another_care_team_is_neither_revealed_nor_changed(
    client,
    make_person,  # noqa: F811 - the pathways fixture
    worker_b,  # noqa: F811
):
    other = make_person(fiscal_code="RSSMRA80A01H501U")  # followed by worker_a, in A
    client.force_login(worker_b)
    upload(client, "people", "persone.csv", csv_bytes(people_table()))
    batch = last_batch()
    assert actions_of(batch) == ["create"] * 3
    start(client, batch)
    other.refresh_from_db()
    assert other.first_name == "Mario" and other.case_manager != worker_b
    assert Person.objects.filter(fiscal_code="RSSMRA80A01H501U").count() == 2


def test_only_case_workers_import_people(client, coordinator, contact_a, tutor):
    for user in (coordinator, contact_a, tutor):
        client.force_login(user)
        response = upload(client, "people", "persone.csv", csv_bytes(people_table()))
        assert response.status_code == 400
        url = reverse("reports:import_template", args=["people", "xlsx"])
        assert client.get(url).status_code == 403
    assert not ImportBatch.objects.exists()
    assert not Person.objects.exists()


def test_an_unknown_municipality_and_a_bad_fiscal_code_are_reported(as_worker):
    table = people_table()
    table[3][0] = "BNCLCU85M41L378X"
    table[3][5] = "Bolzano"
    for row in table[1:3]:
        row[5] = "022050"  # the ISTAT code
    upload(as_worker, "people", "persone.csv", csv_bytes(table))
    assert errors_of(last_batch()) == [(4, "codice_fiscale"), (4, "comune")]


def test_a_person_of_ones_own_organisation_is_not_imported_a_second_time(
    client,
    make_person,  # noqa: F811 - the pathways fixture
    make_user,
    org_a,
):
    """Issue 15, item 8: a colleague's person (or one whose referral waits) with the same
    fiscal code, even typed otherwise, was silently created again."""
    from ponte.network.models import Role

    colleague_case = make_person(fiscal_code="RSSMRA80A01H501U")  # followed by worker_a
    Person.objects.filter(pk=colleague_case.pk).update(fiscal_code="rssmra80a01h501u")
    importer = make_user("operatore.alfa3", org_a, Role.CASE_WORKER)
    client.force_login(importer)
    upload(client, "people", "persone.csv", csv_bytes(people_table()))
    batch = last_batch()
    assert errors_of(batch) == [(2, "codice_fiscale"), (3, "codice_fiscale")]
    assert "RSSMRA" not in str(batch.report) and colleague_case.code not in str(batch.report)
    assert Person.objects.count() == 1


def test_a_known_fiscal_code_typed_otherwise_is_recognised(as_worker):
    upload(as_worker, "people", "persone.csv", csv_bytes(people_table()))
    start(as_worker, last_batch())
    Person.objects.filter(fiscal_code="RSSMRA80A01H501U").update(fiscal_code="rssmra80a01h501u")
    upload(as_worker, "people", "persone.csv", csv_bytes(people_table()))
    # The same person, whose fiscal code is now written in capitals: not a second one.
    assert actions_of(last_batch()) == ["change", "unchanged", "unchanged"]
    start(as_worker, last_batch())
    assert list(Person.objects.values_list("fiscal_code", flat=True).order_by("fiscal_code")) == [
        "BNCLCU85M41L378O",
        "RSSMRA80A01H501U",
    ]
