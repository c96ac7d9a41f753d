"""The demo district, loaded once for the security tests of this package, and the real objects
whose codes fill each URL pattern of the authorization matrix (matrix.py).

The objects are chosen around the demo accounts, so that each is "their own" for the role the
matrix reads it with: person FF-… is followed by operatore.oltre (Cooperativa sociale Oltre) and
placed at Pastificio Felicetti (tutor.felicetti); the referral comes from the Val di Fiemme
(inviante.fiemme) to Oltre; the listing, the answer and the exchange are Terre Altre's
(referente.terrealtre); the meeting is the Tavolo Tecnico's (tavolo). The column "other_org" of
the matrix signs in as the same kind of user of ANOTHER organisation (matrix.OTHER_ACCOUNTS).

What is looked up here the demo guarantees by construction, whatever the day it is loaded on,
and its own tests say so (e.g. the active placement of each demo tutor and case worker in
tests/demo/test_matching.py); CI runs this package on a few hard days too.
"""

from collections.abc import Iterator
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from PIL import Image

from ponte.core.tests.helpers import seed_demo
from tests.security.matrix import ACCOUNTS, OTHER_ACCOUNTS


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _objects() -> dict[str, dict[str, Any]]:
    """kwargs of the URL patterns, by the key a matrix rule names in `objects`."""
    from auditlog.models import LogEntry

    from ponte.api.models import Scope
    from ponte.api.services import token_create
    from ponte.governance.models import ActionItem, AgendaCase, CalendarToken, Meeting, Table
    from ponte.marketplace.models import Answer, Exchange, Listing, ListingPhoto
    from ponte.matching.models import Proposal
    from ponte.network.models import Membership, Organisation, User
    from ponte.openings.models import Opening
    from ponte.pathways.models import FollowUp, Placement, Referral, Service
    from ponte.projects.models import BudgetLine, Indicator, Movement, SubProject
    from ponte.reports.models import FunderReport, ImportBatch

    def org(name: str) -> Organisation:
        return Organisation.objects.get(name=name)

    oltre, felicetti = org("Cooperativa sociale Oltre"), org("Pastificio Felicetti")
    terre_altre, fiemme = (
        org("Cooperativa sociale Terre Altre"),
        org("Comunità Territoriale della Val di Fiemme"),
    )
    worker = User.objects.get(username=ACCOUNTS["case_worker"])
    tavolo = User.objects.get(username=ACCOUNTS["table_member"])

    # A person of Oltre's worker, placed at Felicetti (the tutor's company) and proposed there.
    placement = (
        Placement.objects.filter(
            host=felicetti, person__case_manager=worker, status=Placement.Status.ACTIVE
        )
        .select_related("person")
        .first()
    )
    assert placement is not None, "the demo has an active placement at Felicetti of Oltre's worker"
    person = placement.person
    referral = Referral.objects.filter(from_organisation=fiemme, person__organisation=oltre).first()
    # A case worker's assessment: the host's tutor reads only the evaluations made on its side.
    assessment = person.assessments.filter(kind="assessment").order_by("-assessed_on").first()
    plan = person.plans.order_by("-version").first()
    consent = person.consents.filter(withdrawn_on__isnull=True).first()
    # Follow-ups come after a placement ends: another placement of the worker's people.
    follow_up = (
        FollowUp.objects.filter(placement__person__case_manager=worker)
        .select_related("placement")
        .order_by("placement__pk", "months")
        .first()
    )
    start = placement.actual_start or placement.planned_start
    opening = placement.opening or Opening.objects.filter(host=felicetti).first()
    proposal = (
        Proposal.objects.filter(placement=placement).first()
        or Proposal.objects.filter(opening__host=felicetti).first()
    )
    service = Service.objects.filter(provider=oltre).first()

    listing = Listing.objects.filter(organisation=terre_altre).order_by("pk").first()
    answer = Answer.objects.filter(listing__organisation=terre_altre).first()
    exchange = (
        Exchange.objects.filter(giver=terre_altre).first()
        or Exchange.objects.filter(receiver=terre_altre).first()
    )
    assert listing and answer and exchange, "the demo marketplace has Terre Altre's exchanges"
    photo = listing.photos.first() or ListingPhoto.objects.create(
        listing=listing,
        image=ContentFile(_png(), name="matrix.png"),
        content_type="image/png",
    )

    # A sub-project led by Terre Altre (referente.terrealtre changes it), with an indicator
    # entered by hand (values of computed ones are never entered).
    subproject = (
        SubProject.objects.filter(lead=terre_altre).order_by("pk").first()
        or SubProject.objects.order_by("pk").first()
    )
    assert subproject is not None
    line = BudgetLine.objects.filter(subproject=subproject).first()
    movement = Movement.objects.filter(budget_line__subproject=subproject).first()
    indicator = (
        Indicator.objects.filter(subproject=subproject, source=Indicator.Source.MANUAL).first()
        or Indicator.objects.filter(subproject=subproject).first()
    )

    technical = Table.objects.get(kind="technical")
    case = (
        AgendaCase.objects.filter(agenda_item__meeting__table=technical)
        .select_related("agenda_item__meeting", "person")
        .order_by("-agenda_item__meeting__starts_at")
        .first()
    )
    assert case is not None, "the demo Tavolo Tecnico discussed cases"
    meeting = case.agenda_item.meeting
    earlier = Meeting.objects.filter(table=technical, starts_at__lt=meeting.starts_at).order_by(
        "-starts_at"
    )
    action = ActionItem.objects.filter(owner=tavolo).first() or ActionItem.objects.first()
    table_membership = technical.memberships.order_by("pk").first()  # type: ignore[attr-defined]
    calendar, _created = CalendarToken.objects.get_or_create(user=tavolo)
    membership = Membership.objects.get(
        user__username=ACCOUNTS["member_contact"], organisation=terre_altre
    )
    # An import of people uploaded by the case worker (an import may hold identity).
    batch = ImportBatch.objects.create(
        kind="people",
        file_name="persone.csv",
        file_format="csv",
        membership=Membership.objects.get(user=worker, organisation=oltre),
    )
    # A funder report ready to download, asked by the coordinator.
    coordinator = User.objects.get(username=ACCOUNTS["coordinator"])
    report = FunderReport.objects.create(
        requested_by=coordinator,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        status=FunderReport.Status.DONE,
        progress=100,
    )
    report.xlsx.save("rapporto.xlsx", ContentFile(b"PK matrix"), save=True)
    # An API token of the member contact.
    api_token = token_create(
        membership=membership,
        name="Gestionale",
        scopes=[Scope.values[0]],
        by=membership.user,
    ).token
    return {
        "language": {"code": "en"},
        "organisation": {"code": terre_altre.code},
        "membership": {"code": membership.code},
        "person": {"code": person.code},
        "consent": {"code": person.code, "purpose": consent.purpose if consent else "tavolo"},
        "plan_version": {"code": person.code, "version": plan.version if plan else 1},
        "referral": {"code": referral.code if referral else "ZZZZZZZZ"},
        "assessment": {"code": assessment.code if assessment else "ZZZZZZZZ"},
        "service": {"code": service.code if service else "ZZZZZZZZ"},
        "placement": {"code": placement.code},
        "attendance": {"code": placement.code, "year": start.year, "month": start.month},
        "follow_up": {
            "code": follow_up.placement.code if follow_up else placement.code,
            "months": follow_up.months if follow_up else 3,
        },
        "opening": {"code": opening.code if opening else "ZZZZZZZZ"},
        "candidate": {"code": opening.code if opening else "ZZZZZZZZ", "person_code": person.code},
        "proposal": {"code": proposal.code if proposal else "ZZZZZZZZ"},
        "listing": {"code": listing.code},
        "photo": {"code": photo.code},
        "answer": {"code": answer.code},
        "exchange": {"code": exchange.code},
        "subproject": {"code": subproject.code},
        "budget_line": {"code": subproject.code, "line_code": line.code if line else "Z"},
        "movement": {"code": subproject.code, "movement_code": movement.code if movement else "Z"},
        "indicator": {
            "code": subproject.code,
            "indicator_code": indicator.code if indicator else "Z",
        },
        "table": {"code": technical.code},
        "table_member": {
            "code": technical.code,
            "pk": table_membership.pk if table_membership else 0,
        },
        "meeting": {"code": meeting.code},
        "agenda_item": {"code": meeting.code, "item": case.agenda_item.pk},
        "agenda_case": {"code": meeting.code, "person_code": case.person.code},
        "minutes_approve": {
            "code": meeting.code,
            "draft": earlier.first().code if earlier.exists() else meeting.code,  # type: ignore[union-attr]
        },
        "action": {"code": action.code if action else "ZZZZZZZZ"},
        "calendar_token": {"token": calendar.token},
        "password_reset": {"uidb64": "MQ", "token": "set-password"},
        "enrolment_link": {"token": "not-a-link"},
        "import_template": {"kind": "people", "fmt": "csv"},
        "import_batch": {"code": batch.code},
        "funder_report": {"code": report.code},
        "funder_download": {"code": report.code, "fmt": "xlsx"},
        "api_token": {"code": api_token.code},
        "api_organisation": {"code": terre_altre.code},
        "api_opening": {"code": opening.code if opening else "ZZZZZZZZ"},
        "api_listing": {"code": listing.code},
        "api_exchange": {"code": exchange.code},
        "api_year": {"year": date.today().year - 1},
        "admin_organisation": {"object_id": terre_altre.pk},
        "admin_log_entry": {"object_id": LogEntry.objects.order_by("pk").first().pk},  # type: ignore[union-attr]
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Overrides the root conftest's (which empties the cache around every test): here the cache
    lives for the whole package, as in production, where pages cached for one visitor must not
    reach another; and the dashboards are computed once rather than once per case."""
    yield


def _sessions(users: dict[str, Any]) -> dict[str, str]:
    """One signed-in session per account, opened once for the whole package (a sign-in per
    case would double the run time): username → session cookie."""
    sessions = {}
    for username, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict[str, Any]]:
    """The demo district in one transaction rolled back at the end of the package: every test
    runs inside it (in a savepoint of its own), so a request that writes changes nothing for
    the next. Returns the users by identity and the kwargs by object key."""
    from ponte.network.models import User

    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=str(media),
        ),
        transaction.atomic(),
    ):
        cache.clear()
        seed_demo()
        usernames = set(ACCOUNTS.values()) | set(OTHER_ACCOUNTS.values())
        users = {user.username: user for user in User.objects.filter(username__in=usernames)}
        yield {"users": users, "sessions": _sessions(users), "objects": _objects()}
        transaction.set_rollback(True)
    cache.clear()
