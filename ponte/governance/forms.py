from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.core.concurrency import RevisionField
from ponte.core.forms import DateInput, model_choice_field
from ponte.governance.models import ActionItem, AgendaItem, Decision, Meeting, Table
from ponte.network.models import Membership, User
from ponte.projects.models import SubProject


class TableForm(forms.ModelForm):
    class Meta:
        model = Table
        fields = ["name", "kind", "description"]


class MemberForm(forms.Form):
    membership = forms.ModelChoiceField(
        label=_("Member and the organisation they represent"),
        queryset=Membership.objects.none(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Membership.objects.filter(is_active=True)
            .select_related("user", "organisation")
            .order_by("user__last_name", "user__first_name", "organisation__name")
        )
        field.label_from_instance = lambda m: (  # type: ignore[method-assign,assignment]
            f"{m.user.get_full_name() or m.user.username} · {m.organisation.name}"
        )


class MeetingForm(forms.ModelForm):
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "video_link"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }
        error_messages = {
            "starts_at": {"required": _("Give the date and time of the meeting.")},
        }


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "notes", "sub_project"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Three forms share the meeting page: ids of their own, so each label finds its field.
        kwargs.setdefault("auto_id", "agenda_%s")
        super().__init__(*args, **kwargs)
        model_choice_field(self, "sub_project").queryset = SubProject.objects.order_by("title")


class CaseForm(forms.Form):
    person_code = forms.CharField(
        label=_("Pseudonymous code of the person"),
        max_length=12,
        help_text=_("Only people who consent to the discussion at the Tavolo Tecnico."),
    )


class MinutesForm(forms.Form):
    """The minutes, with the meeting's revision when they were read (core/concurrency.py)."""

    revision = RevisionField()
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 14}))


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "agenda_item", "sub_project"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        # Three forms share the meeting page: ids of their own, so each label finds its field.
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)
        model_choice_field(self, "agenda_item").queryset = meeting.agenda_items.all()
        model_choice_field(self, "sub_project").queryset = SubProject.objects.order_by("title")


class ActionForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "due_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_on": DateInput(),
        }
        error_messages = {"owner": {"required": _("Every action needs an owner.")}}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        # Three forms share the meeting page: ids of their own, so each label finds its field.
        kwargs.setdefault("auto_id", "action_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(table_memberships__table_id=meeting.table_id).order_by(
            "last_name", "first_name"
        )
        field.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[method-assign,assignment]
