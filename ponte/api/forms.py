"""Forms of the API: the site's listing and opening forms, reading municipalities by ISTAT code
and levels by number (what the API speaks), and the form that makes a token."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.api.models import Scope
from ponte.api.schemas import ListingIn, OpeningIn
from ponte.api.services import default_expiry
from ponte.core.forms import DateInput
from ponte.marketplace.forms import ListingForm
from ponte.openings.forms import OpeningForm
from ponte.openings.models import Opening


def _text(value: object) -> str:
    return "" if value is None else str(value)


class ApiListingForm(ListingForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).to_field_name = "istat_code"


class ApiOpeningForm(OpeningForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).to_field_name = "istat_code"
        cast(forms.ModelChoiceField, self.fields["min_level"]).to_field_name = "number"


def listing_data(payload: ListingIn) -> dict[str, Any]:
    """The API's listing as the site's form reads it."""
    return {name: _text(value) for name, value in payload.model_dump(mode="json").items()}


def opening_data(payload: OpeningIn, opening: Opening) -> dict[str, Any]:
    """The API's opening as the site's form reads it; the tutor, which the API does not show,
    stays as it is."""
    data: dict[str, Any] = {
        name: _text(value)
        for name, value in payload.model_dump(mode="json").items()
        if name != "days"
    }
    data["days"] = [str(day) for day in payload.days]
    data["tutor"] = _text(opening.tutor_id)
    return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Shop website”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one scope.")},
    )
    # The service checks the day (after today, at most a year away) and says why it refuses.
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,  # empty: in 90 days
        widget=DateInput(),
        help_text=_(
            "The last day the token works: in 90 days unless you choose otherwise, at most a "
            "year from today. Make a new one before it expires."
        ),
        error_messages={"invalid": _("Enter a valid date.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = default_expiry()


class TokenRevokeForm(forms.Form):
    """Nothing to fill in: the button confirms."""
