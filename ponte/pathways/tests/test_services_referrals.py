"""referral_create, referral_accept, referral_decline (services/referrals.py)."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from ponte.pathways import selectors, services
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


# Possible duplicates and attaching (issue 15, item 8) -------------------------------------------

MARIO_CF = "RSSMRA80A01H501U"
OTHER_CF = "VRDLCU85C42C372Z"


@pytest.fixture
def refer_to_b(referrer, referring_body, org_b, municipalities):
    def make(**fields) -> Referral:
        return services.referral_create(
            by=referrer,
            from_organisation=referring_body,
            to_organisation=org_b,
            service_kind=Referral.ServiceKind.SOCIAL_SERVICE,
            reason="Chiede un percorso.",
            person_fields={
                "first_name": "Mario",
                "last_name": "Rossi",
                "birth_date": date(1990, 5, 17),
                "basis": Person.Basis.UNCERTIFIED,
                "municipality": next(iter(municipalities.values())),
                **fields,
            },
        )

    return make


def duplicates_of(referral: Referral) -> list[Person]:
    return [match.person for match in selectors.possible_duplicates(referral)]


def test_the_same_fiscal_code_referred_twice_is_a_possible_duplicate(make_referral):
    # The finding: the second referral silently made a second person, and nobody was told.
    first = make_referral(fiscal_code=MARIO_CF)
    second = make_referral(fiscal_code=MARIO_CF, first_name="Marco")
    matches = selectors.possible_duplicates(second)
    assert [match.person for match in matches] == [first.person]
    assert matches[0].same_fiscal_code


def test_fiscal_codes_compare_without_case_and_spaces(make_referral):
    first = make_referral(fiscal_code=MARIO_CF)
    Person.objects.filter(pk=first.person.pk).update(fiscal_code=MARIO_CF.lower())
    second = make_referral(fiscal_code=MARIO_CF)
    assert duplicates_of(second) == [first.person]
    assert selectors.fiscal_code_key(" rss mra80a01 h501u ") == MARIO_CF


def test_without_a_fiscal_code_the_same_name_and_birth_date_match(make_referral):
    first = make_referral(first_name="Mario", last_name="Rossi", fiscal_code=MARIO_CF)
    second = make_referral(first_name=" mario", last_name="ROSSI ")
    matches = selectors.possible_duplicates(second)
    assert [match.person for match in matches] == [first.person]
    assert not matches[0].same_fiscal_code
    assert duplicates_of(make_referral(birth_date=date(1990, 5, 18))) == []
    assert duplicates_of(make_referral(birth_date=None)) == []


def test_two_different_fiscal_codes_are_two_people_whatever_the_name(make_referral):
    make_referral(fiscal_code=MARIO_CF)
    assert duplicates_of(make_referral(fiscal_code=OTHER_CF)) == []


def test_only_the_receiving_organisations_people_are_matched(make_referral, refer_to_b):
    refer_to_b(fiscal_code=MARIO_CF)
    referral = make_referral(fiscal_code=MARIO_CF)
    assert duplicates_of(referral) == []
    assert Person.objects.filter(fiscal_code=MARIO_CF).count() == 2


def test_anonymised_people_are_not_matched(make_referral):
    first = make_referral(fiscal_code=MARIO_CF)
    Person.objects.filter(pk=first.person.pk).update(anonymised_on=date(2020, 1, 1))
    assert duplicates_of(make_referral(fiscal_code=MARIO_CF)) == []


def test_attaching_to_an_open_pathway_accepts_the_referral_into_it(
    make_person, make_referral, worker_a2
):
    existing = make_person(fiscal_code=MARIO_CF)
    state = (existing.status, existing.case_manager_id, existing.opened_on, existing.first_name)
    referral = make_referral(fiscal_code=MARIO_CF, first_name="Mariolino", phone="0462 123456")
    duplicate_code = referral.person.code
    day = date(2027, 3, 4)
    services.referral_attach(referral=referral, to=existing, by=worker_a2, on=day)
    referral.refresh_from_db()
    existing.refresh_from_db()
    assert referral.person == existing
    assert referral.status == Referral.Status.ACCEPTED
    assert (referral.decided_by, referral.decided_on) == (worker_a2, day)
    assert (referral.attached_by, referral.attached_on) == (worker_a2, day)
    assert referral.removed_duplicate_code == duplicate_code
    # No second copy of the person's data remains; the existing record is untouched.
    assert not Person.objects.filter(code=duplicate_code).exists()
    assert Person.objects.count() == 1
    assert not Person.objects.filter(phone="0462 123456").exists()
    assert (
        existing.status,
        existing.case_manager_id,
        existing.opened_on,
        existing.first_name,
    ) == state


def test_attaching_is_in_the_audit_trail_under_both_codes(make_person, make_referral, worker_a2):
    existing = make_person(fiscal_code=MARIO_CF)
    referral = make_referral(fiscal_code=MARIO_CF)
    duplicate_code = referral.person.code
    services.referral_attach(referral=referral, to=existing, by=worker_a2)
    entry = LogEntry.objects.get(additional_data__referral_attached=referral.code)
    assert entry.actor == worker_a2
    assert entry.object_pk == str(existing.pk)
    assert existing.code in entry.object_repr and duplicate_code in entry.object_repr
    assert entry.additional_data["duplicate_removed"] == duplicate_code
    assert entry.timestamp is not None
    # The deletion of the duplicate is recorded too, its identity masked.
    deleted = LogEntry.objects.get(action=LogEntry.Action.DELETE, object_repr=duplicate_code)
    assert "Rossi" not in str(deleted.changes)


def test_attaching_to_a_closed_pathway_refers_the_person_again(
    make_person, make_referral, worker_a
):
    existing = make_person(fiscal_code=MARIO_CF)
    Person.objects.filter(pk=existing.pk).update(
        status=Person.Status.CLOSED, closed_on=date(2024, 6, 30)
    )
    referral = make_referral(fiscal_code=MARIO_CF)
    services.referral_attach(referral=referral, to=existing, by=worker_a)
    existing.refresh_from_db()
    referral.refresh_from_db()
    assert existing.status == Person.Status.REFERRED
    assert referral.status == Referral.Status.RECEIVED
    assert list(selectors.referrals_awaiting_decision(existing.organisation_id)) == [referral]
    # Deciding it as any other: the pathway opens again.
    services.referral_accept(referral=referral, by=worker_a, case_manager=worker_a)
    existing.refresh_from_db()
    assert (existing.status, existing.closed_on) == (Person.Status.OPEN, None)


def test_two_referrals_of_one_person_wait_and_are_decided_together(make_referral, worker_a):
    first = make_referral(fiscal_code=MARIO_CF)
    second = make_referral(fiscal_code=MARIO_CF)
    services.referral_attach(referral=second, to=first.person, by=worker_a)
    assert Person.objects.count() == 1
    services.referral_decline(
        referral=first, by=worker_a, reason=Referral.DeclineReason.NO_PLACES, note="Da gennaio"
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Referral.Status.DECLINED
    assert second.decline_reason == Referral.DeclineReason.NO_PLACES
    # A note is written for one referring service, not copied to the others.
    assert (first.decline_note, second.decline_note) == ("Da gennaio", "")


def test_attaching_to_a_person_of_another_organisation_is_refused(
    make_referral, refer_to_b, worker_a
):
    elsewhere = refer_to_b(fiscal_code=MARIO_CF).person
    referral = make_referral(fiscal_code=MARIO_CF)
    with pytest.raises(ValidationError):
        services.referral_attach(referral=referral, to=elsewhere, by=worker_a)
    referral.refresh_from_db()
    assert referral.person.organisation_id != elsewhere.organisation_id
    assert (referral.attached_by, referral.removed_duplicate_code) == (None, "")
    assert Person.objects.count() == 2
    assert not LogEntry.objects.filter(additional_data__has_key="referral_attached").exists()


def test_attaching_to_someone_who_does_not_match_is_refused(make_person, make_referral, worker_a):
    someone_else = make_person(fiscal_code=OTHER_CF)
    referral = make_referral(fiscal_code=MARIO_CF)
    with pytest.raises(ValidationError):
        services.referral_attach(referral=referral, to=someone_else, by=worker_a)
    assert Person.objects.count() == 2
    assert Referral.objects.get(pk=referral.pk).person_id == referral.person_id


def test_a_decided_referral_cannot_be_attached(make_referral, worker_a):
    first = make_referral(fiscal_code=MARIO_CF)
    second = make_referral(fiscal_code=MARIO_CF)
    services.referral_decline(referral=second, by=worker_a, reason=Referral.DeclineReason.OTHER)
    second.refresh_from_db()
    assert duplicates_of(second) == []
    with pytest.raises(ValidationError):
        services.referral_attach(referral=second, to=first.person, by=worker_a)
    assert Person.objects.count() == 2
