"""Creating an opening /opportunita/nuova/: a company tutor for their organisation, a case worker
for any active member; saved as a draft; bad input gives a clear message and saves nothing."""

from datetime import timedelta

import pytest

from ponte.core.models import Weekday
from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.network.models import Organisation
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import NEW, START, company_tutor, opening_data, page
from ponte.pathways.models import Level


def test_anonymous_visitors_are_sent_to_sign_in(client, municipalities):
    assert redirected_to_login(client.get(NEW), NEW)
    assert redirected_to_login(client.post(NEW, opening_data()), NEW)
    assert not Opening.objects.exists()


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "referrer", "nobody", "staff_user"])
def test_other_roles_may_not_create_openings(client, request, user, municipalities):
    client.force_login(request.getfixturevalue(user))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, opening_data()).status_code == 403
    assert not Opening.objects.exists()


def test_a_company_tutor_creates_a_draft_opening_of_their_organisation(
    client, tutor, company, org_a
):
    client.force_login(tutor)
    response = client.get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="host"' not in html
    assert 'name="days"' in html and 'type="checkbox"' in html
    response = client.post(NEW, opening_data(host=org_a.pk, tutor=tutor.pk))
    opening = Opening.objects.get()
    assert response.status_code == 302
    assert response.url == page(opening)
    assert messages_of(response) == [("success", italian("The opening has been saved."))]
    assert opening.host == company  # the posted host is ignored
    assert opening.status == Opening.Status.DRAFT
    assert opening.created_by == tutor
    assert opening.tutor == tutor
    assert opening.min_level.number == 3
    assert opening.skills == "muletto, inventario"
    assert opening.days == [Weekday.MONDAY, Weekday.TUESDAY]
    assert (opening.hours_per_week, opening.places) == (25, 2)


def test_a_company_tutor_chooses_the_tutor_among_the_tutors_of_their_organisation(
    client, tutor, company, make_user, org_b
):
    colleague = company_tutor(make_user, company, "tutor.gamma2", last_name="Zanon")
    outsider = company_tutor(make_user, org_b, "tutor.beta", last_name="Esterno")
    client.force_login(tutor)
    tutors = list(client.get(NEW).context["form"].fields["tutor"].queryset)
    assert tutors == [tutor, colleague]
    response = client.post(NEW, opening_data(tutor=outsider.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["tutor"]
    assert not Opening.objects.exists()


def test_a_case_worker_creates_an_opening_for_a_company(
    client, worker_a, org_a, company, tutor, make_organisation
):
    funder = make_organisation("Fondazione", relation=Organisation.Relation.FUNDER)
    closed = make_organisation("Chiusa", is_active=False)
    client.force_login(worker_a)
    response = client.get(NEW)
    hosts = list(response.context["form"].fields["host"].queryset)
    assert org_a in hosts and company in hosts
    assert funder not in hosts and closed not in hosts
    assert response.context["form"]["host"].value() == org_a.pk
    response = client.post(NEW, opening_data(host=company.pk, tutor=tutor.pk))
    assert response.status_code == 302
    opening = Opening.objects.get()
    assert (opening.host, opening.created_by, opening.tutor) == (company, worker_a, tutor)


def test_the_tutor_must_be_a_company_tutor_of_the_chosen_host(
    client, worker_a, org_a, tutor, worker_b
):
    client.force_login(worker_a)
    response = client.post(NEW, opening_data(host=org_a.pk, tutor=tutor.pk))
    assert response.status_code == 200
    expected = italian("The tutor must be a company tutor of %(host)s.") % {"host": org_a.name}
    assert response.context["form"].errors["tutor"] == [expected]
    response = client.post(NEW, opening_data(host=org_a.pk, tutor=worker_b.pk))
    assert response.context["form"].errors["tutor"]
    assert not Opening.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"places": "0"}, "places", "An opening has at least 1 place."),
        ({"places": "51"}, "places", "An opening has at most 50 places."),
        ({"hours_per_week": "0"}, "hours_per_week", "An opening takes at least 1 hour per week."),
        ({"hours_per_week": "41"}, "hours_per_week", "An opening takes at most 40 hours per week."),
        ({"min_level": "9999"}, "min_level", "This level does not exist: choose one of the list."),
        ({"min_level": "tre"}, "min_level", "This level does not exist: choose one of the list."),
        (
            # The day before the start, not a year before: START may be a 29 February.
            {"ends_on": (START - timedelta(days=1)).isoformat()},
            "ends_on",
            "The opening cannot end before it starts.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, tutor, changes, field, message
):
    client.force_login(tutor)
    response = client.post(NEW, opening_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [italian(message)]
    assert italian_html(message) in response.content.decode()
    assert Opening.objects.count() == 0


def test_a_level_that_no_longer_exists_is_refused(client, tutor):
    level = Level.objects.create(number=9, name="Livello di prova")
    data = opening_data(min_level=level.pk)
    level.delete()
    client.force_login(tutor)
    response = client.post(NEW, data)
    assert response.context["form"].errors["min_level"]
    assert not Opening.objects.exists()


@pytest.mark.parametrize("missing", ["kind", "title", "tasks", "min_level", "starts_on"])
def test_required_fields_are_required(client, tutor, missing):
    client.force_login(tutor)
    response = client.post(NEW, opening_data(**{missing: ""}))
    assert response.context["form"].errors[missing]
    assert not Opening.objects.exists()


def test_a_permanent_job_needs_no_end(client, tutor):
    client.force_login(tutor)
    client.post(NEW, opening_data(kind=Opening.Kind.PERMANENT, ends_on="", days=None))
    opening = Opening.objects.get()
    assert (opening.ends_on, opening.days) == (None, [])


def test_the_form_labels_every_field(client, tutor):
    client.force_login(tutor)
    response = client.get(NEW)
    form, html = response.context["form"], response.content.decode()
    for name in form.fields:
        if name != "days":
            assert f'for="id_{name}"' in html, name
    assert "<legend" in html  # the days' checkboxes are a group


def test_a_company_tutor_role_in_a_deactivated_membership_does_not_count(
    client, worker_a, company, tutor
):
    tutor.memberships.update(is_active=False)
    client.force_login(worker_a)
    response = client.post(NEW, opening_data(host=company.pk, tutor=tutor.pk))
    assert response.context["form"].errors["tutor"]
    assert not Opening.objects.exists()
