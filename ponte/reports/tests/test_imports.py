"""Imports from spreadsheets: the page, the templates, the dry run and the import, shown with
organisations (the coordinator) and listings (member contacts)."""

import io
import time

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ponte.core.tests.helpers import italian, redirected_to_login, valid_vat_number
from ponte.imports.kinds import KINDS
from ponte.marketplace.models import Listing
from ponte.network.models import Organisation
from ponte.reports.models import ImportBatch
from ponte.reports.tests.import_helpers import (
    actions_of,
    csv_bytes,
    errors_of,
    last_batch,
    start,
    upload,
    xlsx_bytes,
)

ORG_HEADER = ["nome", "tipo", "partita_iva", "comune", "socio_dal", "dipendenti", "settori"]


def organisations_table(count: int = 3, *, first: int = 100) -> list[list[object]]:
    return [ORG_HEADER] + [
        [
            f"Impresa {n}",
            "company",
            valid_vat_number(n),
            "Cavalese",
            "01/02/2024",
            str(10 + n % 30),
            "food, catering",
        ]
        for n in range(first, first + count)
    ]


LISTING_HEADER = [
    "offerta_richiesta",
    "modalita",
    "categoria",
    "titolo",
    "descrizione",
    "prezzo",
    "comune",
    "valido_fino_al",
]


def listings_table(count: int = 3) -> list[list[object]]:
    return [LISTING_HEADER] + [
        [
            "offer",
            "sale",
            "good",
            f"Uova fresche {n}",
            "Uova di galline allevate a terra.",
            "3,50",
            "022050",
            "31/12/2099",
        ]
        for n in range(count)
    ]


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def as_contact(client, contact_a):
    client.force_login(contact_a)
    return client


# Access -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_sign_in(client):
    for url in (
        reverse("reports:imports"),
        reverse("reports:import_template", args=["organisations", "xlsx"]),
        reverse("reports:import_detail", args=["ABCDEFGH"]),
    ):
        assert redirected_to_login(client.get(url), url)


def test_it_refuses_a_user_with_no_role(client, nobody):
    client.force_login(nobody)
    assert client.get(reverse("reports:imports")).status_code == 403


def test_it_refuses_the_templates_of_kinds_the_role_cannot_import(client, contact_a, coordinator):
    client.force_login(contact_a)
    url = reverse("reports:import_template", args=["organisations", "xlsx"])
    assert client.get(url).status_code == 403
    assert (
        client.get(reverse("reports:import_template", args=["nothing", "xlsx"])).status_code == 404
    )
    client.force_login(coordinator)
    assert client.get(reverse("reports:import_template", args=["people", "csv"])).status_code == 403


def test_the_page_offers_each_role_its_kinds(client, coordinator, contact_a, worker_a, tutor):
    offered = {}
    for user in (coordinator, contact_a, worker_a, tutor):
        client.force_login(user)
        response = client.get(reverse("reports:imports"))
        assert response.status_code == 200
        offered[user.username] = [k.slug for k in response.context["kinds"]]
    assert offered["coordinatrice"] == ["organisations", "services", "listings"]
    assert offered["referente.alfa"] == ["listings"]
    assert offered["operatore.alfa"] == ["people", "services", "openings"]
    assert offered["tutor.gamma"] == ["openings"]


def test_it_refuses_an_upload_of_a_kind_the_role_cannot_import(as_contact, org_a):
    response = upload(as_contact, "organisations", "enti.csv", csv_bytes(organisations_table()))
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()
    assert Organisation.objects.count() == 1


def test_another_user_cannot_see_an_import(client, as_coordinator, contact_a, coordinator):
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(organisations_table()))
    batch = last_batch()
    client.force_login(contact_a)
    for name in ("reports:import_detail", "reports:import_progress"):
        assert client.get(reverse(name, args=[batch.code])).status_code == 404
    assert start(client, batch).status_code == 404
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READY


# Templates ----------------------------------------------------------------------------------


def test_the_xlsx_templates_open_with_openpyxl_and_explain_every_column(
    client, coordinator, worker_a, tutor
):
    for user in (coordinator, worker_a, tutor):
        client.force_login(user)
        for kind in client.get(reverse("reports:imports")).context["kinds"]:
            response = client.get(reverse("reports:import_template", args=[kind.slug, "xlsx"]))
            assert response.status_code == 200
            workbook = load_workbook(io.BytesIO(response.content))
            header = [cell.value for cell in workbook["dati"][1]]
            assert header == [column.key for column in KINDS[kind.slug].columns]
            explained = [row[0] for row in workbook["istruzioni"].iter_rows(values_only=True)]
            assert explained[1:] == header
            # ponte/core/exports.py: an example such as "-" or "+39 …" is text, not a formula.
            cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
            assert not [cell.coordinate for cell in cells if cell.data_type == "f"]


