"""The audit trail /registro/: the coordinator and the data-protection officer browse and export
who changed or read what, and when; nobody else can, nobody can edit or delete it (not even
through the Django admin), and names never appear in it."""

import csv
import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ponte.core.tests.helpers import italian, page_text, redirected_to_login
from ponte.network.forms import MembershipForm
from ponte.network.models import Organisation, Role

URL = "/registro/"
EXPORT_URL = "/registro/esporta.csv"


@pytest.fixture
def dpo(make_user, coordination):
    return make_user(
        "responsabile.dati", coordination, Role.DPO, first_name="Roberto", last_name="Cristel"
    )


def log(obj, *, action=LogEntry.Action.UPDATE, actor=None, changes=None, days_ago=0, repr=None):
    """An entry as auditlog records it, optionally backdated."""
    entry = LogEntry.objects.log_create(
        obj, action=action, changes=changes or {"name": ["Vecchio", "Nuovo"]}, force_log=True
    )
    entry.actor = actor
    if repr is not None:
        entry.object_repr = repr
    entry.timestamp = timezone.now() - timedelta(days=days_ago)
    entry.save()
    return entry


@pytest.fixture
def trail(coordinator, worker_a, org_a, org_b):
    """Four entries: the coordinator changed A today; the worker read person FF-AAAA's record
    (an access entry names the person by code) ten days ago, and created B's record of a
    consent of FF-BBBB, and deleted B a year ago."""
    return {
        "changed": log(org_a, actor=coordinator, changes={"description": ["", "Mensa"]}),
        "read": log(
            org_b, action=LogEntry.Action.ACCESS, actor=worker_a, days_ago=10, repr="FF-AAAA"
        ),
        "created": log(
            org_b,
            action=LogEntry.Action.CREATE,
            actor=worker_a,
            days_ago=20,
            repr="FF-BBBB · Tavolo Tecnico",
        ),
        "deleted": log(org_b, action=LogEntry.Action.DELETE, actor=worker_a, days_ago=365),
    }


def shown(response) -> set[int]:
    return {entry.pk for entry in response.context["page"].object_list}


def exported(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# Who may see it ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [URL, EXPORT_URL])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    assert redirected_to_login(client.get(url), url)


@pytest.mark.parametrize("url", [URL, EXPORT_URL])
@pytest.mark.parametrize("user", ["contact_a", "worker_a", "tutor", "nobody", "staff_user"])
def test_it_refuses_every_other_role(client, request, user, url):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [Role.REFERRER, Role.TABLE_MEMBER])
def test_it_refuses_the_referrer_and_the_table_member(client, make_user, org_a, role):
    client.force_login(make_user("altro.ruolo", org_a, role))
    assert client.get(URL).status_code == 403
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize("user", ["coordinator", "dpo"])
def test_the_coordinator_and_the_dpo_see_who_changed_what(client, request, user, trail):
    client.force_login(request.getfixturevalue(user))
    response = client.get(URL)
    assert response.status_code == 200
    assert shown(response) == {entry.pk for entry in trail.values()}
    html = response.content.decode()
    assert trail["changed"].object_repr in html
    assert "coordinatrice" in html
    assert "description" in html
    assert italian("Export these entries (CSV)") in html


def test_the_dpo_sees_the_trail_only(client, dpo):
    """The data-protection officer has no other page of the district's work; the menu leads
    them to the trail."""
    client.force_login(dpo)
    assert f'href="{URL}"' in client.get("/area-personale/").content.decode()
    assert client.get("/rete/gestione/").status_code == 403
    assert client.get("/percorsi/").status_code == 403


def test_the_dpo_role_can_be_given_to_a_user(coordinator, org_a, make_user):
    user = make_user("nuovo.dpo")
    form = MembershipForm({"user": user.pk, "role": Role.DPO}, organisation=org_a)
    assert form.is_valid(), form.errors
    with translation.override("en"):
        assert str(Role.DPO.label) == "Data-protection officer"


