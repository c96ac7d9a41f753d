"""The page of a placement /percorsi/inserimenti/<code>/ and its transitions
/percorsi/inserimenti/<code>/stato/: who sees what, the next steps for the care team, refused
transitions and the places of the service."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.network.models import Organisation, Role
from ponte.pathways import services
from ponte.pathways.models import Person, Placement
from ponte.pathways.tests.placement_helpers import TODAY, company_service, placement_at

Status = Placement.Status


def url(placement) -> str:
    return f"/percorsi/inserimenti/{placement.code}/"


def transition_url(placement) -> str:
    return f"/percorsi/inserimenti/{placement.code}/stato/"


@pytest.fixture
def hosted(company, municipalities):
    """A service of the company `tutor` works for."""
    return company_service(company, municipalities)


@pytest.fixture
def other_tutor(make_organisation, make_user):
    other = make_organisation("Segheria Omega", kind=Organisation.Kind.COMPANY)
    return make_user("tutor.omega", other, Role.COMPANY_TUTOR, first_name="Ivo")


@pytest.fixture
def sensitive_person(make_person):
    return make_person(
        first_name="Mario",
        last_name="Rossi",
        basis=Person.Basis.PSYCHIATRIC,
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, make_placement, person):
    placement = make_placement(person)
    assert redirected_to_login(client.get(url(placement)), url(placement))
    response = client.post(transition_url(placement), {"to": Status.ACCEPTED})
    assert redirected_to_login(response, transition_url(placement))
    placement.refresh_from_db()
    assert placement.status == Status.PROPOSED


def test_the_care_team_sees_the_placement_and_its_next_steps(
    client, worker_a, make_placement, person
):
    placement = make_placement(person)
    client.force_login(worker_a)
    response = client.get(url(placement))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mario Rossi" in html and person.code in html
    assert "Laboratorio di cucina" in html and "Cooperativa sociale Alfa" in html
    assert italian("Accept: take a place") in html
    assert italian("Withdraw the placement") in html
    assert italian("End the placement") not in html
    assert f'action="{transition_url(placement)}"' in html


def test_reading_the_placement_records_a_read_of_identity(client, worker_a, make_placement, person):
    placement = make_placement(person)
    client.force_login(worker_a)
    client.get(url(placement))
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(person.pk), actor=worker_a
    ).exists()


def test_an_active_placement_offers_the_end_with_the_outcome(
    client, worker_a, make_placement, person
):
    placement = make_placement(person, status=Status.ACTIVE)
    client.force_login(worker_a)
    html = client.get(url(placement)).content.decode()
    assert italian("End the placement") in html
    for name in (
        "outcome",
        "interruption_cause",
        "interrupted_by",
        "contract_type",
        "contract_hours",
    ):
        assert f'name="{name}"' in html
    assert italian("Accept: take a place") not in html


def test_a_case_worker_of_another_organisation_does_not_find_it(
    client, worker_b, worker_a2, make_placement, person
):
    placement = make_placement(person, status=Status.ACTIVE)
    for user in (worker_b, worker_a2):
        client.force_login(user)
        assert client.get(url(placement)).status_code == 404
        assert client.post(transition_url(placement), {"to": Status.ENDED}).status_code == 404


def test_a_company_tutor_of_another_company_does_not_find_it(
    client, other_tutor, hosted, worker_a, person
):
    placement = placement_at(person, hosted, worker_a, Status.ACTIVE)
    client.force_login(other_tutor)
    assert client.get(url(placement)).status_code == 404


def test_the_host_tutor_does_not_see_a_placement_before_it_is_accepted(
    client, tutor, hosted, worker_a, person
):
    placement = placement_at(person, hosted, worker_a, Status.PROPOSED)
    client.force_login(tutor)
    assert client.get(url(placement)).status_code == 404


def test_the_host_tutor_sees_the_placement_but_never_the_basis_or_the_diary(
    client, tutor, hosted, worker_a, sensitive_person
):
    services.diary_write(person=sensitive_person, by=worker_a, text="Colloquio difficile oggi.")
    placement = placement_at(sensitive_person, hosted, worker_a, Status.ACTIVE)
    client.force_login(tutor)
    response = client.get(url(placement))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mario Rossi" in html  # placed with their company: they know who the intern is
    assert italian_html(str(Person.Basis.PSYCHIATRIC.label)) not in html
    assert italian_html("basis of disadvantage") not in html.lower()
    assert "Colloquio difficile" not in html
    assert f"/percorsi/{sensitive_person.code}/diario/" not in html
    assert italian("End the placement") not in html
    assert f"/percorsi/inserimenti/{placement.code}/valutazioni/nuova/" in html


def test_the_host_tutor_may_not_change_the_status(client, tutor, hosted, worker_a, person):
    placement = placement_at(person, hosted, worker_a, Status.ACTIVE)
    client.force_login(tutor)
    data = {"to": Status.ENDED, "outcome": Placement.Outcome.COMPLETED}
    assert client.post(transition_url(placement), data).status_code == 403
    placement.refresh_from_db()
    assert placement.status == Status.ACTIVE


def test_the_referrer_follows_the_placement_read_only(client, referrer, make_placement, person):
    placement = make_placement(person)
    client.force_login(referrer)
    response = client.get(url(placement))
    assert response.status_code == 200
    assert italian("Accept: take a place") not in response.content.decode()
    assert client.post(transition_url(placement), {"to": Status.ACCEPTED}).status_code == 403
    placement.refresh_from_db()
    assert placement.status == Status.PROPOSED


def test_the_transition_address_only_takes_posts(client, worker_a, make_placement, person):
    placement = make_placement(person)
    client.force_login(worker_a)
    assert client.get(transition_url(placement)).status_code == 405


# Transitions ----------------------------------------------------------------------------------


def test_the_care_team_accepts_starts_and_ends_a_placement(
    client, worker_a, make_placement, person
):
    placement = make_placement(person)
    client.force_login(worker_a)
    response = client.post(transition_url(placement), {"to": Status.ACCEPTED})
    assert response.status_code == 302 and response.url == url(placement)
    assert messages_of(response)[0][0] == "success"
    start = TODAY - timedelta(days=3)
    client.post(transition_url(placement), {"to": Status.ACTIVE, "on": start.isoformat()})
    client.post(
        transition_url(placement),
        {
            "to": Status.ENDED,
            "on": TODAY.isoformat(),
            "outcome": Placement.Outcome.HIRED,
            "contract_type": Placement.Contract.PERMANENT,
            "contract_hours": "30",
        },
    )
    placement.refresh_from_db()
    assert placement.status == Status.ENDED
    assert placement.actual_start == start
    assert placement.actual_end == TODAY
    assert placement.outcome == Placement.Outcome.HIRED
    assert (placement.contract_type, placement.contract_hours) == ("permanent", 30)
    assert placement.follow_ups.count() == 4
    html = client.get(url(placement)).content.decode()
    assert italian_html("Hired") in html
    assert f"/percorsi/inserimenti/{placement.code}/monitoraggi/1/" in html


def test_the_care_team_withdraws_a_proposal(client, worker_a, make_placement, person):
    placement = make_placement(person)
    client.force_login(worker_a)
    client.post(transition_url(placement), {"to": Status.WITHDRAWN})
    placement.refresh_from_db()
    assert placement.status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.PROPOSED, Status.ACTIVE),
        (Status.PROPOSED, Status.ENDED),
        (Status.ACTIVE, Status.ACCEPTED),
        (Status.ACTIVE, Status.WITHDRAWN),
    ],
)
def test_an_invalid_transition_is_refused_with_a_message(
    client, worker_a, make_placement, person, current, target
):
    placement = make_placement(person, status=current)
    client.force_login(worker_a)
    response = client.post(
        transition_url(placement), {"to": target, "outcome": Placement.Outcome.COMPLETED}
    )
    assert response.status_code == 302
    with_italian = italian("A placement that is %(current)s cannot become %(target)s.") % {
        "current": italian(Status(current).label).lower(),
        "target": italian(Status(target).label).lower(),
    }
    assert messages_of(response) == [("error", with_italian)]
    placement.refresh_from_db()
    assert placement.status == current


def test_an_interruption_without_a_cause_is_refused(client, worker_a, make_placement, person):
    placement = make_placement(person, status=Status.ACTIVE)
    client.force_login(worker_a)
    response = client.post(
        transition_url(placement),
        {"to": Status.ENDED, "outcome": Placement.Outcome.INTERRUPTED, "interrupted_by": "person"},
    )
    assert messages_of(response) == [
        ("error", italian("Say why the placement was interrupted and on whose side."))
    ]
    placement.refresh_from_db()
    assert placement.status == Status.ACTIVE
    assert not placement.follow_ups.exists()


def test_an_interruption_keeps_its_cause_and_side(client, worker_a, make_placement, person):
    placement = make_placement(person, status=Status.ACTIVE)
    client.force_login(worker_a)
    client.post(
        transition_url(placement),
        {
            "to": Status.ENDED,
            "outcome": Placement.Outcome.INTERRUPTED,
            "interruption_cause": "Trasferimento in altra provincia",
            "interrupted_by": Placement.Side.PERSON,
        },
    )
    placement.refresh_from_db()
    assert placement.outcome == Placement.Outcome.INTERRUPTED
    assert placement.interruption_cause == "Trasferimento in altra provincia"
    assert placement.interrupted_by == Placement.Side.PERSON


def test_an_unknown_status_is_refused_with_a_message(client, worker_a, make_placement, person):
    placement = make_placement(person)
    client.force_login(worker_a)
    response = client.post(transition_url(placement), {"to": "hired"})
    assert [level for level, _text in messages_of(response)] == ["error"]
    placement.refresh_from_db()
    assert placement.status == Status.PROPOSED


def test_accepting_beyond_the_places_fails_and_changes_nothing(
    client, worker_a, make_placement, make_person, service
):
    assert service.places == 2
    first, second, third = (make_person(first_name=name) for name in ("Anna", "Bruno", "Carla"))
    make_placement(first, status=Status.ACCEPTED)
    make_placement(second, status=Status.ACCEPTED)
    waiting = make_placement(third)
    client.force_login(worker_a)
    response = client.post(transition_url(waiting), {"to": Status.ACCEPTED})
    assert messages_of(response) == [
        ("error", italian("%(service)s has no free places left.") % {"service": service.name})
    ]
    waiting.refresh_from_db()
    assert waiting.status == Status.PROPOSED
    assert service.placements.filter(status__in=Placement.OCCUPYING).count() == 2
