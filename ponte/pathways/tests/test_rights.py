"""The rights of a person (GDPR art. 15, 17, 20): recording requests, the export (JSON and PDF)
and the erasure by anonymisation, with who may do what."""

import io
import json
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.governance.models import AgendaCase
from ponte.matching.models import Proposal
from ponte.matching.services import proposals_withdraw
from ponte.pathways import selectors
from ponte.pathways.models import (
    Assessment,
    Consent,
    DiaryNote,
    FollowUp,
    Goal,
    Person,
    Placement,
    Plan,
    PrivacyRequest,
    Referral,
)
from ponte.pathways.rights import export, services
from ponte.pathways.rights.holders import COMPANY_SHARING_ENDED, ERASED_FIELDS, PERSON_RECORDS
from ponte.pathways.rights.services import ERASED
from ponte.pathways.tests.people_helpers import access_entries
from ponte.pathways.tests.rights_helpers import SECRETS, rich_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(make_person, make_placement, worker_a, coordinator, company) -> Person:
    return rich_person(make_person, make_placement, worker_a, coordinator, company)


def url(name: str, person: Person) -> str:
    return reverse(f"pathways:{name}", args=[person.code])


def erasure_request(person: Person, by) -> PrivacyRequest:
    return PrivacyRequest.objects.create(
        person=person,
        kind=PrivacyRequest.Kind.ERASURE,
        received_on=date.today(),
        channel=PrivacyRequest.Channel.EMAIL,
        recorded_by=by,
    )


def everything_of(person: Person) -> str:
    """Every stored value about the person, and every audit entry of their records, as text."""
    chunks = [json.dumps(list(Person.objects.filter(pk=person.pk).values()), default=str)]
    for model in (Referral, Consent, Assessment, Plan, Placement, DiaryNote, Proposal):
        chunks.append(json.dumps(list(model.objects.filter(person=person).values()), default=str))
    chunks.append(json.dumps(list(Goal.objects.filter(plan__person=person).values()), default=str))
    chunks.append(
        json.dumps(list(FollowUp.objects.filter(placement__person=person).values()), default=str)
    )
    chunks.append(
        json.dumps(list(PrivacyRequest.objects.filter(person=person).values()), default=str)
    )
    chunks.append(
        json.dumps(
            list(LogEntry.objects.values("object_repr", "changes", "changes_text")), default=str
        )
    )
    return "\n".join(chunks)


# The export covers everything ----------------------------------------------------------------


def test_every_model_pointing_to_a_person_is_in_the_export(rich):
    data = json.loads(export.person_export_json(rich))
    pointing = [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.many_to_one and field.related_model is Person
    ]
    assert pointing, "no model points to Person?"
    for model, field_name in pointing:
        accessor = model._meta.get_field(field_name).remote_field.get_accessor_name()
        assert accessor in data, f"{model.__name__} is not in the export"
        assert data[accessor], f"the example person has no {model.__name__}: add one"


def test_the_export_holds_the_records_below_the_person_too(rich):
    data = json.loads(export.person_export_json(rich))
    placement = data["placements"][0]
    assert len(placement["attendance"]) == 3
    assert placement["follow_ups"][0]["employer"] == SECRETS["employer"]
    assert data["plans"][0]["goals"][0]["text"] == SECRETS["goal"]
    assert len(data["assessments"][0]["scores"]) > 0
    assert data["person"]["first_name"] == "Ermenegildo"
    assert data["person"]["care_team"]
    assert data["diary"][0]["text"] == SECRETS["diary"]
    assert data["agenda_cases"][0]["agenda_item"]
    assert data["level_changes"]
    # A tutor's evaluation is under the assessments, not again under its placement.
    assert "evaluations" not in placement


