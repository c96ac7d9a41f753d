"""Notifications: a message in Ponte and the same by email. They name people by pseudonymous
code only, since e-mail leaves the district's systems; and they are written in the district's
language (Italian), because they are stored once and read later, maybe by email."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from ponte.network.models import Notification, User

logger = logging.getLogger(__name__)


def notify(*, recipients: Iterable[User], text: str, url: str = "") -> list[Notification]:
    """Record a notification for each recipient (once each) and email them after the
    transaction commits: a failed delivery never undoes the change it announces."""
    unique = {user.pk: user for user in recipients if user.is_active}
    created = Notification.objects.bulk_create(
        [Notification(recipient=user, text=text[:300], url=url) for user in unique.values()]
    )
    addresses = [user.email for user in unique.values() if user.email]
    if addresses:
        transaction.on_commit(lambda: _email(addresses, text, url))
    return created


def in_district_language(message: str, **params: object) -> str:
    """A translated message in the district's language, whatever the sender reads Ponte in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message) % params if params else str(message)


def _email(addresses: list[str], text: str, url: str) -> None:
    link = f"{settings.PONTE_BASE_URL}{url}" if url else settings.PONTE_BASE_URL
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Ponte: %(text)s") % {"text": text}
        body = translation.gettext("%(text)s\n\nOpen Ponte: %(link)s") % {
            "text": text,
            "link": link,
        }
    for address in addresses:
        try:
            send_mail(subject[:200], body, None, [address])
        except Exception:  # noqa: BLE001 - the notification in Ponte is already recorded
            logger.exception("Notification email not delivered")


def unread_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def mark_read(*, user: User) -> int:
    return unread_of(user).update(read_at=timezone.now())
