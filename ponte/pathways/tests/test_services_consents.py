"""consent_record, consent_withdraw and the consent checks of selectors/consents.py: a withdrawn or
expired consent stops the sharing it covered at once (docs/privacy.md, "Consents")."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from ponte.pathways import services
from ponte.pathways.models import Consent
from ponte.pathways.selectors.consents import has_consent, people_with_consent, valid_consents

TODAY = date.today()
COMPANIES = Consent.Purpose.COMPANIES


def give(person, by, *, given_on=TODAY, expires_on=None, purpose=COMPANIES) -> Consent:
    return services.consent_record(
        person=person,
        purpose=purpose,
        given_on=given_on,
        expires_on=expires_on,
        document_reference="Prot. 2025/118",
        by=by,
    )


def test_it_records_who_recorded_it_and_the_signed_document(person, worker_a):
    consent = give(person, worker_a)
    assert consent.recorded_by == worker_a
    assert consent.document_reference == "Prot. 2025/118"
    assert consent.withdrawn_on is None


def test_a_consent_is_valid_from_the_day_it_is_given_to_the_day_before_it_expires(person, worker_a):
    given, expires = TODAY - timedelta(days=10), TODAY + timedelta(days=10)
    consent = give(person, worker_a, given_on=given, expires_on=expires)
    expected = {
        given - timedelta(days=1): False,
        given: True,
        TODAY: True,
        expires - timedelta(days=1): True,
        expires: False,
        expires + timedelta(days=1): False,
    }
    for day, valid in expected.items():
        assert consent.is_valid_on(day) is valid, day
        assert has_consent(person, COMPANIES, on=day) is valid, day


def test_an_expired_consent_no_longer_counts(person, worker_a):
    give(person, worker_a, given_on=TODAY - timedelta(days=400), expires_on=TODAY)
    assert not has_consent(person, COMPANIES)
    assert has_consent(person, COMPANIES, on=TODAY - timedelta(days=1))
    assert person not in people_with_consent(COMPANIES)


def test_a_consent_without_expiry_stays_valid(person, worker_a):
    give(person, worker_a, given_on=TODAY - timedelta(days=2000))
    assert has_consent(person, COMPANIES, on=TODAY + timedelta(days=3650))


def test_a_consent_covers_only_its_purpose(person, worker_a):
    give(person, worker_a, purpose=Consent.Purpose.PATHWAY)
    assert has_consent(person, Consent.Purpose.PATHWAY)
    assert not has_consent(person, Consent.Purpose.COMPANIES)
    assert not has_consent(person, Consent.Purpose.TABLE)


def test_a_consent_covers_only_its_person(person, other_person, worker_a):
    give(person, worker_a)
    assert not has_consent(other_person, COMPANIES)
    assert list(people_with_consent(COMPANIES)) == [person]


def test_a_withdrawal_takes_effect_the_same_day(person, worker_a):
    consent = give(person, worker_a, given_on=TODAY - timedelta(days=30))
    assert has_consent(person, COMPANIES)
    assert person in people_with_consent(COMPANIES)
    services.consent_withdraw(consent=consent, by=worker_a)
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert not has_consent(person, COMPANIES)
    assert person not in people_with_consent(COMPANIES)
    assert has_consent(person, COMPANIES, on=TODAY - timedelta(days=1))
    assert not valid_consents().filter(pk=consent.pk).exists()


def test_a_new_consent_after_a_withdrawal_counts_again(person, worker_a):
    old = give(person, worker_a, given_on=TODAY - timedelta(days=30))
    services.consent_withdraw(consent=old, by=worker_a, on=TODAY - timedelta(days=5))
    assert not has_consent(person, COMPANIES)
    give(person, worker_a)
    assert has_consent(person, COMPANIES)
    assert people_with_consent(COMPANIES).count() == 1


@pytest.mark.parametrize("days_after", [0, -1, -30])
def test_an_expiry_not_after_the_date_given_is_refused(person, worker_a, days_after):
    with pytest.raises(ValidationError):
        give(person, worker_a, given_on=TODAY, expires_on=TODAY + timedelta(days=days_after))
    assert not Consent.objects.exists()


def test_an_expiry_not_after_the_date_given_is_refused_with_a_message_on_the_field(
    person, worker_a
):
    with pytest.raises(ValidationError) as error:
        give(person, worker_a, given_on=TODAY, expires_on=TODAY)
    assert "expires_on" in error.value.message_dict


def test_an_unknown_purpose_is_refused(person, worker_a):
    with pytest.raises(ValidationError):
        give(person, worker_a, purpose="marketing")
    assert not Consent.objects.exists()


def test_a_consent_cannot_be_withdrawn_twice(person, worker_a):
    consent = give(person, worker_a, given_on=TODAY - timedelta(days=30))
    services.consent_withdraw(consent=consent, by=worker_a, on=TODAY - timedelta(days=3))
    with pytest.raises(ValidationError):
        services.consent_withdraw(consent=consent, by=worker_a)
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY - timedelta(days=3)


def test_a_consent_cannot_be_withdrawn_before_it_was_given(person, worker_a):
    consent = give(person, worker_a, given_on=TODAY)
    with pytest.raises(ValidationError):
        services.consent_withdraw(consent=consent, by=worker_a, on=TODAY - timedelta(days=1))
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