def test_every_free_text_field_of_a_persons_records_is_erased_or_known_to_be_kept():
    # Codes are pseudonymous (a referral attached to an existing record keeps the code of the
    # duplicate record removed).
    kept = {"code", "icf_code", "available_days", "removed_duplicate_code"}
    for relation in export.owned_relations(Person, top=True):
        models = [relation.related_model]
        models += [
            r.related_model for r in export.owned_relations(relation.related_model, top=False)
        ]
        for model in [Person, *models]:
            if model is DiaryNote or model is AgendaCase:
                continue  # the diary is deleted; a case on the agenda has no text
            for field in model._meta.concrete_fields:
                free_text = (
                    field.get_internal_type() in ("CharField", "TextField") and not field.choices
                )
                if free_text and field.name not in kept:
                    erased = {**ERASED, **ERASED_FIELDS}.get(model, {})
                    assert field.name in erased, f"{model.__name__}.{field.name}"


def test_the_erasure_reaches_the_records_of_the_apps_built_on_pathways(rich):
    # pathways imports no later app: governance registers its cases on the agenda, matching its
    # proposals with the notes erasure blanks and their withdrawal (ready()).
    assert PERSON_RECORDS[AgendaCase] == "person"
    assert PERSON_RECORDS[Proposal] == "person"
    assert ERASED_FIELDS[Proposal] == {"note": "", "decline_note": ""}
    assert proposals_withdraw in COMPANY_SHARING_ENDED
    case = AgendaCase.objects.get(person=rich)
    assert services._owned_ids(rich)[AgendaCase] == [str(case.pk)]


# Requests --------------------------------------------------------------------------------------


def test_the_care_team_records_a_request(client, worker_a, person):
    client.force_login(worker_a)
    response = client.post(
        url("rights", person),
        {"kind": "access", "received_on": date.today().isoformat(), "channel": "email", "note": ""},
    )
    assert response.status_code == 302
    request = PrivacyRequest.objects.get(person=person)
    assert (request.kind, request.recorded_by, request.answered_on) == ("access", worker_a, None)
    assert ("success", italian("The request has been recorded.")) in messages_of(response)


def test_the_coordinator_records_a_request_and_sees_the_code_only(client, coordinator, person):
    client.force_login(coordinator)
    page = client.get(url("rights", person))
    assert page.status_code == 200
    assert person.code in page.content.decode()
    assert person.last_name not in page.content.decode()
    response = client.post(
        url("rights", person),
        {"kind": "erasure", "received_on": date.today().isoformat(), "channel": "pec"},
    )
    assert response.status_code == 302
    assert PrivacyRequest.objects.filter(person=person, kind="erasure").exists()


def test_it_refuses_a_request_received_in_the_future_and_saves_nothing(client, worker_a, person):
    client.force_login(worker_a)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(
        url("rights", person), {"kind": "access", "received_on": tomorrow, "channel": "email"}
    )
    assert response.status_code == 200
    assert italian_html("A request cannot be received in the future.") in response.content.decode()
    assert not PrivacyRequest.objects.exists()


def test_it_refuses_a_request_without_a_kind(client, worker_a, person):
    client.force_login(worker_a)
    response = client.post(url("rights", person), {"received_on": "", "channel": "fax"})
    assert response.status_code == 200
    assert not PrivacyRequest.objects.exists()


def test_the_rights_page_is_refused_to_others(
    client, person, worker_a2, worker_b, tutor, contact_a
):
    path = url("rights", person)
    assert redirected_to_login(client.get(path), path)
    for user, status in ((worker_a2, 404), (worker_b, 404), (tutor, 403), (contact_a, 403)):
        client.force_login(user)
        assert client.get(path).status_code == status, user
        assert client.post(path, {"kind": "access"}).status_code == status, user
    assert not PrivacyRequest.objects.exists()


def test_an_unknown_code_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("pathways:rights", args=["FF-ZZZZ"])).status_code == 404


# Export ---------------------------------------------------------------------------------------


