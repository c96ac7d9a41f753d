"""Small template filters of the person-centred pages."""

from collections.abc import Iterable

from django import template

from ponte.core.models import Weekday

register = template.Library()


@register.filter
def weekdays(days: Iterable[int] | None) -> str:
    """[0, 2, 4] → "Monday, Wednesday, Friday" (in the page's language)."""
    labels = dict(Weekday.choices)
    return ", ".join(str(labels[day]) for day in sorted(days or []) if day in labels)


@register.filter
def anchor(item_anchors: list[str] | None, score: int) -> str:
    """The anchor of a score (1–5) of an item."""
    anchors = list(item_anchors or [])
    return anchors[score - 1] if 1 <= score <= len(anchors) else ""
