import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.core.forms import DateInput
from ponte.matching.models import Proposal, Weights
from ponte.network.models import Organisation, Valley
from ponte.openings.models import Opening
from ponte.pathways.models import Level


class ProposeForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the tutor"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only about the work: never health, the basis of disadvantage or the diary."),
    )


class AnswerForm(forms.Form):
    INTERVIEW, DECLINE = "interview", "decline"
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(INTERVIEW, _("I would like an interview")), (DECLINE, _("I decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason for declining"),
        choices=[("", "—"), *Proposal.DeclineReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, decline_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if decline_only:
            cast(forms.ChoiceField, self.fields["decision"]).choices = [
                (self.DECLINE, _("I decline"))
            ]
            self.fields["decision"].initial = self.DECLINE

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.DECLINE and not cleaned.get("reason"):
            self.add_error("reason", _("Choose the reason for declining."))
        return cleaned


class PlaceForm(forms.Form):
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=40)
    promoter = forms.ModelChoiceField(
        label=_("Promoter"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        help_text=_("The organisation promoting the internship (soggetto promotore)."),
    )
    agreement_reference = forms.CharField(label=_("Agreement"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The placement cannot end before it starts."))
        return cleaned


class CandidateFilterForm(forms.Form):
    valley = forms.ModelChoiceField(
        label=_("Valley"), queryset=Valley.objects.order_by("name"), required=False
    )
    level = forms.ModelChoiceField(
        label=_("Level"),
        queryset=Level.objects.order_by("number"),
        required=False,
        to_field_name="number",
    )
    hours = forms.IntegerField(
        label=_("Available at least (hours a week)"), min_value=1, max_value=40, required=False
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "valley_id": data["valley"].pk if data.get("valley") else None,
            "level": data["level"].number if data.get("level") else None,
            "hours": data.get("hours"),
        }


class WeightsForm(forms.ModelForm):
    class Meta:
        model = Weights
        fields = list(Weights.FACTORS)
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 10}) for name in Weights.FACTORS}


class OpeningsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Opening) -> str:
        return f"{obj.title} · {obj.host.name}"


class AssignmentForm(forms.Form):
    openings = OpeningsField(
        label=_("Openings"),
        queryset=Opening.objects.none(),
        required=False,
        help_text=_("None chosen: every open opening."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    people = forms.CharField(
        label=_("People (pseudonymous codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Codes separated by spaces or commas. Empty: everyone the Tavolo may discuss who is "
            "not placed full time."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OpeningsField, self.fields["openings"]).queryset = (
            Opening.objects.filter(status=Opening.Status.OPEN)
            .select_related("host")
            .order_by("title", "pk")
        )

    def codes(self) -> list[str]:
        raw = self.cleaned_data.get("people", "")
        return [code.strip().upper() for code in re.split(r"[\s,;]+", raw) if code.strip()]