def test_the_care_team_downloads_the_json_export_and_it_is_audited(client, worker_a, rich):
    client.force_login(worker_a)
    before = access_entries(rich, worker_a)
    response = client.get(url("export_json", rich))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="dati-{rich.code}.json"'
    data = json.loads(response.content)
    assert data["person"]["code"] == rich.code
    assert access_entries(rich, worker_a) == before + 1
    # The open access request is answered by the download.
    request = PrivacyRequest.objects.get(person=rich, kind="access")
    assert (request.answered_on, request.answered_by) == (date.today(), worker_a)


def test_the_pdf_export_is_readable_and_in_italian(client, worker_a, rich):
    client.force_login(worker_a)
    before = access_entries(rich, worker_a)
    response = client.get(url("export_pdf", rich))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ermenegildo" in text
    assert rich.code in text
    assert SECRETS["diary"] in text
    assert italian("Identity and profile") in text
    assert access_entries(rich, worker_a) == before + 1


def test_the_export_is_refused_outside_the_care_team(
    client, rich, coordinator, worker_a2, worker_b, tutor
):
    for name in ("export_json", "export_pdf"):
        path = url(name, rich)
        client.logout()
        assert redirected_to_login(client.get(path), path)
        for user, status in ((coordinator, 403), (worker_a2, 404), (worker_b, 404), (tutor, 403)):
            client.force_login(user)
            assert client.get(path).status_code == status, (name, user)
    assert PrivacyRequest.objects.get(person=rich, kind="access").answered_on is None


# Erasure --------------------------------------------------------------------------------------


def test_the_coordinator_erases_a_person_on_their_request(client, coordinator, worker_a, rich):
    pending = erasure_request(rich, worker_a)
    client.force_login(coordinator)
    page = client.get(url("erase", rich))
    assert page.status_code == 200
    response = client.post(url("erase", rich), {"code": rich.code.lower()})
    assert response.status_code == 302
    rich.refresh_from_db()
    assert rich.anonymised_on == date.today()
    assert (rich.first_name, rich.last_name, rich.birth_date, rich.email) == ("", "", None, "")
    assert not DiaryNote.objects.filter(person=rich).exists()
    text = everything_of(rich)
    for secret in (*SECRETS.values(), "Ermenegildo", "Zanolli", "Via dei Boschi", "333 1234567"):
        assert secret not in text, secret
    # Kept: the code, levels, placements with hours and outcomes, attendance, follow-ups.
    placement = Placement.objects.get(person=rich)
    assert placement.outcome == Placement.Outcome.INTERRUPTED
    assert placement.attendance.count() == 3
    assert placement.follow_ups.get(months=1).employed is True
    assert rich.level_changes.exists()
    assert Consent.objects.filter(person=rich).count() == 2
    # Nothing stays with a company: the open proposal is withdrawn.
    assert Proposal.objects.get(person=rich).status == Proposal.Status.WITHDRAWN
    # The request is answered; the erasure is in the audit trail.
    pending.refresh_from_db()
    assert (pending.answered_on, pending.answered_by) == (date.today(), coordinator)
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(rich.pk)
    ).latest("pk")
    assert entry.actor == coordinator
    assert entry.additional_data["request"] == pending.code
    # Nobody finds the person by name any more; the code still works.
    assert not selectors.caseload_for_worker(worker_a, query="Zanolli").exists()
    assert selectors.caseload_for_worker(worker_a, query=rich.code).exists()


def test_erasure_without_a_recorded_request_is_refused_and_changes_nothing(
    client, coordinator, rich
):
    client.force_login(coordinator)
    before = everything_of(rich)
    for response in (
        client.get(url("erase", rich)),
        client.post(url("erase", rich), {"code": rich.code}),
    ):
        assert response.status_code == 302
        assert (
            "error",
            italian("Record the person's request of erasure first: erasure needs one."),
        ) in messages_of(response)
    rich.refresh_from_db()
    assert rich.anonymised_on is None
    assert everything_of(rich) == before


