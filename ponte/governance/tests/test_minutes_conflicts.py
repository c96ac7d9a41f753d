"""Two members editing the minutes of the same meeting: the form carries the meeting's revision;
a form read before somebody else's save is refused, with the minutes saved now, who saved them
and when; nothing of it is saved (core/concurrency.py)."""

import pytest
from django.urls import reverse

from ponte.core.tests.helpers import italian, page_text
from ponte.governance import services

pytestmark = pytest.mark.django_db


def test_the_minutes_form_carries_the_revision_it_was_read_at(client, table_user, held):
    client.force_login(table_user)
    page = client.get(reverse("governance:meeting", args=[held.code]))
    assert f'<input type="hidden" name="revision" value="{held.revision}"' in page.text


def test_a_form_without_its_revision_is_refused(client, table_user, held):
    client.force_login(table_user)
    response = client.post(reverse("governance:minutes", args=[held.code]), {"minutes": "Testo"})
    assert response.status_code == 400
    held.refresh_from_db()
    assert held.minutes == ""


def test_stale_minutes_are_refused_with_what_changed_and_nothing_is_saved(
    client, table_user, worker_a, held
):
    url = reverse("governance:minutes", args=[held.code])
    read_at = held.revision
    client.force_login(worker_a)
    first = client.post(url, {"minutes": "Presenti tutti. Si approva.", "revision": read_at})
    assert first.status_code == 302
    client.force_login(table_user)
    response = client.post(url, {"minutes": "Presenti in tre.", "revision": read_at})
    assert response.status_code == 400
    held.refresh_from_db()
    assert held.minutes == "Presenti tutti. Si approva."
    text = page_text(response)
    assert "Marco Delvai" in text  # who saved them, from the audit trail
    assert (
        italian("%(field)s, saved now: %(value)s")
        % {"field": italian("Minutes"), "value": "Presenti tutti. Si approva."}
        in text
    )
    form = response.context["minutes_form"]
    assert form["minutes"].value() == "Presenti in tre."
    assert form["revision"].value() == str(held.revision)
    again = client.post(url, {"minutes": "Presenti in tre.", "revision": held.revision})
    assert again.status_code == 302
    held.refresh_from_db()
    assert held.minutes == "Presenti in tre."


def test_every_save_moves_the_revision_on(held):
    before = held.revision
    draft = services.minutes_save(meeting=held, text="Prima stesura")
    assert draft.revision == before + 1
    draft = services.minutes_save(meeting=draft, text="Seconda", read_revision=before + 1)
    draft.refresh_from_db()
    assert (draft.revision, draft.minutes) == (before + 2, "Seconda")
