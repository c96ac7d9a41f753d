"""The proposal workflow: consent enforced in the service, every step notifies the other side
(in Ponte and by email, by code only), withdrawing consent withdraws open proposals, and the
opening's places are never exceeded."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from ponte.matching import services
from ponte.matching.models import Proposal
from ponte.network.models import Notification
from ponte.openings.models import Opening
from ponte.pathways import services as pathway_services
from ponte.pathways.models import Consent, Placement

from .conftest import at_level, consent_to_companies

pytestmark = pytest.mark.django_db


def _place(proposal, by, org, **fields):
    return services.proposal_place(
        proposal=proposal,
        by=by,
        planned_start=fields.pop("planned_start", date.today()),
        planned_end=fields.pop("planned_end", date.today() + timedelta(days=90)),
        hours_per_week=20,
        promoter=org,
        **fields,
    )


def test_it_proposes_a_consenting_candidate_and_tells_the_tutor(
    opening, candidate, worker_a, tutor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_create(
            opening=opening, person=candidate, by=worker_a, score=72.35
        )
    assert proposal.status == Proposal.Status.PROPOSED
    assert str(proposal.score) == "72.4"
    notification = Notification.objects.get(recipient=tutor)
    assert candidate.code in notification.text
    assert "Rossi" not in notification.text and "Mario" not in notification.text
    assert notification.url == f"/opportunita/proposte/{proposal.code}/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [tutor.email]
    assert "Rossi" not in mail.outbox[0].body and candidate.code in mail.outbox[0].body


def test_it_refuses_a_proposal_without_the_consent_to_share_with_companies(
    opening, person, worker_a
):
    at_level(person, 3)
    with pytest.raises(ValidationError):
        services.proposal_create(opening=opening, person=person, by=worker_a)
    assert not Proposal.objects.exists()
    assert not Notification.objects.exists()


def test_it_refuses_a_proposal_when_the_consent_has_expired(opening, person, worker_a):
    at_level(person, 3)
    consent_to_companies(
        person,
        worker_a,
        given_on=date.today() - timedelta(days=400),
        expires_on=date.today() - timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.proposal_create(opening=opening, person=person, by=worker_a)
    assert not Proposal.objects.exists()


def test_it_refuses_a_person_below_the_minimum_level(opening, candidate, worker_a):
    at_level(candidate, 1)
    with pytest.raises(ValidationError):
        services.proposal_create(opening=opening, person=candidate, by=worker_a)
    assert not Proposal.objects.exists()


def test_it_refuses_a_second_open_proposal_for_the_same_opening(
    proposal, opening, candidate, worker_a
):
    with pytest.raises(ValidationError):
        services.proposal_create(opening=opening, person=candidate, by=worker_a)
    assert Proposal.objects.count() == 1


def test_it_refuses_a_proposal_to_an_opening_that_is_not_open(make_opening, candidate, worker_a):
    draft = make_opening(status=Opening.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.proposal_create(opening=draft, person=candidate, by=worker_a)


def test_the_tutor_accepts_an_interview_and_the_case_worker_is_told(proposal, tutor, worker_a):
    services.proposal_answer(proposal=proposal, by=tutor, interview=True)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.INTERVIEW
    assert proposal.decided_by == tutor
    assert Notification.objects.filter(
        recipient=worker_a, text__contains=proposal.person.code
    ).exists()


def test_the_tutor_declines_with_a_coded_reason(proposal, tutor, worker_a):
    services.proposal_answer(
        proposal=proposal, by=tutor, interview=False, reason="availability", note="Serve il sabato."
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    assert proposal.decline_reason == "availability"
    assert proposal.decline_note == "Serve il sabato."


def test_declining_needs_a_reason(proposal, tutor):
    with pytest.raises(ValidationError):
        services.proposal_answer(proposal=proposal, by=tutor, interview=False, reason="")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


def test_the_tutor_may_decline_after_the_interview(proposal, tutor):
    services.proposal_answer(proposal=proposal, by=tutor, interview=True)
    services.proposal_answer(proposal=proposal, by=tutor, interview=False, reason="interview")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED


def test_a_declined_proposal_takes_no_further_step(proposal, tutor, worker_a, org_a):
    services.proposal_answer(proposal=proposal, by=tutor, interview=False, reason="filled")
    with pytest.raises(ValidationError):
        services.proposal_answer(proposal=proposal, by=tutor, interview=True)
    with pytest.raises(ValidationError):
        services.proposal_withdraw(proposal=proposal, by=worker_a)
    with pytest.raises(ValidationError):
        _place(proposal, worker_a, org_a)


def test_from_interview_to_active_placement(proposal, tutor, worker_a, org_a, company):
    services.proposal_answer(proposal=proposal, by=tutor, interview=True)
    placement = _place(proposal, worker_a, org_a)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PLACED
    assert placement.opening == proposal.opening
    assert placement.service is None
    assert placement.host == company
    assert placement.tutor == tutor
    assert placement.status == Placement.Status.PROPOSED
    # Told of the proposal, then of the placement to accept.
    assert Notification.objects.filter(recipient=tutor).count() == 2
    services.proposal_accept_placement(proposal=proposal, by=tutor)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACCEPTED
    pathway_services.placement_transition(
        placement=placement, to=Placement.Status.ACTIVE, by=worker_a
    )
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACTIVE


def test_the_places_of_an_opening_are_never_exceeded(
    make_opening, make_person, tutor, worker_a, org_a
):
    opening = make_opening(places=1)
    proposals = []
    for first_name in ("Anna", "Bruno"):
        candidate = at_level(make_person(first_name=first_name), 3)
        consent_to_companies(candidate, worker_a)
        proposal = services.proposal_create(opening=opening, person=candidate, by=worker_a)
        services.proposal_answer(proposal=proposal, by=tutor, interview=True)
        _place(proposal, worker_a, org_a)
        proposals.append(proposal)
    services.proposal_accept_placement(proposal=proposals[0], by=tutor)
    with pytest.raises(ValidationError):
        services.proposal_accept_placement(proposal=proposals[1], by=tutor)
    assert opening.placements.filter(status__in=Placement.OCCUPYING).count() == 1


def test_withdrawing_the_consent_withdraws_open_proposals_and_tells_the_tutor(
    proposal, make_opening, candidate, worker_a, tutor, org_a
):
    second = services.proposal_create(
        opening=make_opening(title="Addetto pulizie"), person=candidate, by=worker_a
    )
    services.proposal_answer(proposal=second, by=tutor, interview=True)
    placement = _place(second, worker_a, org_a)
    Notification.objects.all().delete()
    pathway_services.consents_withdraw(
        person=candidate, purpose=Consent.Purpose.COMPANIES, by=worker_a
    )
    proposal.refresh_from_db()
    second.refresh_from_db()
    placement.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert second.status == Proposal.Status.WITHDRAWN
    assert placement.status == Placement.Status.WITHDRAWN
    assert Notification.objects.filter(recipient=tutor).count() == 2
    assert all("Rossi" not in n.text for n in Notification.objects.all())


def test_withdrawing_another_consent_leaves_proposals_alone(proposal, candidate, worker_a):
    pathway_services.consent_record(
        person=candidate,
        purpose=Consent.Purpose.TABLE,
        given_on=date.today() - timedelta(days=3),
        document_reference="Prot. 9",
        by=worker_a,
    )
    pathway_services.consents_withdraw(person=candidate, purpose=Consent.Purpose.TABLE, by=worker_a)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


def test_the_case_worker_withdraws_an_open_proposal(proposal, worker_a, tutor):
    services.proposal_withdraw(proposal=proposal, by=worker_a)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    # Told of the proposal, then of its withdrawal.
    assert Notification.objects.filter(recipient=tutor).count() == 2


def test_without_a_named_tutor_every_tutor_of_the_host_is_told(
    make_opening, candidate, worker_a, tutor, make_user, company
):
    from ponte.network.models import Role

    colleague = make_user("tutor.gamma2", company, Role.COMPANY_TUTOR, first_name="Irene")
    opening = make_opening(tutor=None)
    services.proposal_create(opening=opening, person=candidate, by=worker_a)
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        tutor.username,
        colleague.username,
    }