def test_erasure_needs_the_code_typed_to_confirm(client, coordinator, worker_a, rich):
    erasure_request(rich, worker_a)
    client.force_login(coordinator)
    response = client.post(url("erase", rich), {"code": "FF-XXXX"})
    assert response.status_code == 200
    assert italian_html("The code does not match the person's code.") in response.content.decode()
    rich.refresh_from_db()
    assert rich.anonymised_on is None
    assert rich.first_name == "Ermenegildo"


def test_erasure_is_refused_to_everyone_but_the_coordinator(
    client, worker_a, worker_a2, worker_b, tutor, contact_a, rich
):
    erasure_request(rich, worker_a)
    path = url("erase", rich)
    assert redirected_to_login(client.post(path, {"code": rich.code}), path)
    for user, status in (
        (worker_a, 403),
        (worker_a2, 404),
        (worker_b, 404),
        (tutor, 403),
        (contact_a, 403),
    ):
        client.force_login(user)
        assert client.post(path, {"code": rich.code}).status_code == status, user
    rich.refresh_from_db()
    assert rich.anonymised_on is None


def test_an_erased_person_cannot_be_erased_twice_nor_get_new_requests(
    client, coordinator, worker_a, rich
):
    erasure_request(rich, worker_a)
    client.force_login(coordinator)
    client.post(url("erase", rich), {"code": rich.code})
    response = client.get(url("erase", rich))
    assert response.status_code == 302
    response = client.post(
        url("rights", rich),
        {"kind": "access", "received_on": date.today().isoformat(), "channel": "email"},
    )
    assert response.status_code == 200
    assert PrivacyRequest.objects.filter(person=rich).count() == 2


# The coordinator's list of requests -------------------------------------------------------------


def test_the_coordinator_lists_the_requests_in_a_fixed_number_of_queries(
    client, coordinator, worker_a, make_person, django_assert_max_num_queries
):
    """The page's own reads are two (the count and the page, with the people and the users
    joined), however many requests; the rest are the site's fixed ones (session, user, role,
    the district, whose cache may or may not be warm)."""

    def own(captured) -> list[str]:
        return [query["sql"] for query in captured.captured_queries if "pathways_" in query["sql"]]

    people = [make_person(first_name=f"Pasquale{i}") for i in range(3)]
    for someone in people:
        erasure_request(someone, worker_a)
    client.force_login(coordinator)
    path = reverse("pathways:privacy_requests")
    client.get(path)
    with django_assert_max_num_queries(10) as captured:
        response = client.get(path)
        assert len(own(captured)) == 2
    assert response.status_code == 200
    for someone in people:
        assert someone.code in response.content.decode()
        assert someone.first_name not in response.content.decode()
    for someone in [make_person(first_name=f"Quirino{i}") for i in range(4)]:
        erasure_request(someone, worker_a)
    with django_assert_max_num_queries(10) as captured:
        response = client.get(path)
        assert len(own(captured)) == 2
    assert response.content.decode().count("/dati/") >= 7


def test_the_list_of_requests_is_for_the_coordinator_only(client, worker_a, tutor):
    path = reverse("pathways:privacy_requests")
    assert redirected_to_login(client.get(path), path)
    for user in (worker_a, tutor):
        client.force_login(user)
        assert client.get(path).status_code == 403


def test_the_care_team_finds_the_rights_page_from_the_person_page(client, worker_a, person):
    client.force_login(worker_a)
    response = client.get(url("person", person))
    assert url("rights", person) in response.content.decode()


def test_the_coordinator_finds_the_requests_in_the_navigation(client, coordinator, worker_a):
    client.force_login(coordinator)
    assert reverse("pathways:privacy_requests") in client.get("/").content.decode()
    client.force_login(worker_a)
    assert reverse("pathways:privacy_requests") not in client.get("/").content.decode()
