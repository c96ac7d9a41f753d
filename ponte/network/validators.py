"""Italian tax identifiers, checked with python-stdnum (check digits included)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva


def validate_vat_number(value: str) -> None:
    try:
        iva.validate(value)
    except StdnumError:
        raise ValidationError(
            _("“%(value)s” is not a valid Italian VAT number (11 digits with a check digit)."),
            code="invalid_vat_number",
            params={"value": value},
        ) from None


def validate_fiscal_code(value: str) -> None:
    try:
        codicefiscale.validate(value)
    except StdnumError:
        raise ValidationError(
            _(
                "“%(value)s” is not a valid Italian fiscal code "
                "(11 digits for organisations, 16 characters for people)."
            ),
            code="invalid_fiscal_code",
            params={"value": value},
        ) from None


def normalise_vat_number(value: str) -> str:
    return iva.compact(value) if value else ""


def normalise_fiscal_code(value: str) -> str:
    return codicefiscale.compact(value) if value else ""
