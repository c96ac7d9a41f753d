"""referral_create, referral_accept, referral_decline (services/referrals.py)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from ponte.pathways import services
from ponte.pathways.models import LevelChange, Person, Referral

TODAY = date.today()


def test_a_referral_makes_a_referred_person_at_the_lowest_level(make_referral, org_a, referrer):
    referral = make_referral(first_name="Elisa", last_name="Vinante")
    person = referral.person
    assert person.status == Person.Status.REFERRED
    assert person.level.number == 0
    assert person.organisation == org_a
    assert person.case_manager is None
    assert not person.care_team.exists()
    assert referral.status == Referral.Status.RECEIVED
    assert referral.referred_by == referrer
    assert referral.referred_on == TODAY


def test_the_person_gets_a_pseudonymous_code_that_is_not_the_name(make_referral):
    person = make_referral(first_name="Elisa", last_name="Vinante").person
    assert person.code.startswith("FF-") and len(person.code) == 7
    assert str(person) == person.code
    assert "Vinante" not in str(person)


def test_a_code_already_taken_is_drawn_again(make_referral, monkeypatch):
    # Four characters: among thousands of people a draw meets a taken code now and then.
    taken = make_referral(first_name="Elisa", last_name="Vinante").person.code
    draws = iter([taken.removeprefix("FF-"), taken.removeprefix("FF-"), "7K3Q"])
    monkeypatch.setattr("ponte.pathways.models.random_code", lambda length: next(draws))
    person = make_referral(first_name="Ivan", last_name="Zeni").person
    assert person.code == "FF-7K3Q"
    assert Person.objects.count() == 2


def test_a_bad_fiscal_code_saves_nothing(make_referral):
    with pytest.raises(ValidationError):
        make_referral(fiscal_code="RSSMRA80A01C794X")
    assert Person.objects.count() == 0
    assert Referral.objects.count() == 0


def test_a_referral_without_a_reason_saves_nothing(referrer, referring_body, org_a, municipalities):
    with pytest.raises(ValidationError):
        services.referral_create(
            by=referrer,
            from_organisation=referring_body,
            to_organisation=org_a,
            service_kind=Referral.ServiceKind.MENTAL_HEALTH,
            reason="",
            person_fields={
                "first_name": "Luca",
                "last_name": "Zeni",
                "basis": Person.Basis.PSYCHIATRIC,
                "municipality": next(iter(municipalities.values())),
            },
        )
    assert Person.objects.count() == 0


def test_accepting_opens_the_pathway_with_a_case_manager_and_care_team(
    make_referral, worker_a, worker_a2
):
    referral = make_referral()
    day = TODAY - timedelta(days=2)
    person = services.referral_accept(
        referral=referral, by=worker_a2, case_manager=worker_a, on=day
    )
    person.refresh_from_db()
    assert person.status == Person.Status.OPEN
    assert person.case_manager == worker_a
    assert list(person.care_team.all()) == [worker_a]
    assert person.opened_on == day
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert (referral.decided_by, referral.decided_on) == (worker_a2, day)


def test_accepting_records_the_intake_level(make_referral, worker_a):
    person = services.referral_accept(referral=make_referral(), by=worker_a, case_manager=worker_a)
    change = person.level_changes.get()
    assert change.cause == LevelChange.Cause.INTAKE
    assert change.from_level is None
    assert change.to_level.number == 0
    assert change.changed_on == TODAY


@pytest.mark.parametrize("first", ["accept", "decline"])
@pytest.mark.parametrize("second", ["accept", "decline"])
def test_a_referral_cannot_be_decided_twice(make_referral, worker_a, first, second):
    referral = make_referral()

    def decide(how: str) -> None:
        if how == "accept":
            services.referral_accept(referral=referral, by=worker_a, case_manager=worker_a)
        else:
            services.referral_decline(
                referral=referral, by=worker_a, reason=Referral.DeclineReason.NO_PLACES
            )

    decide(first)
    person = Person.objects.get()
    state = (person.status, person.case_manager_id, Referral.objects.get().status)
    changes = LevelChange.objects.count()
    with pytest.raises(ValidationError):
        decide(second)
    person.refresh_from_db()
    assert (person.status, person.case_manager_id, Referral.objects.get().status) == state
    assert LevelChange.objects.count() == changes


def test_declining_needs_a_coded_reason(make_referral, worker_a):
    referral = make_referral()
    for reason in ["", "non ci piace"]:
        with pytest.raises(ValidationError):
            services.referral_decline(referral=referral, by=worker_a, reason=reason)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED
    assert referral.person.status == Person.Status.REFERRED


def test_declining_records_the_reason_and_closes_the_person(make_referral, worker_a):
    referral = make_referral()
    services.referral_decline(
        referral=referral,
        by=worker_a,
        reason=Referral.DeclineReason.OTHER_SERVICE,
        note="Seguito dal centro di salute mentale.",
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decline_reason == Referral.DeclineReason.OTHER_SERVICE
    assert referral.decline_note == "Seguito dal centro di salute mentale."
    assert (referral.decided_by, referral.decided_on) == (worker_a, TODAY)
    assert referral.person.status == Person.Status.DECLINED
    assert not referral.person.level_changes.exists()


def test_a_declined_person_cannot_be_placed(make_referral, worker_a, service, org_a):
    referral = make_referral()
    services.referral_decline(referral=referral, by=worker_a, reason=Referral.DeclineReason.OTHER)
    with pytest.raises(ValidationError):
        services.placement_propose(
            person=referral.person,
            service=service,
            by=worker_a,
            planned_start=TODAY,
            planned_end=TODAY + timedelta(days=30),
            hours_per_week=10,
            promoter=org_a,
        )