def test_the_demo_district_has_a_dpo_account():
    from ponte.network.demo import ACCOUNTS

    assert ACCOUNTS["dpo"][2] == [("Cooperativa sociale Oltre", Role.DPO)]


# Filters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"person": "ff-aaaa"}, {"read"}),
        ({"person": "FF-BBBB"}, {"created"}),
        ({"user": "coordinatrice"}, {"changed"}),
        ({"user": "operatore.alfa"}, {"read", "created", "deleted"}),
        ({"user": "qualcun.altro"}, set()),
        ({"action": "0"}, {"created"}),
        ({"action": "1"}, {"changed"}),
        ({"action": "2"}, {"deleted"}),
        ({"action": "3"}, {"read"}),
        ({"kind": "network.organisation"}, {"changed", "read", "created", "deleted"}),
        ({"kind": "pathways.person"}, set()),
        ({"q": "mensa"}, {"changed"}),
        ({"q": "tavolo tecnico"}, {"created"}),
        ({"q": "OPERATORE"}, {"read", "created", "deleted"}),
    ],
)
def test_the_trail_is_filtered(client, coordinator, trail, query, expected):
    client.force_login(coordinator)
    assert shown(client.get(URL, query)) == {trail[name].pk for name in expected}


def test_the_trail_is_filtered_by_a_period(client, coordinator, trail):
    client.force_login(coordinator)
    today = timezone.localdate()
    since = (today - timedelta(days=15)).isoformat()
    until = (today - timedelta(days=5)).isoformat()
    assert shown(client.get(URL, {"since": since, "until": until})) == {trail["read"].pk}
    assert shown(client.get(URL, {"since": today.isoformat()})) == {trail["changed"].pk}
    old = (today - timedelta(days=100)).isoformat()
    assert shown(client.get(URL, {"until": old})) == {trail["deleted"].pk}


def test_a_period_that_ends_before_it_starts_is_explained_and_ignored(client, coordinator, trail):
    client.force_login(coordinator)
    response = client.get(URL, {"since": "2026-05-01", "until": "2026-04-01"})
    assert response.status_code == 200
    assert italian("The end of the period comes before its start.") in page_text(response)
    assert len(shown(response)) == len(trail)


def test_bad_filters_do_not_fail_the_page(client, coordinator, trail):
    client.force_login(coordinator)
    response = client.get(URL, {"action": "9", "since": "ieri", "kind": "auth.nothing"})
    assert response.status_code == 200
    assert len(shown(response)) == len(trail)


def test_the_page_makes_the_same_queries_whatever_the_size_of_the_trail(client, coordinator, org_a):
    client.force_login(coordinator)
    for n in range(3):
        log(org_a, actor=coordinator, changes={"n": [n, n + 1]})
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(60):
        log(org_a, actor=coordinator, changes={"n": [n, n + 1]})
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_the_page_makes_a_fixed_number_of_queries(
    client, coordinator, trail, django_assert_max_num_queries
):
    client.force_login(coordinator)
    client.get(URL)
    # Session, user, memberships, kinds for the filter, count, page (6 today), with room for
    # the sign-in checks of the middleware.
    with django_assert_max_num_queries(8):
        client.get(URL, {"person": "FF-AAAA", "q": "x", "kind": "network.organisation"})


