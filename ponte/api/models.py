"""Personal API tokens: a member acts through the API for the organisation and in the role of
one of their memberships, within the scopes chosen when the token was made, until the day
chosen then (at most a year). Only a hash of the
secret is stored; the secret is shown once."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.models import CodedModel
from ponte.network.models import Membership


class Scope(models.TextChoices):
    LISTINGS_READ = "listings:read", _("Read the organisation's listings")
    LISTINGS_WRITE = "listings:write", _("Create, change and close the organisation's listings")
    OPENINGS_READ = "openings:read", _("Read the organisation's openings")
    OPENINGS_WRITE = "openings:write", _("Create and change the organisation's openings")
    EXCHANGES_READ = "exchanges:read", _("Read the organisation's exchanges")
    EXCHANGES_WRITE = "exchanges:write", _("Confirm the organisation's exchanges")


class ApiToken(CodedModel):
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("membership"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The public part of the token, by which it is found; the secret part is only hashed.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # The last day the token works (included), chosen when it is made: at most a year away.
    expires_on = models.DateField(_("expires on"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def scope_labels(self) -> list[str]:
        return [str(Scope(scope).label) for scope in self.scopes if scope in Scope.values]
