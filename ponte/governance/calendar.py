"""A user's calendar feed: the meetings of their tables and their open action items (as all-day
to-dos), in iCalendar format."""

from datetime import timedelta

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Todo

from ponte.governance.selectors import CalendarData

MEETING_LENGTH = timedelta(hours=2)


def feed(request: HttpRequest, data: CalendarData) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Ponte//Tavoli//IT")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Ponte: tables"))
    host = request.get_host()
    stamp = timezone.now()
    for meeting in data.meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.code}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + MEETING_LENGTH)
        event.add("summary", meeting.table.name)
        if meeting.place:
            event.add("location", meeting.place)
        url = request.build_absolute_uri(reverse("governance:meeting", args=[meeting.code]))
        event.add("url", url)
        description = meeting.video_link or ""
        event.add("description", description)
        calendar.add_component(event)
    for action in data.actions:
        todo = Todo()
        todo.add("uid", f"action-{action.code}@{host}")
        todo.add("dtstamp", stamp)
        todo.add("summary", action.text[:200])
        if action.due_on:
            todo.add("due", action.due_on)
        todo.add("status", "NEEDS-ACTION")
        todo.add("description", action.meeting.table.name)
        calendar.add_component(todo)
    ical: bytes = calendar.to_ical()
    return ical