def test_the_csv_template_is_the_header_in_utf8_with_bom(as_coordinator):
    response = as_coordinator.get(reverse("reports:import_template", args=["listings", "csv"]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").strip().split(";")
    assert header == [column.key for column in KINDS["listings"].columns]


# Dry run and import -------------------------------------------------------------------------


def test_a_good_file_is_checked_without_saving_then_imported(as_coordinator, coordinator):
    response = upload(as_coordinator, "organisations", "enti.csv", csv_bytes(organisations_table()))
    batch = last_batch()
    assert response.url == reverse("reports:import_detail", args=[batch.code])
    assert batch.status == ImportBatch.Status.READY
    assert actions_of(batch) == ["create"] * 3
    assert Organisation.objects.count() == 1  # the coordinator's own, nothing saved yet
    page = as_coordinator.get(response.url)
    assert italian("Import") in page.content.decode()

    start(as_coordinator, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.progress == 100
    assert batch.content == b""
    imported = Organisation.objects.get(vat_number=valid_vat_number(101))
    assert imported.kind == Organisation.Kind.COMPANY
    assert imported.municipality.name == "Cavalese"
    assert imported.employees == 21
    assert imported.is_public is True
    assert sorted(imported.sectors.values_list("code", flat=True)) == ["catering", "food"]
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation), object_id=imported.pk
    )
    assert entries.count() in (0, 1)  # organisations are not in the audit trail's models


def test_a_second_import_of_the_same_file_changes_nothing(as_coordinator):
    content = csv_bytes(organisations_table())
    upload(as_coordinator, "organisations", "enti.csv", content)
    start(as_coordinator, last_batch())
    before = list(Organisation.objects.order_by("pk").values())

    upload(as_coordinator, "organisations", "enti.csv", content)
    batch = last_batch()
    assert actions_of(batch) == ["unchanged"] * 3
    assert batch.unchanged_count == 3
    page = as_coordinator.get(reverse("reports:import_detail", args=[batch.code]))
    with translation.override("it"):
        unchanged = translation.pgettext("import row", "unchanged")
    assert page.content.decode().count(f"<td>{unchanged}</td>") == 3
    start(as_coordinator, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert list(Organisation.objects.order_by("pk").values()) == before


def test_an_xlsx_file_imports_like_a_csv_file(as_coordinator):
    table = organisations_table()
    table[1][4] = __import__("datetime").date(2024, 2, 1)  # a real date cell
    table[1][2] = int(table[1][2])  # a VAT number typed as a number
    upload(as_coordinator, "organisations", "enti.xlsx", xlsx_bytes(table))
    batch = last_batch()
    assert batch.file_format == "xlsx"
    assert batch.status == ImportBatch.Status.READY, batch.report
    start(as_coordinator, batch)
    assert Organisation.objects.filter(name__startswith="Impresa").count() == 3


@pytest.mark.parametrize("separator,bom", [(",", False), (";", False), (",", True)])
def test_csv_files_with_either_separator_and_with_or_without_bom_are_read(
    as_coordinator, separator, bom
):
    upload(
        as_coordinator,
        "organisations",
        "enti.csv",
        csv_bytes(organisations_table(), separator=separator, bom=bom),
    )
    assert last_batch().status == ImportBatch.Status.READY


def test_headers_are_read_whatever_their_case_and_accents(as_coordinator):
    table = organisations_table()
    table[0] = ["Nome", "TIPO", "Partita IVA", "Comune", "Socio dal", "Dipendenti", "Settóri"]
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(table))
    assert last_batch().status == ImportBatch.Status.READY


def test_a_changed_row_is_shown_with_its_columns_and_then_saved(as_coordinator, org_a):
    table = [
        ORG_HEADER,
        ["Alfa rinnovata", "social_coop_b", org_a.vat_number, "Predazzo", "", "", ""],
    ]
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(table))
    batch = last_batch()
    assert actions_of(batch) == ["change"]
    changed = batch.report["rows"][0][3]
    assert {"nome", "comune", "settori"} <= set(changed)
    start(as_coordinator, batch)
    org_a.refresh_from_db()
    assert org_a.name == "Alfa rinnovata"
    assert org_a.municipality.name == "Predazzo"


