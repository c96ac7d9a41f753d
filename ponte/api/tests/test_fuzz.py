"""Fuzzing of every operation of the API with schemathesis, through the WSGI application (no
server, the test's database): valid and invalid requests generated from the specification, each
answered with no server error and as the specification says (status, content type, headers,
body). A small district is present, with a token of every scope for a member contact (listings,
exchanges) and one for a company tutor (openings), so the write operations run too; path codes
are drawn among real objects as well as made up.

One check is left out: that every request valid by the schema is accepted. The site's forms ask
more than a schema can say (a municipality that exists, a date not in the past, a tutor of the
host), and answer 422 with the errors by field, which the other checks hold to the
specification."""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ponte.api.tests.api_helpers import make_token
from ponte.core.tests.helpers import TESERO
from ponte.marketplace.models import Listing
from ponte.marketplace.tests.market_helpers import LATER, make_exchange, make_listing
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import START, make_opening

pytestmark = pytest.mark.django_db

# Examples per operation and mode: 18 operations x (POSITIVE + NEGATIVE) stay under a minute.
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 6}


@pytest.fixture(autouse=True)
def _connections_stay_open():
    """The WSGI application closes the database connection after each request, as it should in
    production; inside the test's transaction that connection is not in autocommit, so on
    PostgreSQL it would really be closed, mid-test. Django's test client avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def district_data(org_a, org_b, company, contact_a, contact_b, tutor, make_user):
    listings = [
        make_listing(org_a, contact_a, title="Uova fresche"),
        make_listing(org_a, contact_a, title="Solo soci", visibility=Listing.Visibility.MEMBERS),
        make_listing(org_b, contact_b, title="Pulizie", category=Listing.Category.SERVICE),
        make_listing(org_b, contact_b, title="Cerchiamo furgone", direction="request"),
    ]
    openings = [
        make_opening(company, tutor, title="Aiuto pastaio", tutor=tutor),
        make_opening(company, tutor, title="Magazziniere", status=Opening.Status.DRAFT),
    ]
    exchanges = [
        make_exchange(org_b, org_a, contact_b, confirmed=(True, False)),
        make_exchange(org_a, company, contact_a, confirmed=(False, False)),
        make_exchange(org_b, company, contact_b),
    ]
    return {
        "organisations": [o.code for o in (org_a, org_b, company)],
        "listings": [listing.code for listing in listings],
        "openings": [opening.code for opening in openings],
        "exchanges": [exchange.code for exchange in exchanges],
    }


def codes_for(path: str, codes: dict[str, list[str]]) -> list[str]:
    """The real codes an operation's path may take: those of its kind of object."""
    kind = next((kind for kind in codes if f"/{kind}/" in path), "organisations")
    return codes[kind]


def fuzz(
    operation, mode: GenerationMode, headers: dict[str, str], codes: list[str], statuses: Counter
) -> int:
    """Run the operation on generated cases; how many ran. Half of the valid bodies get a
    real municipality, level and dates, so that writes get past the forms too."""
    cases = 0

    @given(
        case=operation.as_strategy(generation_mode=mode),
        code=st.sampled_from(codes) | st.none(),
        real=st.booleans(),
    )
    @settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        deadline=None,  # a loaded CI machine must not make a slow case fail
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case, code, real):
        nonlocal cases
        # Only valid cases are made to point at real objects: an invalid one stays invalid.
        positive = mode == GenerationMode.POSITIVE
        if positive and code is not None and "code" in (case.path_parameters or {}):
            case.path_parameters["code"] = code
        if positive and real and isinstance(case.body, dict):
            if "municipality" in case.body:
                case.body["municipality"] = TESERO
            if "min_level" in case.body:
                case.body["min_level"] = 3
            if "valid_until" in case.body:
                case.body["valid_until"] = LATER.isoformat()
            if "starts_on" in case.body:
                case.body["starts_on"] = START.isoformat()
                case.body["ends_on"] = None
        cases += 1
        response = case.call_and_validate(
            headers=headers, excluded_checks=[positive_data_acceptance]
        )
        statuses[f"{operation.method.upper()} {response.status_code}"] += 1

    run()
    return cases


def test_every_operation_answers_as_its_specification_says(
    district_data, contact_a, tutor, monkeypatch, capsys
):
    monkeypatch.setattr("ponte.api.api.RATE_ANONYMOUS", 10**6)
    monkeypatch.setattr("ponte.api.api.RATE_TOKEN", 10**6)
    _token, member_secret = make_token(contact_a)
    _token, tutor_secret = make_token(tutor)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    # The token is sent with every call, so it is not generated (nor left out on purpose); and
    # like most APIs this one ignores query parameters it does not know.
    schema.config.generation.update(with_security_parameters=False, allow_extra_parameters=False)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18
    cases = 0
    statuses: Counter = Counter()
    for operation in operations:
        secret = tutor_secret if "/me/openings" in operation.path else member_secret
        headers = {"Authorization": f"Bearer {secret}"}
        codes = codes_for(operation.path, district_data)
        cases += fuzz(operation, GenerationMode.POSITIVE, headers, codes, statuses)
        if operation.path_parameters or operation.query or operation.body:
            # With nothing to send, nothing can be invalid.
            cases += fuzz(operation, GenerationMode.NEGATIVE, headers, codes, statuses)

    with capsys.disabled():
        print(f"\nschemathesis: {len(operations)} operations, {cases} cases")
        print(", ".join(f"{key}: {n}" for key, n in sorted(statuses.items())))
    assert cases >= len(operations) * EXAMPLES[GenerationMode.POSITIVE] // 2
    # The writes ran for real, not only their refusals.
    assert statuses["POST 201"] and statuses["PUT 200"] and statuses["POST 200"]
