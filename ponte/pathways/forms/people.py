"""Forms of the person-centred pages: referral, identity and profile, consents, assessments,
individual plan, diary, care team, caseload search."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Case, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from ponte.core.concurrency import RevisionField
from ponte.core.forms import DateInput
from ponte.core.models import Weekday
from ponte.network.forms import UNKNOWN_MUNICIPALITY
from ponte.network.models import Municipality, Organisation, User
from ponte.network.validators import normalise_fiscal_code
from ponte.pathways import services
from ponte.pathways.models import (
    Area,
    Assessment,
    Consent,
    Instrument,
    Item,
    ItemScore,
    Level,
    Person,
    Referral,
)
from ponte.pathways.selectors.referrals import PossibleDuplicate
from ponte.pathways.selectors.timelines import EventKind
from ponte.pathways.services.assessments import ScoreInput


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


# Identity and profile ---------------------------------------------------------------------------

IDENTITY_FIELDS = ["first_name", "last_name", "birth_date", "birth_place", "fiscal_code"]
CONTACT_FIELDS = ["email", "phone", "address"]
DISADVANTAGE_FIELDS = ["basis", "invalidity_percent"]
PROFILE_FIELDS = [
    "municipality",
    "languages",
    "driving_licence",
    "own_transport",
    "hours_per_week",
    "available_days",
    "skills",
    "interests",
]


class PersonForm(forms.ModelForm):
    """Identity, contacts, basis of disadvantage and functional profile: for the care team."""

    available_days = forms.TypedMultipleChoiceField(
        label=_("Available days"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Person
        fields = IDENTITY_FIELDS + CONTACT_FIELDS + DISADVANTAGE_FIELDS + PROFILE_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "interests": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"municipality": {"invalid_choice": UNKNOWN_MUNICIPALITY}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality.queryset = Municipality.objects.select_related("valley")
        if "fiscal_code" in self.fields:
            # Typed as printed, with spaces: the model checks the length once normalised.
            field = cast(forms.CharField, self.fields["fiscal_code"])
            field.max_length = None
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.pop("maxlength", None)
        if self.instance.pk:
            self.initial["available_days"] = self.instance.available_days

    def clean_fiscal_code(self) -> str:
        return normalise_fiscal_code(self.cleaned_data["fiscal_code"])

    def clean_available_days(self) -> list[int]:
        return sorted(set(self.cleaned_data["available_days"]))

    def person_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class ReferralForm(PersonForm):
    """A referral: who the person is, their profile, and why they are referred. A referrer
    chooses the receiving organisation; a case worker recording a referral chooses who sent it
    (the receiving organisation is their own)."""

    service_kind = forms.ChoiceField(
        label=_("Referring service"), choices=[("", "---------"), *Referral.ServiceKind.choices]
    )
    reason = forms.CharField(
        label=_("Reason for the referral"), widget=forms.Textarea(attrs={"rows": 4})
    )
    from_organisation = forms.ModelChoiceField(
        label=_("Referring organisation"), queryset=Organisation.objects.none()
    )
    to_organisation = forms.ModelChoiceField(
        label=_("Referred to"),
        queryset=Organisation.objects.none(),
        help_text=_("The social cooperative of the district that will follow the person."),
    )

    class Meta(PersonForm.Meta):
        fields = IDENTITY_FIELDS + DISADVANTAGE_FIELDS + PROFILE_FIELDS

    def __init__(
        self, *args: Any, own_organisation: Organisation, recorded_by_worker: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        active = Organisation.objects.filter(is_active=True)
        if recorded_by_worker:
            del self.fields["to_organisation"]
            # Public bodies first: they send most people.
            public_first = Case(
                When(kind=Organisation.Kind.PUBLIC_BODY, then=Value(0)), default=Value(1)
            )
            cast(
                forms.ModelChoiceField, self.fields["from_organisation"]
            ).queryset = active.exclude(pk=own_organisation.pk).order_by(public_first, "name")
        else:
            del self.fields["from_organisation"]
            cast(forms.ModelChoiceField, self.fields["to_organisation"]).queryset = active.filter(
                relation=Organisation.Relation.MEMBER,
                kind__in=Organisation.SOCIAL_COOP_KINDS,
            ).order_by("name")
        # The referral comes first: why and to whom, then who the person is.
        order = ["service_kind", "from_organisation", "to_organisation", "reason"]
        self.order_fields([name for name in order if name in self.fields])

    def person_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ReferralForm.Meta.fields}


class AcceptReferralForm(forms.Form):
    case_manager = UserChoiceField(
        label=_("Case manager"),
        queryset=User.objects.none(),
        help_text=_("The case worker who follows the person; they can add colleagues later."),
    )

    def __init__(self, *args: Any, case_workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["case_manager"]).queryset = case_workers


class AttachReferralForm(forms.Form):
    """Attaching a referral to a record the receiving organisation already has: one of the
    possible duplicates found for it, and nothing else (a code typed into the request that is not
    among them is refused)."""

    person = forms.ChoiceField(label=_("The same person as"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, duplicates: list[PossibleDuplicate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {match.person.code: match.person for match in duplicates}
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            (
                match.person.code,
                _("%(code)s (%(status)s), same fiscal code")
                % {"code": match.person.code, "status": match.person.get_status_display()}
                if match.same_fiscal_code
                else _("%(code)s (%(status)s), same name and birth date")
                % {"code": match.person.code, "status": match.person.get_status_display()},
            )
            for match in duplicates
        ]
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Choose one of the possible duplicates shown."
        )

    def chosen(self) -> Person:
        return self.people[self.cleaned_data["person"]]


class DeclineReferralForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for declining"),
        choices=Referral.DeclineReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the referring service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Caseload ---------------------------------------------------------------------------------------


class CaseloadSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, by_name: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Search by code or name") if by_name else _("Search by code")

    def query(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


# Care team --------------------------------------------------------------------------------------


class CareTeamForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("add", "add"), ("remove", "remove")], widget=forms.HiddenInput
    )
    user = UserChoiceField(label=_("Case worker"), queryset=User.objects.none())

    def __init__(self, *args: Any, case_workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = case_workers


# Consents ---------------------------------------------------------------------------------------


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Consent.Purpose.choices, widget=forms.RadioSelect
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if the consent does not expire."),
    )
    document_reference = forms.CharField(
        label=_("Signed document"),
        max_length=200,
        help_text=_("Where the signed form is kept, e.g. its protocol number."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"given_on": date.today()})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        given, expires = cleaned.get("given_on"), cleaned.get("expires_on")
        if given and expires and expires <= given:
            # Said here, in words: the database constraint would only name itself.
            self.add_error("expires_on", _("The expiry must come after the date given."))
        return cleaned


# Assessments ------------------------------------------------------------------------------------

ICF_CODE = re.compile(r"^[bdes]\d{1,5}$")


@dataclass
class ItemRow:
    item: Item
    score: forms.BoundField
    icf_code: forms.BoundField
    icf_qualifier: forms.BoundField


@dataclass
class AreaRows:
    area: Area
    items: list[ItemRow]


class ScoreChoiceField(forms.TypedChoiceField):
    def __init__(self, item: Item) -> None:
        anchors = list(item.anchors) + [""] * 5
        super().__init__(
            label=item.text,
            choices=[(n, f"{n} · {anchors[n - 1]}".rstrip(" ·")) for n in range(1, 6)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Score this item."),
                "invalid_choice": _("A score goes from 1 to 5."),
            },
        )


class AssessmentForm(forms.Form):
    """One radio group per item of the instrument (1–5 with its anchors), with an optional ICF
    code and qualifier; the date, the setting and the level the case worker confirms."""

    assessed_on = forms.DateField(label=_("Date"), widget=DateInput())
    setting = forms.ChoiceField(
        label=_("Setting"), choices=[("", "---------"), *Assessment.Setting.choices]
    )
    confirmed_level = forms.ModelChoiceField(
        label=_("Confirmed level"),
        queryset=Level.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("The level suggested by the scores is shown once they are entered."),
    )
    confirmation_reason = forms.CharField(
        label=_("Reason for the confirmed level"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the confirmed level differs from the suggested one."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.areas = list(instrument.areas.prefetch_related("items").order_by("order"))
        self.suggestion: tuple[Any, int] | None = None
        for area in self.areas:
            for item in area.items.all():
                self.fields[f"score_{item.pk}"] = ScoreChoiceField(item)
                self.fields[f"icf_code_{item.pk}"] = forms.CharField(
                    label=_("ICF code"), required=False, max_length=10
                )
                self.fields[f"icf_qualifier_{item.pk}"] = forms.TypedChoiceField(
                    label=_("ICF qualifier"),
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[("", "---------"), *ItemScore.Qualifier.choices],
                )

    def rows(self) -> Iterator[AreaRows]:
        for area in self.areas:
            yield AreaRows(
                area,
                [
                    ItemRow(
                        item,
                        self[f"score_{item.pk}"],
                        self[f"icf_code_{item.pk}"],
                        self[f"icf_qualifier_{item.pk}"],
                    )
                    for item in area.items.all()
                ],
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for area in self.areas:
            for item in area.items.all():
                code_field = f"icf_code_{item.pk}"
                code = cleaned.get(code_field, "").strip().lower()
                cleaned[code_field] = code
                if code and not ICF_CODE.match(code):
                    self.add_error(
                        code_field, _("An ICF code is a letter (b, d, e, s) and digits, e.g. d720.")
                    )
                if cleaned.get(f"icf_qualifier_{item.pk}") is not None and not code:
                    self.add_error(code_field, _("Give the ICF code the qualifier refers to."))
        items = [item for area in self.areas for item in area.items.all()]
        if any(self.has_error(f"score_{item.pk}") for item in items):
            raise ValidationError(_("Score every item of the instrument with a value from 1 to 5."))
        scores = self.scores()
        if scores:
            self.suggestion = services.suggested_level(s.score for s in scores.values())
        return cleaned

    def scores(self) -> dict[int, ScoreInput]:
        data = getattr(self, "cleaned_data", {})
        scores = {}
        for area in self.areas:
            for item in area.items.all():
                score = data.get(f"score_{item.pk}")
                if score is None:
                    continue
                scores[item.pk] = ScoreInput(
                    score=score,
                    icf_code=data.get(f"icf_code_{item.pk}", ""),
                    icf_qualifier=data.get(f"icf_qualifier_{item.pk}"),
                )
        return scores


# Individual plan --------------------------------------------------------------------------------

MAX_GOALS = 8


class PlanForm(forms.Form):
    """A new version of the plan; it carries the latest version when it was read (0: none)."""

    revision = RevisionField()
    objectives = forms.CharField(
        label=_("General objectives"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_review = forms.DateField(
        label=_("Next review"),
        widget=DateInput(),
        help_text=_("By default six months from today."),
    )
    signed_on = forms.DateField(
        label=_("Signed by the person on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty until the person has signed this version."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "next_review", date.today() + relativedelta(months=services.PLAN_REVIEW_MONTHS)
        )
        super().__init__(*args, **kwargs)


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300, required=False)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "Goal 3", "Target date of goal 3": each label says which row it belongs to.
        suffix = (self.prefix or "").rsplit("-", 1)[-1]
        if suffix.isdigit():
            number = int(suffix) + 1
            self.fields["text"].label = _("Goal %(number)s") % {"number": number}
            self.fields["target_date"].label = _("Target date of goal %(number)s") % {
                "number": number
            }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("target_date") and not cleaned.get("text", "").strip():
            self.add_error("text", _("Write the goal of this target date."))
        return cleaned


def goal_formset(
    *, data: Any = None, initial: list[dict[str, Any]] | None = None
) -> forms.BaseFormSet:
    initial = (initial or [])[:MAX_GOALS]
    formset_class = forms.formset_factory(
        GoalForm,
        extra=MAX_GOALS - len(initial),
        max_num=MAX_GOALS,
        absolute_max=MAX_GOALS,
        validate_max=True,
    )
    return formset_class(data=data, initial=initial, prefix="goals")


# Diary ------------------------------------------------------------------------------------------


class DiaryForm(forms.Form):
    written_on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"written_on": date.today()})
        super().__init__(*args, **kwargs)


# Timeline ---------------------------------------------------------------------------------------


class TimelineFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label=_("Show only"),
        required=False,
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, with_diary: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_diary:
            field = cast(forms.MultipleChoiceField, self.fields["kind"])
            field.choices = [(v, label) for v, label in EventKind.choices if v != EventKind.DIARY]

    def kinds(self) -> list[str] | None:
        """The kinds chosen; None: every kind (also when the choice is not valid)."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data["kind"] or None