def test_a_file_with_one_bad_row_saves_nothing_and_names_the_row_and_column(as_coordinator):
    table = organisations_table(4)
    table[3][2] = "12345678901"  # row 4 of the spreadsheet: a wrong check digit
    response = upload(as_coordinator, "organisations", "enti.csv", csv_bytes(table))
    batch = last_batch()
    assert batch.status == ImportBatch.Status.INVALID
    assert errors_of(batch) == [(4, "partita_iva")]
    page = as_coordinator.get(response.url).content.decode()
    assert "partita_iva" in page
    assert reverse("reports:import_start", args=[batch.code]) not in page
    assert start(as_coordinator, batch).status_code == 302
    assert Organisation.objects.count() == 1
    assert batch.content == b""


def test_every_kind_of_bad_cell_is_reported_with_its_row_and_column(as_coordinator):
    table = organisations_table(6)
    table[1][4] = "31/02/2024"  # no such date
    table[2][3] = "Trento"  # not in the district
    table[3][5] = "molti"  # not a number
    table[4][1] = "impresa individuale"  # not a kind
    table[6][2] = table[5][2]  # the same VAT number twice
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(table))
    batch = last_batch()
    assert errors_of(batch) == [
        (2, "socio_dal"),
        (3, "comune"),
        (4, "dipendenti"),
        (5, "tipo"),
        (7, "partita_iva"),
    ]
    messages = {(row, column): message for row, column, message in batch.report["errors"]}
    assert "6" in messages[(7, "partita_iva")]
    assert not Organisation.objects.filter(name__startswith="Impresa").exists()


def test_a_row_without_a_required_value_is_reported(as_coordinator):
    table = organisations_table(2)
    table[1][0] = ""
    table[2][2] = ""  # neither VAT number nor fiscal code
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(table))
    assert errors_of(last_batch()) == [(2, "nome"), (3, "partita_iva")]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("enti.csv", b"", "The submitted file is empty."),
        ("enti.csv", csv_bytes([ORG_HEADER]), "The file has a header but no rows."),
        ("enti.pdf", b"%PDF-1.4 something", None),
        ("enti.xlsx", b"not a workbook at all", "The file is not a valid XLSX workbook."),
        ("enti.csv", "nome;tipo\nCaffè;x\n".encode("latin-1"), None),
        ("enti.csv", csv_bytes([["nome", "colore"], ["A", "rosso"]]), None),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_message(
    as_coordinator, name, content, message
):
    response = upload(as_coordinator, "organisations", name, content)
    batch = last_batch()
    if batch is None:  # refused at the upload: size or type
        assert response.status_code == 400
        if message:
            assert italian(message) in response.content.decode()
    else:
        assert batch.status == ImportBatch.Status.INVALID
        assert batch.message
        if message:
            assert batch.message == italian(message)
    assert Organisation.objects.count() == 1


def test_a_file_over_the_size_limit_is_refused(as_coordinator, settings):
    from ponte.imports import reading

    big = b"nome;tipo\n" + b"x;company\n" * (reading.MAX_FILE_SIZE // 10 + 1)
    response = upload(as_coordinator, "organisations", "enti.csv", big)
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_the_progress_reaches_100_and_tells_the_page_to_reload(as_coordinator):
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(organisations_table()))
    batch = last_batch()
    start(as_coordinator, batch)
    response = as_coordinator.get(reverse("reports:import_progress", args=[batch.code]))
    assert response["HX-Refresh"] == "true"
    assert 'value="100"' in response.content.decode()


def test_a_running_import_shows_a_polled_progress_bar(as_coordinator):
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(organisations_table()))
    batch = last_batch()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTING, progress=40)
    page = as_coordinator.get(reverse("reports:import_detail", args=[batch.code])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="import-progress-bar"' in page
    assert 'value="40"' in page
    response = as_coordinator.get(reverse("reports:import_progress", args=[batch.code]))
    assert "HX-Refresh" not in response


def test_a_checked_file_can_be_discarded(as_coordinator):
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(organisations_table()))
    batch = last_batch()
    as_coordinator.post(reverse("reports:import_discard", args=[batch.code]))
    assert not ImportBatch.objects.exists()


