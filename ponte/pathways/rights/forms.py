from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.core.forms import DateInput
from ponte.pathways.models import PrivacyRequest


class PrivacyRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Request"), choices=PrivacyRequest.Kind.choices, widget=forms.RadioSelect
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Channel"), choices=PrivacyRequest.Channel.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the protocol number of the request. No health information."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"received_on": date.today()})
        super().__init__(*args, **kwargs)


class ErasureForm(forms.Form):
    """The confirmation: the coordinator types the person's code."""

    code = forms.CharField(
        label=_("Type the person's code to confirm"),
        max_length=12,
        help_text=_("Names, contacts and notes will be removed for good."),
    )

    def __init__(self, *args: Any, person_code: str, **kwargs: Any) -> None:
        self.person_code = person_code
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip().upper()
        if code != self.person_code:
            raise forms.ValidationError(_("The code does not match the person's code."))
        return code