# Export ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["coordinator", "dpo"])
def test_the_export_holds_the_filtered_entries(client, request, user, trail):
    client.force_login(request.getfixturevalue(user))
    response = client.get(EXPORT_URL, {"user": "operatore.alfa", "action": "3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="registro-')
    header, *rows = exported(response)
    with translation.override("it"):
        record = str(translation.pgettext("audit trail", "Record"))
    assert header == [italian(text) for text in ("When", "Who", "Action", "Kind of record")] + [
        record,
        italian("Fields"),
    ]
    assert len(rows) == 1
    when, who, action, _kind, record, fields = rows[0]
    assert (who, action, record, fields) == ("operatore.alfa", italian("Read"), "FF-AAAA", "name")
    assert when == timezone.localtime(trail["read"].timestamp).strftime("%d/%m/%Y %H:%M:%S")


def test_the_export_without_filters_holds_every_entry_newest_first(client, coordinator, trail):
    client.force_login(coordinator)
    rows = exported(client.get(EXPORT_URL))[1:]
    order = ["changed", "read", "created", "deleted"]
    assert [row[4] for row in rows] == [trail[name].object_repr for name in order]


def test_every_export_is_recorded_in_the_trail(client, dpo, trail):
    client.force_login(dpo)
    response = client.get(EXPORT_URL, {"person": "FF-BBBB"})
    b"".join(response.streaming_content)
    record = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(LogEntry))
    assert record.actor == dpo
    assert record.action == LogEntry.Action.ACCESS
    assert record.additional_data == {"export": "csv", "filters": {"person": "FF-BBBB"}, "rows": 1}
    # It shows in the trail, and can be found there.
    client.get(URL)
    page = client.get(URL, {"kind": "auditlog.logentry"})
    assert shown(page) == {record.pk}


def test_a_cell_that_looks_like_a_formula_is_exported_as_text(client, coordinator, org_a):
    log(org_a, actor=coordinator, repr='=HYPERLINK("http://x")')
    client.force_login(coordinator)
    rows = exported(client.get(EXPORT_URL))[1:]
    assert rows[0][4] == '\'=HYPERLINK("http://x")'


def test_the_export_is_streamed_in_chunks(client, coordinator, org_a):
    """A long trail is read with a server-side iterator, not loaded at once."""
    for n in range(5):
        log(org_a, actor=coordinator, changes={"n": [n, n + 1]})
    client.force_login(coordinator)
    response = client.get(EXPORT_URL)
    assert response.streaming
    assert len(exported(response)) == 6


# Nobody edits or deletes it ---------------------------------------------------------------------


def test_no_page_of_ponte_changes_the_trail(client, coordinator, trail):
    client.force_login(coordinator)
    before = list(LogEntry.objects.order_by("pk").values_list("pk", "object_repr"))
    assert client.post(URL, {"person": "x"}).status_code == 405
    assert client.delete(URL).status_code == 405
    assert client.post(EXPORT_URL).status_code == 405
    assert list(LogEntry.objects.order_by("pk").values_list("pk", "object_repr")) == before


@pytest.mark.parametrize("page", ["delete", "change"])
def test_the_admin_refuses_to_change_or_delete_an_entry(client, staff_user, trail, page):
    client.force_login(staff_user)
    entry = trail["changed"]
    url = f"/admin/auditlog/logentry/{entry.pk}/{page}/"
    response = client.post(url, {"post": "yes", "object_repr": "cancellato"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.object_repr == "Cooperativa sociale Alfa"


def test_the_admin_offers_no_bulk_delete_of_entries(client, staff_user, trail):
    client.force_login(staff_user)
    response = client.post(
        "/admin/auditlog/logentry/",
        {
            "action": "delete_selected",
            "_selected_action": [e.pk for e in trail.values()],
            "post": "yes",
        },
    )
    assert response.status_code in (200, 302)
    assert LogEntry.objects.count() == len(trail)
    listing = client.get("/admin/auditlog/logentry/")
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()


def test_the_admin_cannot_add_an_entry(client, staff_user):
    client.force_login(staff_user)
    assert client.post("/admin/auditlog/logentry/add/", {"object_repr": "falso"}).status_code == 403
    assert not LogEntry.objects.filter(object_repr="falso").exists()


def test_deleting_another_object_in_the_admin_keeps_its_entries(client, staff_user, org_b):
    """Refusing deletion of entries does not block deleting other objects, and their entries
    stay."""
    entry = log(org_b, actor=staff_user)
    client.force_login(staff_user)
    response = client.post(f"/admin/network/organisation/{org_b.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=org_b.pk).exists()
    assert LogEntry.objects.filter(pk=entry.pk).exists()