def test_the_pages_make_the_same_number_of_queries_whatever_the_history_and_rows(
    as_coordinator, django_assert_max_num_queries
):
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(organisations_table(2)))
    small = last_batch()
    for first in (200, 300, 400):
        upload(
            as_coordinator,
            "organisations",
            "enti.csv",
            csv_bytes(organisations_table(60, first=first)),
        )
    large = last_batch()
    with django_assert_max_num_queries(12):
        as_coordinator.get(reverse("reports:imports"))
    with django_assert_max_num_queries(10):
        as_coordinator.get(reverse("reports:import_detail", args=[small.code]))
    with django_assert_max_num_queries(10):
        as_coordinator.get(reverse("reports:import_detail", args=[large.code]))


# Listings: member contacts, their own organisation -----------------------------------------


def test_a_member_contact_imports_listings_of_their_organisation(as_contact, org_a, contact_a):
    upload(as_contact, "listings", "annunci.csv", csv_bytes(listings_table()))
    batch = last_batch()
    assert batch.status == ImportBatch.Status.READY, batch.report
    start(as_contact, batch)
    listings = Listing.objects.filter(organisation=org_a)
    assert listings.count() == 3
    listing = listings.get(title="Uova fresche 1")
    assert listing.created_by == contact_a
    assert str(listing.price) == "3.50"
    assert " uova " in listing.words
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Listing), object_id=listing.pk
    )
    assert entry.actor == contact_a
    assert entry.action == LogEntry.Action.CREATE
    assert entry.additional_data == {"import": batch.code}


def test_a_member_contact_cannot_import_into_another_organisation(as_contact, org_b):
    table = listings_table(2)
    table[0] = ["ente", *table[0]]
    table[1] = [org_b.vat_number, *table[1]]
    table[2] = ["", *table[2]]
    upload(as_contact, "listings", "annunci.csv", csv_bytes(table))
    batch = last_batch()
    assert errors_of(batch) == [(2, "ente")]
    assert not Listing.objects.exists()


def test_the_coordinator_must_name_the_organisation_of_each_listing(as_coordinator, org_a):
    table = listings_table(2)
    table[0] = ["ente", *table[0]]
    table[1] = ["Cooperativa sociale Alfa", *table[1]]
    table[2] = ["", *table[2]]
    upload(as_coordinator, "listings", "annunci.csv", csv_bytes(table))
    assert errors_of(last_batch()) == [(3, "ente")]


def test_a_rule_of_the_listing_form_is_applied_to_each_row(as_contact):
    table = listings_table(2)
    table[2][7] = "01/01/2001"  # in the past: the model refuses it
    table[1][1] = "gift"  # a gift with a price
    upload(as_contact, "listings", "annunci.csv", csv_bytes(table))
    assert errors_of(last_batch()) == [(2, "prezzo"), (3, "valido_fino_al")]


def test_a_thousand_listings_are_checked_and_imported_in_seconds(as_contact, org_a):
    """CPU time of the test process, so that a busy machine does not fail the test (the wall
    time of 10,000 rows is measured by bench/imports.py)."""
    content = csv_bytes(listings_table(1000))
    began = time.process_time()
    upload(as_contact, "listings", "annunci.csv", content)
    checked = time.process_time()
    start(as_contact, last_batch())
    done = time.process_time()
    assert last_batch().status == ImportBatch.Status.DONE
    assert Listing.objects.count() == 1000
    # About 0.4 s each on an idle machine; the margin is for busy CI machines.
    assert checked - began < 2
    assert done - checked < 3


def test_with_a_task_worker_the_page_polls_the_progress_until_the_task_is_done(
    as_coordinator, settings
):
    """In production the dry run and the import run in the worker: the page shows the progress
    bar, polled by htmx, until the task has finished."""
    from ponte.reports.imports import batches

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload(as_coordinator, "organisations", "enti.csv", csv_bytes(organisations_table()))
    batch = last_batch()
    assert batch.status == ImportBatch.Status.CHECKING
    progress_url = reverse("reports:import_progress", args=[batch.code])
    page = as_coordinator.get(reverse("reports:import_detail", args=[batch.code])).content.decode()
    assert f'hx-get="{progress_url}"' in page and 'value="0"' in page
    assert "HX-Refresh" not in as_coordinator.get(progress_url)

    batches.import_batch_check(batch=batch)  # what the worker runs
    assert as_coordinator.get(progress_url)["HX-Refresh"] == "true"
    start(as_coordinator, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTING
    batches.import_batch_run(batch=batch)
    batch.refresh_from_db()
    assert (batch.status, batch.progress) == (ImportBatch.Status.DONE, 100)
    assert Organisation.objects.filter(name__startswith="Impresa").count() == 3
