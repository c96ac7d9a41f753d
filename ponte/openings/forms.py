"""Forms of the openings (opportunità): the public list's filters, creating and editing an
opening, and moving it between draft, open and closed. They read and shape the input; the rules
are in the model and in services.py."""

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ponte.core.forms import DateInput
from ponte.core.models import Weekday
from ponte.network.models import Membership, Municipality, Organisation, Role, Valley
from ponte.openings.models import Opening, levels


class OpeningFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("In the title, the tasks and the skills."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Opening.Kind.choices]
    )
    valley = forms.ChoiceField(label=_("Valley"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["valley"]).choices = [("", _("Both valleys"))] + [
            (valley.code, valley.name) for valley in Valley.objects.all()
        ]
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [
            ("", _("All municipalities"))
        ] + [(m.istat_code, m.display_name) for m in Municipality.objects.all()]

    def filters(self) -> dict[str, str]:
        """The valid filters, as keyword arguments of selectors.open_openings; an invalid
        value is ignored rather than failing the page."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q", "").strip(),
            "kind": data.get("kind", ""),
            "valley": data.get("valley", ""),
            "municipality": data.get("municipality", ""),
        }


class HostTutorChoiceField(forms.ModelChoiceField):
    """A company tutor, named with the organisations they are a tutor of."""

    def label_from_instance(self, obj: Any) -> str:
        organisations = sorted({m.organisation.name for m in obj.tutor_roles})
        return f"{obj.get_full_name() or obj.username} · {', '.join(organisations)}"


def company_tutors(organisation_id: int | None = None) -> QuerySet[Any]:
    """Active users with an active company tutor role (in `organisation_id` when given), with
    those roles prefetched for the label."""
    roles = Membership.objects.filter(
        is_active=True, role=Role.COMPANY_TUTOR, organisation__is_active=True
    ).select_related("organisation")
    if organisation_id is not None:
        roles = roles.filter(organisation_id=organisation_id)
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=roles.values("user_id"))
        .prefetch_related(Prefetch("memberships", queryset=roles, to_attr="tutor_roles"))
        .order_by("last_name", "first_name", "username")
    )


class OpeningForm(forms.ModelForm):
    """An opening. A case worker chooses the host among the active members (case workers scout
    openings in companies); a company tutor's opening is always of their own organisation, whose
    instance the view passes with the host set."""

    min_level = forms.ModelChoiceField(
        label=_("Minimum level"),
        queryset=levels(),
        help_text=_("The level of work functioning a person needs for this opening."),
        error_messages={
            "invalid_choice": _("This level does not exist: choose one of the list."),
        },
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"),
        min_value=1,
        max_value=40,
        error_messages={
            "min_value": _("An opening takes at least 1 hour per week."),
            "max_value": _("An opening takes at most 40 hours per week."),
        },
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Days"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    places = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=50,
        error_messages={
            "min_value": _("An opening has at least 1 place."),
            "max_value": _("An opening has at most 50 places."),
        },
    )
    tutor = HostTutorChoiceField(
        label=_("Tutor"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Someone with the role of company tutor in the host organisation."),
    )

    class Meta:
        model = Opening
        fields = [
            "host",
            "kind",
            "title",
            "tasks",
            "min_level",
            "skills",
            "hours_per_week",
            "days",
            "municipality",
            "places",
            "starts_on",
            "ends_on",
            "tutor",
        ]
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "skills": forms.TextInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        labels = {"starts_on": _("Starts on"), "ends_on": _("Ends on")}
        help_texts = {"ends_on": _("Leave empty for a permanent job.")}

    def __init__(self, *args: Any, choose_host: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_host:
            host = cast(forms.ModelChoiceField, self.fields["host"])
            host.queryset = Organisation.objects.filter(
                Q(is_active=True, relation=Organisation.Relation.MEMBER)
                | Q(pk=self.instance.host_id)
            ).order_by("name")
            tutors = company_tutors()
        else:
            del self.fields["host"]
            tutors = company_tutors(self.instance.host_id)
        cast(forms.ModelChoiceField, self.fields["tutor"]).queryset = tutors
        municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality.queryset = Municipality.objects.select_related("valley")

    def clean_skills(self) -> str:
        """One way of writing the skills: separated by a comma and a space, no repetitions."""
        skills: list[str] = []
        for raw in self.cleaned_data["skills"].split(","):
            skill = " ".join(raw.split())
            if skill and skill.casefold() not in {s.casefold() for s in skills}:
                skills.append(skill)
        return ", ".join(skills)

    def clean_days(self) -> list[int]:
        return sorted(set(self.cleaned_data["days"]))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "host" in self.fields:
            host = cleaned.get("host")
        else:
            host = self.instance.host if self.instance.host_id else None
        tutor = cleaned.get("tutor")
        if (
            host is not None
            and tutor is not None
            and not tutor.memberships.filter(
                organisation=host, role=Role.COMPANY_TUTOR, is_active=True
            ).exists()
        ):
            self.add_error(
                "tutor",
                _("The tutor must be a company tutor of %(host)s.") % {"host": host.name},
            )
        return cleaned


class OpeningTransitionForm(forms.Form):
    """The status an opening moves to (publish, close, reopen)."""

    to = forms.ChoiceField(label=_("Status"), choices=Opening.Status.choices)
