"""Assessments /percorsi/<code>/valutazioni/nuova/ and /percorsi/valutazioni/<code>/: the care
team scores every item of the default instrument 1–5, with an optional ICF code and qualifier,
and confirms a level (with a reason when it differs from the suggested one). Bad input (a score
of 6, a missing item) saves nothing. The care team and the referrer read an assessment."""

from datetime import date

import pytest
from django.utils import translation
from django.utils.formats import date_format

from ponte.core.tests.helpers import italian, italian_html, redirected_to_login
from ponte.pathways.models import Assessment, ItemScore, Level, LevelChange, Placement
from ponte.pathways.tests.people_helpers import assess, assessment_data, company_service, items


def create_url(person) -> str:
    return f"/percorsi/{person.code}/valutazioni/nuova/"


def detail_url(assessment) -> str:
    return f"/percorsi/valutazioni/{assessment.code}/"


def test_anonymous_visitors_are_sent_to_sign_in(client, person):
    assert redirected_to_login(client.get(create_url(person)), create_url(person))


def test_the_form_has_one_fieldset_per_item_with_the_five_anchors(client, worker_a, person):
    client.force_login(worker_a)
    response = client.get(create_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<legend") >= len(items()) + 4  # items, 4 areas
    assert "Puntualità e rispetto delle pause" in html
    assert "Pienamente autonomo" in html
    assert html.count('type="radio"') >= 5 * len(items())
    # No level is preselected.
    assert 'name="confirmed_level" value="3" checked' not in html
    assert "checked" not in html


def test_the_care_team_records_an_assessment(client, worker_a, person):
    first, second = items()[:2]
    client.force_login(worker_a)
    response = client.post(
        create_url(person),
        assessment_data(
            scores={first.pk: 4},
            **{f"icf_code_{second.pk}": "D720", f"icf_qualifier_{second.pk}": "2"},
            notes="Osservato in laboratorio",
        ),
    )
    assessment = Assessment.objects.get()
    assert response.url == detail_url(assessment)
    assert assessment.assessor == worker_a
    assert assessment.suggested_level == 3
    assert assessment.confirmed_level.number == 3
    assert ItemScore.objects.filter(assessment=assessment).count() == len(items())
    icf = ItemScore.objects.get(assessment=assessment, item=second)
    assert (icf.icf_code, icf.icf_qualifier) == ("d720", 2)
    person.refresh_from_db()
    assert person.level.number == 3
    assert LevelChange.objects.filter(person=person, cause=LevelChange.Cause.ASSESSMENT).exists()


def test_a_score_of_6_saves_nothing(client, worker_a, person):
    client.force_login(worker_a)
    item = items()[0]
    response = client.post(create_url(person), assessment_data(scores={item.pk: 6}))
    assert response.status_code == 200
    assert response.context["form"].has_error(f"score_{item.pk}")
    html = response.content.decode()
    assert italian_html("A score goes from 1 to 5.") in html
    assert italian_html("Score every item of the instrument with a value from 1 to 5.") in html
    assert not Assessment.objects.exists()


def test_a_missing_item_saves_nothing(client, worker_a, person):
    client.force_login(worker_a)
    item = items()[-1]
    response = client.post(create_url(person), assessment_data(scores={item.pk: None}))
    assert response.context["form"].has_error(f"score_{item.pk}")
    assert italian_html("Score this item.") in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_different_level_needs_a_reason_and_shows_the_suggestion(client, worker_a, person):
    client.force_login(worker_a)
    level_1 = Level.objects.get(number=1).pk
    response = client.post(create_url(person), assessment_data(confirmed_level=level_1))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("confirmation_reason")
    assert form.suggestion[1] == 3
    assert (
        italian_html("Explain why the confirmed level differs from the suggested one.")
        in response.content.decode()
    )
    assert not Assessment.objects.exists()
    response = client.post(
        create_url(person),
        assessment_data(confirmed_level=level_1, confirmation_reason="Appena dimesso"),
    )
    assert response.status_code == 302
    assert Assessment.objects.get().confirmed_level.number == 1


def test_the_level_must_be_confirmed(client, worker_a, person):
    client.force_login(worker_a)
    response = client.post(create_url(person), assessment_data(confirmed_level=""))
    assert response.context["form"].has_error("confirmed_level")
    assert not Assessment.objects.exists()


def test_a_bad_icf_code_saves_nothing(client, worker_a, person):
    item = items()[0]
    client.force_login(worker_a)
    response = client.post(create_url(person), assessment_data(**{f"icf_code_{item.pk}": "zz"}))
    assert response.context["form"].has_error(f"icf_code_{item.pk}")
    assert not Assessment.objects.exists()


def test_the_referrer_may_not_assess(client, referrer, person):
    client.force_login(referrer)
    assert client.get(create_url(person)).status_code == 403
    assert client.post(create_url(person), assessment_data()).status_code == 403
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("user", ["worker_a2", "worker_b", "contact_a", "coordinator", "tutor"])
def test_everyone_else_gets_404(client, request, person, user):
    client.force_login(request.getfixturevalue(user))
    assert client.post(create_url(person), assessment_data()).status_code == 404
    assert not Assessment.objects.exists()


# The assessment page ------------------------------------------------------------------------


def test_the_page_shows_the_scores_with_their_anchors(client, worker_a, person):
    assessment = assess(person, worker_a, score=4, on=date(2025, 3, 4))
    client.force_login(worker_a)
    response = client.get(detail_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Adeguato con supporto occasionale" in html
    assert "4,00" in html or "4.00" in html
    with translation.override("it"):
        assert date_format(date(2025, 3, 4)) in html
    assert str(Level.objects.get(number=4)) in html
    assert italian("Suggested level") in html


def test_the_referrer_reads_an_assessment(client, referrer, worker_a, person):
    assessment = assess(person, worker_a)
    client.force_login(referrer)
    assert client.get(detail_url(assessment)).status_code == 200


def test_a_hosting_tutor_does_not_read_the_assessment_page(
    client, tutor, worker_a, person, make_placement, company, municipalities
):
    assessment = assess(person, worker_a)
    make_placement(
        person,
        service=company_service(company, municipalities),
        status=Placement.Status.ACTIVE,
    )
    client.force_login(tutor)
    assert client.get(detail_url(assessment)).status_code == 404


@pytest.mark.parametrize("user", ["worker_a2", "worker_b", "contact_a", "coordinator"])
def test_others_do_not_know_the_assessment(client, request, worker_a, person, user):
    assessment = assess(person, worker_a)
    client.force_login(request.getfixturevalue(user))
    assert client.get(detail_url(assessment)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_from_the_assessment(client, worker_a, person):
    assessment = assess(person, worker_a)
    assert redirected_to_login(client.get(detail_url(assessment)), detail_url(assessment))
