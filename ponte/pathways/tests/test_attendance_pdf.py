"""The monthly attendance register as PDF for signatures
/percorsi/inserimenti/<code>/presenze/<y>/<m>/pdf/."""

import shutil
import subprocess
import time
from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from ponte.core.tests.helpers import redirected_to_login
from ponte.pathways import services
from ponte.pathways.attendance import REGISTER_TEMPLATE
from ponte.pathways.models import Placement
from ponte.pathways.services.attendance import DayInput
from ponte.pathways.tests.placement_helpers import company_service, placement_at

START = date(2025, 3, 10)


def url(placement, year: int = 2025, month: int = 3) -> str:
    return f"/percorsi/inserimenti/{placement.code}/presenze/{year}/{month}/pdf/"


@pytest.fixture
def placement(person, company, municipalities, worker_a, district):
    hosted = company_service(company, municipalities)
    placement = placement_at(
        person, hosted, worker_a, Placement.Status.ACTIVE, start=START, days=100
    )
    services.attendance_record(
        placement=placement,
        by=worker_a,
        days={
            date(2025, 3, 10): DayInput(Decimal("3")),
            date(2025, 3, 11): DayInput(Decimal("0"), "illness"),
        },
    )
    return placement


def test_anonymous_visitors_are_sent_to_sign_in(client, placement):
    assert redirected_to_login(client.get(url(placement)), url(placement))


def test_the_tutor_downloads_the_register_for_signatures(client, tutor, placement):
    client.force_login(tutor)
    started = time.perf_counter()
    response = client.get(url(placement))
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="registro-presenze-{placement.code}-2025-03.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert elapsed < 5  # about half a second once pango is loaded
    assert REGISTER_TEMPLATE in [t.name for t in response.templates]
    context = response.context
    assert context["person"] == placement.person
    assert context["case_worker"].username == "operatore.alfa"
    assert context["district"].short_name == "DES di prova"
    totals = context["grid"].totals
    assert (totals.hours_present, totals.days_absent) == (Decimal("3"), 1)


def test_the_register_names_the_person_the_host_and_the_signatories(client, worker_a, placement):
    client.force_login(worker_a)
    response = client.get(url(placement))
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(  # noqa: S603 (a fixed program on our own output)
            [pdftotext, "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
    else:  # no PDF reader here: the HTML the PDF was made from says the same
        from django.template.loader import render_to_string

        text = render_to_string(REGISTER_TEMPLATE, response.context.flatten())
    for expected in (
        "Mario Rossi",
        placement.person.code,
        "Pastificio Gamma",
        "Tirocinio in pastificio",
        "Distretto di Economia Solidale di prova",
        "Marco Delvai",
    ):
        assert expected in text


def test_the_download_is_recorded_as_a_read_of_identity(client, tutor, placement):
    client.force_login(tutor)
    client.get(url(placement))
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(placement.person.pk), actor=tutor
    ).exists()


def test_outsiders_do_not_find_the_register(client, worker_b, contact_a, placement):
    for user in (worker_b, contact_a):
        client.force_login(user)
        assert client.get(url(placement)).status_code == 404
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_a_month_that_does_not_exist_is_not_found(client, tutor, placement):
    client.force_login(tutor)
    assert client.get(url(placement, 2025, 14)).status_code == 404
