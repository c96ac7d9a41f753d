"""Organisations, memberships and municipalities: validation rules a user relies on."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from ponte.core.tests.helpers import MOENA, SAN_GIOVANNI, TESERO, valid_vat_number
from ponte.network.forms import OrganisationForm
from ponte.network.models import Membership, Organisation, Role
from ponte.network.tests.helpers import organisation_form_data
from ponte.network.validators import validate_fiscal_code, validate_vat_number

VALID_VAT_NUMBERS = ["00743110157", valid_vat_number(7), valid_vat_number(123)]
INVALID_VAT_NUMBERS = [
    "12345678901",  # wrong check digit
    "00743110158",  # wrong check digit
    "0074311015",  # too short
    "007431101577",  # too long
    "0074311015A",  # not digits
    "00000000000",  # no office
]
VALID_FISCAL_CODES = ["RSSMRA80A01H501U", "00743110157"]  # a person, an organisation
INVALID_FISCAL_CODES = ["RSSMRA80A01H501X", "RSSMRA80A01H501", "12345678901", "ABCDEFGHIJKLMNOP"]


@pytest.mark.parametrize("value", VALID_VAT_NUMBERS)
def test_it_accepts_valid_vat_numbers(value):
    validate_vat_number(value)


@pytest.mark.parametrize("value", INVALID_VAT_NUMBERS)
def test_it_rejects_invalid_vat_numbers(value):
    with pytest.raises(ValidationError) as error:
        validate_vat_number(value)
    assert error.value.code == "invalid_vat_number"


@pytest.mark.parametrize("value", VALID_FISCAL_CODES)
def test_it_accepts_valid_fiscal_codes(value):
    validate_fiscal_code(value)


@pytest.mark.parametrize("value", INVALID_FISCAL_CODES)
def test_it_rejects_invalid_fiscal_codes(value):
    with pytest.raises(ValidationError) as error:
        validate_fiscal_code(value)
    assert error.value.code == "invalid_fiscal_code"


def test_the_model_refuses_an_invalid_vat_number(make_organisation):
    organisation = make_organisation("Impresa Zeta")
    organisation.vat_number = "12345678901"
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "vat_number" in error.value.message_dict


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("00743110157", "00743110157"),
        (" 007 431 101 57 ", "00743110157"),
        ("IT00743110157", "00743110157"),
        ("IT 00743110157", "00743110157"),
        ("it-007-431-10157", "00743110157"),
    ],
)
def test_the_form_normalises_vat_numbers(municipalities, typed, stored):
    form = OrganisationForm(
        data=organisation_form_data(name="Impresa Zeta", kind="company", vat_number=typed)
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["vat_number"] == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("rssmra80a01h501u", "RSSMRA80A01H501U"),
        ("RSS MRA 80A01 H501U", "RSSMRA80A01H501U"),
        ("007 431 101 57", "00743110157"),
    ],
)
def test_the_form_normalises_fiscal_codes(municipalities, typed, stored):
    form = OrganisationForm(
        data=organisation_form_data(name="Impresa Zeta", kind="company", fiscal_code=typed)
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["fiscal_code"] == stored


def test_the_form_refuses_an_invalid_vat_number_with_a_clear_message(municipalities):
    form = OrganisationForm(
        data=organisation_form_data(name="Impresa Zeta", kind="company", vat_number="12345678901")
    )
    assert not form.is_valid()
    assert form.has_error("vat_number", code="invalid_vat_number")


def test_vat_numbers_are_unique_among_organisations(make_organisation, org_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_organisation("Copia di Alfa", vat_number=org_a.vat_number)


def test_the_form_explains_a_vat_number_already_used(org_a):
    form = OrganisationForm(
        data=organisation_form_data(
            name="Copia di Alfa", kind="company", vat_number=f"IT{org_a.vat_number}"
        )
    )
    assert not form.is_valid()
    # On the field, in words (not "constraint organisation_unique_vat_number is violated").
    assert form.has_error("vat_number", code="unique"), form.errors
    assert not form.non_field_errors()
    assert Organisation.objects.filter(vat_number=org_a.vat_number).count() == 1


def test_many_organisations_may_have_no_vat_number(make_organisation):
    for name in ["Fondazione Uno", "Fondazione Due", "Fondazione Tre"]:
        make_organisation(name, kind=Organisation.Kind.FOUNDATION, vat_number="")
    assert Organisation.objects.filter(vat_number="").count() == 3


def test_a_user_has_one_role_per_organisation(contact_a, org_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=contact_a, organisation=org_a, role=Role.CASE_WORKER)
    assert Membership.objects.filter(user=contact_a).count() == 1


def test_a_user_may_have_roles_in_several_organisations(contact_a, org_b):
    Membership.objects.create(user=contact_a, organisation=org_b, role=Role.CASE_WORKER)
    assert contact_a.memberships.count() == 2


def test_ladin_readers_see_the_ladin_name_of_a_municipality(municipalities):
    san_giovanni = municipalities[SAN_GIOVANNI]
    with translation.override("lld"):
        assert san_giovanni.display_name == "Sèn Jan (San Giovanni di Fassa)"
        assert str(san_giovanni) == "Sèn Jan (San Giovanni di Fassa)"
    with translation.override("it"):
        assert san_giovanni.display_name == "San Giovanni di Fassa"
    with translation.override("en"):
        assert san_giovanni.display_name == "San Giovanni di Fassa"


def test_a_municipality_without_a_ladin_name_keeps_its_name_in_ladin(municipalities):
    with translation.override("lld"):
        assert municipalities[TESERO].display_name == "Tesero"
        # Moena is Moena in Ladin too: no repetition.
        assert municipalities[MOENA].display_name == "Moena"


def test_organisation_codes_are_random_and_not_sequential(make_organisation):
    first = make_organisation("Prima")
    second = make_organisation("Seconda")
    assert first.code != second.code
    assert len(first.code) == 8
    assert str(first.pk) not in {first.code, second.code}


def test_only_public_and_active_organisations_are_listed(make_organisation):
    assert make_organisation("Pubblica").is_listed
    assert not make_organisation("Riservata", is_public=False).is_listed
    assert not make_organisation("Chiusa", is_active=False).is_listed
