"""Tutor evaluations /percorsi/inserimenti/<code>/valutazioni/nuova/: mid-term and final, with the
instrument of the assessments; the tutor and the care team."""

import pytest

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.network.models import Organisation, Role
from ponte.pathways.models import Assessment, Item, Placement
from ponte.pathways.tests.placement_helpers import TODAY, company_service, placement_at


def url(placement) -> str:
    return f"/percorsi/inserimenti/{placement.code}/valutazioni/nuova/"


@pytest.fixture
def placement(person, company, municipalities, worker_a):
    hosted = company_service(company, municipalities)
    return placement_at(person, hosted, worker_a, Placement.Status.ACTIVE)


def evaluation_data(kind: str = Assessment.Kind.MIDTERM, score: int = 4, **changes) -> dict:
    data = {"kind": kind, "assessed_on": TODAY.isoformat(), "notes": "Puntuale e preciso."}
    data.update({f"item_{item.pk}": str(score) for item in Item.objects.all()})
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_sign_in(client, placement):
    assert redirected_to_login(client.get(url(placement)), url(placement))


def test_the_form_has_a_radio_group_1_to_5_per_item_with_the_anchors(client, tutor, placement):
    client.force_login(tutor)
    html = client.get(url(placement)).content.decode()
    items = list(Item.objects.all())
    assert len(items) == 12
    assert html.count('type="radio" name="item_') == 12 * 5
    assert html.count("<fieldset") >= 12
    assert '<legend class="form-label fs-6 fw-semibold">Puntualità e rispetto delle pause' in html
    assert "1 · Non adeguato anche con supporto costante" in html
    assert "5 · Pienamente autonomo" in html
    assert "Abitudini lavorative" in html  # the areas head their items


def test_the_tutor_of_a_company_records_a_mid_term_evaluation(client, tutor, placement):
    client.force_login(tutor)
    response = client.post(url(placement), evaluation_data(score=4))
    assert response.status_code == 302
    assert response.url == f"/percorsi/inserimenti/{placement.code}/"
    assert messages_of(response) == [("success", italian("The evaluation has been saved."))]
    evaluation = Assessment.objects.get()
    assert evaluation.kind == Assessment.Kind.MIDTERM
    assert evaluation.placement == placement
    assert evaluation.person == placement.person
    assert evaluation.setting == Assessment.Setting.COMPANY
    assert evaluation.assessor == tutor
    assert evaluation.suggested_level == 4
    assert evaluation.confirmed_level is None
    assert evaluation.scores.count() == 12
    assert evaluation.notes == "Puntuale e preciso."
    page = client.get(response.url).content.decode()
    assert f'href="/percorsi/valutazioni/{evaluation.code}/"' in page


def test_the_care_team_records_a_final_evaluation_in_a_cooperative(
    client, worker_a, make_placement, person
):
    placement = make_placement(person, status=Placement.Status.ACTIVE)
    client.force_login(worker_a)
    client.post(url(placement), evaluation_data(kind=Assessment.Kind.FINAL, score=3))
    evaluation = Assessment.objects.get()
    assert evaluation.kind == Assessment.Kind.FINAL
    assert evaluation.setting == Assessment.Setting.COOPERATIVE
    level_before = person.level_id
    person.refresh_from_db()
    assert person.level_id == level_before  # a tutor evaluation does not change the level


@pytest.mark.parametrize("score", ["6", "0", ""])
def test_a_score_out_of_range_or_missing_saves_nothing(client, tutor, placement, score):
    first = Item.objects.first()
    client.force_login(tutor)
    response = client.post(url(placement), evaluation_data(**{f"item_{first.pk}": score}))
    assert response.status_code == 200
    assert response.context["form"].errors[f"item_{first.pk}"]
    assert italian_html("Please correct the errors below: nothing has been saved yet.") in (
        response.content.decode()
    )
    assert not Assessment.objects.exists()


def test_an_evaluation_kind_other_than_mid_term_or_final_is_refused(client, tutor, placement):
    client.force_login(tutor)
    response = client.post(url(placement), evaluation_data(kind=Assessment.Kind.ASSESSMENT))
    assert response.context["form"].errors["kind"]
    assert not Assessment.objects.exists()


def test_the_referrer_may_not_evaluate(client, referrer, placement):
    client.force_login(referrer)
    assert client.get(url(placement)).status_code == 403
    assert client.post(url(placement), evaluation_data()).status_code == 403
    assert not Assessment.objects.exists()


def test_outsiders_do_not_find_the_placement(
    client, worker_b, make_organisation, make_user, placement
):
    other = make_organisation("Segheria Omega", kind=Organisation.Kind.COMPANY)
    other_tutor = make_user("tutor.omega", other, Role.COMPANY_TUTOR)
    for user in (worker_b, other_tutor):
        client.force_login(user)
        assert client.post(url(placement), evaluation_data()).status_code == 404
    assert not Assessment.objects.exists()


def test_a_date_is_needed(client, tutor, placement):
    client.force_login(tutor)
    response = client.post(url(placement), evaluation_data(assessed_on=""))
    assert response.context["form"].errors["assessed_on"]
    assert not Assessment.objects.exists()
