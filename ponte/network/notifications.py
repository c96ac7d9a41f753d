"""Notifications: a message in Ponte and the same by email. They name people by pseudonymous
code only, since e-mail leaves the district's systems; and they are written in the district's
language (Italian), because they are stored once and read later, maybe by email."""

import logging
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from ponte.network.models import Notification, User

logger = logging.getLogger(__name__)

# The address a notification just opened leads to (open_notification): if it answers 404 or 403,
# NotificationTargetMiddleware shows a page that says the thing is no longer available.
TARGET_SESSION_KEY = "ponte_notification_target"


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


def opening_url(url: str) -> str:
    """Where a notification's link goes: through the page that opens it (network:
    notification_open), which marks it read and explains what is gone, never straight to the
    thing it names."""
    return f"{reverse('network:notification_open')}?{urlencode({'url': url})}"


def _email(addresses: list[str], text: str, url: str) -> None:
    link = f"{settings.PONTE_BASE_URL}{opening_url(url)}" if url else settings.PONTE_BASE_URL
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


def _is_local_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def open_notification(*, user: User, url: str) -> Notification | None:
    """The user's newest notification that links to `url`, marked read; None when the user has
    none (another user's, a made-up or an outside address: nothing to follow)."""
    if not url or not _is_local_path(url):
        return None
    notification = (
        Notification.objects.filter(recipient=user, url=url).order_by("-created_at", "-id").first()
    )
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
