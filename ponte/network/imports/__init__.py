"""What network brings to the spreadsheet imports of every app (ponte/imports): who imports (a
user and the membership they act in) and the base of the apps' kinds, municipalities and
organisations by name or code, and the organisation a row is about. Its own kind, the
organisations, is in organisations.py; network registers it and the parser of the municipality
columns from its AppConfig.ready()."""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.imports.cells import cell_text, column_key
from ponte.imports.kinds import ImportKind, Row
from ponte.network.models import Membership, Municipality, Organisation, Role, User
from ponte.network.validators import normalise_fiscal_code, normalise_vat_number


@dataclass(frozen=True)
class Actor:
    """The user and the membership they import with (the organisation they act for): the
    actor of ponte.imports.kinds.Actor."""

    user: User
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @cached_property
    def request(self) -> HttpRequest:
        """A request as the access functions of each app expect it (user and membership), so
        that an import follows the same rules as the pages, also in a background worker."""
        request = HttpRequest()
        request.user = self.user
        request.membership = self.membership  # type: ignore[attr-defined]
        return request


class NetworkImportKind(ImportKind):
    """The base of the kinds of Ponte's apps. The engine knows its actor only as a protocol;
    the pages and the worker always import with network's Actor, whose user and organisation
    are Ponte's models, as the apps' services expect them."""

    actor: Actor


class MunicipalityLookup:
    """Municipalities by ISTAT code, cadastral code, name in any language (one query): the
    parser of the "municipality" columns of every kind."""

    def __init__(self) -> None:
        self.by_text: dict[str, int] = {}
        for m in Municipality.objects.all():
            for text in (
                m.istat_code,
                m.cadastral_code,
                m.name,
                m.name_other_language,
                m.name_ladin,
            ):
                if text:
                    self.by_text.setdefault(column_key(text), m.pk)

    def parse(self, value: object) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        # ISTAT codes lose their leading zero in spreadsheets (022050 → 22050).
        found = self.by_text.get(column_key(text)) or (
            self.by_text.get(text.zfill(6)) if text.isdigit() else None
        )
        if found is None:
            raise ValidationError(
                _(
                    "Unknown municipality “%(value)s”: write the name or the ISTAT code of a "
                    "municipality of the district."
                ),
                params={"value": text},
            )
        return found


class OrganisationLookup:
    """Organisations by VAT number, fiscal code or name (one query, values only)."""

    def __init__(self, queryset: models.QuerySet[Organisation] | None = None) -> None:
        self.by_text: dict[str, int] = {}
        ambiguous: set[str] = set()
        rows = (queryset if queryset is not None else Organisation.objects.all()).values_list(
            "pk", "vat_number", "fiscal_code", "name"
        )
        for pk, vat, fiscal, name in rows:
            for text in (vat, fiscal):
                if text:
                    self.by_text[text.upper()] = pk
            key = column_key(name)
            if key in self.by_text and self.by_text[key] != pk:
                ambiguous.add(key)
            self.by_text[key] = pk
        for key in ambiguous:
            del self.by_text[key]
        self._normalise = (normalise_vat_number, normalise_fiscal_code)

    def parse(self, value: object) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        candidates = [column_key(text)]
        candidates.extend(normalise(text).upper() for normalise in self._normalise)
        for candidate in candidates:
            if candidate in self.by_text:
                return self.by_text[candidate]
        raise ValidationError(
            _(
                "Unknown organisation “%(value)s”: write its VAT number, fiscal code or its "
                "name as in Ponte."
            ),
            params={"value": text},
        )


# The "ente" column of the kinds whose rows belong to an organisation (OwnOrganisationKind).
ORGANISATION_HELP = gettext_lazy(
    "The organisation: VAT number, fiscal code or name as in Ponte. Required for the "
    "coordinator; for anyone else it can only be their own organisation (empty: their own)."
)


class OwnOrganisationKind(NetworkImportKind):
    """A kind whose rows belong to an organisation (listings, services, openings): the `ente`
    column, or the importer's own; only the coordinator writes for other organisations."""

    organisations: dict[int, Organisation]
    lookup: OrganisationLookup

    def load_organisations(self, queryset: models.QuerySet[Organisation]) -> None:
        self.organisations = {o.pk: o for o in queryset}
        self.lookup = OrganisationLookup(Organisation.objects.filter(pk__in=self.organisations))

    def organisation_id(self, row: Row) -> int | None:
        chosen = row.values.get("ente")
        if chosen is None and not self.actor.is_coordinator:
            return self.actor.organisation.pk
        return chosen

    def check_organisation(self, row: Row, *, others_allowed: bool) -> Organisation:
        organisation_id = self.organisation_id(row)
        if organisation_id is None:
            raise ValidationError({"ente": _("Write the organisation.")})
        if not others_allowed and organisation_id != self.actor.organisation.pk:
            raise ValidationError(
                {"ente": _("You can import only for the organisation you act for.")}
            )
        organisation = self.organisations.get(organisation_id)
        if organisation is None:
            raise ValidationError(
                {"ente": _("This organisation is not an active member of the district.")}
            )
        return organisation
