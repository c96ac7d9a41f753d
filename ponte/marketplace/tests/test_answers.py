"""Answers to a listing: a member contact of another organisation answers; the author accepts
or declines; both are notified; one pending answer per organisation and listing."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.marketplace import services
from ponte.marketplace.models import Answer, Listing
from ponte.marketplace.tests.market_helpers import answer_url, decide_url, make_listing, page
from ponte.network.models import Notification, Role


@pytest.fixture
def listing(org_a, contact_a, municipalities) -> Listing:
    return make_listing(org_a, contact_a, title="Uova fresche")


def notified(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def test_another_organisation_answers_and_the_author_is_notified(
    client, listing, contact_b, org_b, contact_a, django_capture_on_commit_callbacks
):
    client.force_login(contact_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(listing), {"message": "Ne prendiamo 10 dozzine."})
    assert response.status_code == 302
    assert messages_of(response) == [
        ("success", italian("Your answer has been sent to the listing's author."))
    ]
    answer = Answer.objects.get()
    assert (answer.organisation, answer.created_by, answer.status) == (
        org_b,
        contact_b,
        Answer.Status.PENDING,
    )
    expected = italian("%(organisation)s has answered your listing “%(listing)s”.") % {
        "organisation": org_b.name,
        "listing": "Uova fresche",
    }
    assert notified(contact_a) == [expected]
    assert [m.to for m in mail.outbox] == [[contact_a.email]]


def test_one_pending_answer_per_organisation(client, listing, contact_b):
    client.force_login(contact_b)
    client.post(answer_url(listing), {"message": "Prima"})
    response = client.post(answer_url(listing), {"message": "Seconda"})
    assert response.status_code == 400
    assert (
        italian_html("Your organisation has already answered this listing: wait for the answer.")
        in response.content.decode()
    )
    assert Answer.objects.count() == 1


def test_a_new_answer_is_possible_once_the_first_is_decided(listing, contact_b, org_b, contact_a):
    first = services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="1")
    services.answer_decide(answer=first, by=contact_a, accept=False)
    services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="2")
    assert Answer.objects.count() == 2


def test_an_organisation_does_not_answer_its_own_listing(client, listing, contact_a, org_a):
    client.force_login(contact_a)
    assert client.post(answer_url(listing), {"message": "Io"}).status_code == 403
    with pytest.raises(ValidationError):
        services.answer_create(listing=listing, organisation=org_a, by=contact_a, message="Io")
    assert not Answer.objects.exists()


@pytest.mark.parametrize("user", ["worker_a", "tutor", "coordinator"])
def test_only_member_contacts_answer(client, request, listing, user):
    client.force_login(request.getfixturevalue(user))
    assert client.post(answer_url(listing), {"message": "Ciao"}).status_code == 403
    assert not Answer.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, listing):
    assert redirected_to_login(
        client.post(answer_url(listing), {"message": "x"}), answer_url(listing)
    )


def test_a_closed_listing_is_not_answered(client, listing, contact_b, org_b):
    services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="Prima")
    Answer.objects.update(status=Answer.Status.DECLINED)
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.CLOSED)
    client.force_login(contact_b)
    response = client.post(answer_url(listing), {"message": "Seconda"})
    assert response.status_code == 400
    assert italian_html("The listing is no longer open: it cannot be answered.") in (
        response.content.decode()
    )


def test_an_empty_answer_is_refused(client, listing, contact_b):
    client.force_login(contact_b)
    response = client.post(answer_url(listing), {"message": "  "})
    assert response.status_code == 400
    assert response.context["answer_form"].errors["message"]
    assert not Answer.objects.exists()


@pytest.mark.parametrize("accept", [True, False])
def test_the_author_decides_and_the_answering_organisation_is_notified(
    client, listing, contact_a, contact_b, org_b, make_user, accept
):
    colleague = make_user("referente.beta2", org_b, Role.MEMBER_CONTACT)
    answer = services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="Sì")
    client.force_login(contact_a)
    response = client.post(decide_url(answer), {"decision": "accept" if accept else "decline"})
    assert response.status_code == 302
    assert response.url == page(listing)
    answer.refresh_from_db()
    assert answer.status == (Answer.Status.ACCEPTED if accept else Answer.Status.DECLINED)
    assert answer.decided_by == contact_a
    message = (
        "%(organisation)s has accepted your answer to “%(listing)s”."
        if accept
        else "%(organisation)s has declined your answer to “%(listing)s”."
    )
    expected = italian(message) % {
        "organisation": listing.organisation.name,
        "listing": listing.title,
    }
    assert notified(contact_b) == [expected]
    assert notified(colleague) == [expected]
    html = client.get(page(listing)).content.decode()
    assert (f"/mercato/scambi/nuovo/?risposta={answer.code}" in html) is accept


def test_an_answer_is_decided_once(listing, contact_a, contact_b, org_b):
    answer = services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="Sì")
    services.answer_decide(answer=answer, by=contact_a, accept=True)
    with pytest.raises(ValidationError):
        services.answer_decide(answer=answer, by=contact_a, accept=False)


def test_who_may_not_decide(client, listing, contact_b, org_b, worker_a, make_user, company):
    answer = services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="Sì")
    # The answering organisation knows the answer: 403. A colleague of the author in another
    # role: 403. Someone else: 404.
    for user, expected in (
        (contact_b, 403),
        (worker_a, 403),
        (make_user("referente.gamma", company, Role.MEMBER_CONTACT), 404),
    ):
        client.force_login(user)
        assert client.post(decide_url(answer), {"decision": "accept"}).status_code == expected
    answer.refresh_from_db()
    assert answer.status == Answer.Status.PENDING


def test_the_coordinator_decides_for_any_listing(client, listing, contact_b, org_b, coordinator):
    answer = services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="Sì")
    client.force_login(coordinator)
    client.post(decide_url(answer), {"decision": "decline"})
    answer.refresh_from_db()
    assert answer.status == Answer.Status.DECLINED


def test_the_answering_organisation_sees_only_its_own_answers(
    client, listing, contact_b, org_b, company, make_user
):
    other = make_user("referente.gamma", company, Role.MEMBER_CONTACT)
    services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="Da Beta")
    services.answer_create(listing=listing, organisation=company, by=other, message="Da Gamma")
    client.force_login(contact_b)
    html = client.get(page(listing)).content.decode()
    assert "Da Beta" in html and "Da Gamma" not in html
