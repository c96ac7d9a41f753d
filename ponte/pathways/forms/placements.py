"""Forms of the services of the chain, placements, attendance, tutor evaluations and follow-ups.
They read and shape the input; the rules (capacity, transitions, ranges) are in services.py."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from ponte.core.concurrency import RevisionField
from ponte.core.forms import DateInput
from ponte.network.models import Membership, Municipality, Organisation, Valley
from ponte.pathways import selectors
from ponte.pathways.attendance import MonthGrid, hours_text
from ponte.pathways.models import (
    Area,
    Assessment,
    Attendance,
    FollowUp,
    Instrument,
    Item,
    Level,
    Placement,
    Service,
)
from ponte.pathways.services.assessments import ScoreInput
from ponte.pathways.services.attendance import DayInput

# Services of the chain ------------------------------------------------------------------------


class LevelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Level) -> str:
        return str(obj)


class ServiceForm(forms.ModelForm):
    """A service of the chain. The coordinator chooses the provider; a case worker's service is
    always of their own organisation."""

    levels = LevelChoiceField(
        queryset=Level.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Levels served"),
    )

    class Meta:
        model = Service
        fields = [
            "provider",
            "name",
            "kind",
            "description",
            "levels",
            "places",
            "schedule",
            "municipality",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "schedule": _("E.g. “Monday to Friday, 9–13”."),
            "is_active": _("Only active services take new placements."),
        }

    def __init__(self, *args: Any, choose_provider: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_provider:
            provider = cast(forms.ModelChoiceField, self.fields["provider"])
            provider.queryset = Organisation.objects.filter(is_active=True).order_by("name")
        else:
            del self.fields["provider"]
        municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality.queryset = Municipality.objects.select_related("valley")


class ServiceFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Service.Kind.choices]
    )
    level = forms.TypedChoiceField(label=_("Level"), required=False, coerce=int, empty_value=None)
    valley = forms.ChoiceField(label=_("Valley"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["level"]).choices = [("", _("All levels"))] + [
            (level.number, str(level)) for level in Level.objects.all()
        ]
        cast(forms.ChoiceField, self.fields["valley"]).choices = [("", _("Both valleys"))] + [
            (valley.code, valley.name) for valley in Valley.objects.all()
        ]

    def filter(self, services: QuerySet[Service]) -> QuerySet[Service]:
        """The valid filters applied; an invalid value is ignored rather than failing the page."""
        if not self.is_bound:
            return services
        self.is_valid()
        data = self.cleaned_data
        if data.get("kind"):
            services = services.filter(kind=data["kind"])
        if data.get("level") is not None:
            services = services.filter(levels__number=data["level"])
        if data.get("valley"):
            services = services.filter(municipality__valley__code=data["valley"])
        return services


# Placements -----------------------------------------------------------------------------------


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        free = obj.places - obj.taken  # type: ignore[attr-defined]
        return _("%(service)s · %(provider)s · free places: %(free)s of %(places)s") % {
            "service": obj.name,
            "provider": obj.provider.name,
            "free": max(free, 0),
            "places": obj.places,
        }


class TutorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        organisations = sorted({m.organisation.name for m in obj.provider_roles})
        return f"{obj.get_full_name() or obj.username} · {', '.join(organisations)}"


class PlacementForm(forms.Form):
    service = ServiceChoiceField(label=_("Service"), queryset=Service.objects.none())
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=40)
    tutor = TutorChoiceField(
        label=_("Tutor"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Someone with a role in the organisation that provides the service."),
    )
    agreement_reference = forms.CharField(
        label=_("Agreement"),
        max_length=100,
        required=False,
        help_text=_("The reference of the signed agreement, if there is one."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = selectors.services_with_occupancy().filter(is_active=True).order_by("name")
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services
        cast(forms.ModelChoiceField, self.fields["tutor"]).queryset = _tutors()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        service, tutor = cleaned.get("service"), cleaned.get("tutor")
        if (
            service
            and tutor
            and not tutor.memberships.filter(
                organisation_id=service.provider_id, is_active=True
            ).exists()
        ):
            self.add_error(
                "tutor",
                _("The tutor must have a role in %(provider)s.")
                % {"provider": service.provider.name},
            )
        return cleaned


def _tutors() -> QuerySet[Any]:
    """Users with an active role in an organisation that runs an active service, with those
    organisations prefetched for the label."""
    roles = (
        Membership.objects.filter(is_active=True, organisation__services__is_active=True)
        .select_related("organisation")
        .distinct()
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=roles.values("user_id"))
        .prefetch_related(Prefetch("memberships", queryset=roles, to_attr="provider_roles"))
        .order_by("last_name", "first_name")
    )


class TransitionForm(forms.Form):
    """One step of the placement's life: accept, start, end (with the outcome), withdraw."""

    to = forms.ChoiceField(choices=Placement.Status.choices)
    on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", "---------"), *Placement.Outcome.choices],
    )
    interruption_cause = forms.CharField(
        label=_("Cause of interruption"), max_length=200, required=False
    )
    interrupted_by = forms.ChoiceField(
        label=_("Interrupted on whose side"),
        required=False,
        choices=[("", "---------"), *Placement.Side.choices],
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"),
        required=False,
        choices=[("", "---------"), *Placement.Contract.choices],
    )
    contract_hours = forms.IntegerField(
        label=_("Contract hours per week"), required=False, min_value=1, max_value=60
    )

    def transition(self) -> dict[str, Any]:
        """The keyword arguments of services.placement_transition."""
        data = dict(self.cleaned_data)
        if data["on"] is None:
            data.pop("on")
        return data


class EndForm(TransitionForm):
    """The form shown to end a placement: the step is fixed, the outcome asked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"to": Placement.Status.ENDED, "on": date.today()})
        super().__init__(*args, **kwargs)
        self.fields["to"].widget = forms.HiddenInput()
        self.fields["outcome"].required = True


# Attendance -----------------------------------------------------------------------------------

ABSENCE_CHOICES = [("", "—"), *Attendance.Absence.choices]


class AttendanceMonthForm(forms.Form):
    """The month grid: hours present and reason of absence for every day of the month. Days
    outside the placement are shown disabled; a value sent for one of them reaches the service,
    which refuses it with a message. Only the days sent change: a day missing from the POST stays
    as it is; a recorded day is cleared by ticking its "Clear" box or by sending its row empty.
    The form carries the revision of the month it was read at (core/concurrency.py)."""

    revision = RevisionField()

    def __init__(self, *args: Any, grid: MonthGrid, read_only: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.fields["revision"].initial = grid.revision
        for row in grid.rows:
            day_label = formats.date_format(row.day, "j F")
            disabled = {"disabled": True} if read_only or not row.in_period else {}
            self.fields[f"hours_{row.day.day}"] = forms.DecimalField(
                label=_("Hours present on %(day)s") % {"day": day_label},
                required=False,
                max_digits=4,
                decimal_places=2,
                initial=hours_text(row.hours),
                widget=forms.NumberInput(
                    attrs={
                        "step": "0.5",
                        "min": "0",
                        "max": "12",
                        "inputmode": "decimal",
                        **disabled,
                    }
                ),
            )
            self.fields[f"absence_{row.day.day}"] = forms.ChoiceField(
                label=_("Reason of absence on %(day)s") % {"day": day_label},
                required=False,
                choices=ABSENCE_CHOICES,
                initial=row.absence,
                widget=forms.Select(attrs=disabled),
            )
            if not disabled and row.day in grid.entries:
                self.fields[f"clear_{row.day.day}"] = forms.BooleanField(
                    label=_("Clear the record of %(day)s") % {"day": day_label},
                    required=False,
                )

    @property
    def rows(
        self,
    ) -> Iterable[tuple[Any, forms.BoundField, forms.BoundField, forms.BoundField | None]]:
        for row in self.grid.rows:
            day = row.day.day
            clear = self[f"clear_{day}"] if f"clear_{day}" in self.fields else None
            yield row, self[f"hours_{day}"], self[f"absence_{day}"], clear

    def _sent(self, name: str) -> bool:
        return self.add_prefix(name) in self.data

    def changes(self) -> dict[date, DayInput | None]:
        """The days whose entry differs from what is saved: a DayInput, or None to clear it.
        A day whose inputs are missing from the POST is no change."""
        saved = self.grid.entries
        changes: dict[date, DayInput | None] = {}
        for row in self.grid.rows:
            day = row.day.day
            if self.cleaned_data.get(f"clear_{day}"):
                if row.day in saved:
                    changes[row.day] = None
                continue
            if not (self._sent(f"hours_{day}") or self._sent(f"absence_{day}")):
                continue
            hours = self.cleaned_data.get(f"hours_{day}")
            absence = self.cleaned_data.get(f"absence_{day}") or ""
            empty = hours is None and not absence
            if not row.in_period:
                if not empty:
                    changes[row.day] = DayInput(hours=hours or Decimal("0"), absence=absence)
                continue
            entry = None if empty else DayInput(hours=hours or Decimal("0"), absence=absence)
            before = saved.get(row.day)
            if entry is None:
                if before is not None:
                    changes[row.day] = None
            elif before is None or before != (
                None if entry.absence else entry.hours,
                entry.absence,
            ):
                changes[row.day] = entry
        return changes


# Tutor evaluations ----------------------------------------------------------------------------


class ScoreField(forms.TypedChoiceField):
    """One item of the instrument: a radio group 1–5, each choice with its anchor."""

    def __init__(self, item: Item, **kwargs: Any) -> None:
        anchors = list(item.anchors) + [""] * 5
        super().__init__(
            label=item.text,
            choices=[
                (score, f"{score} · {anchors[score - 1]}" if anchors[score - 1] else str(score))
                for score in range(1, 6)
            ],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Score this item.")},
            **kwargs,
        )


class EvaluationForm(forms.Form):
    """A tutor's evaluation (mid-term or final) with the instrument of the assessments."""

    kind = forms.ChoiceField(
        label=_("Evaluation"),
        choices=[
            (Assessment.Kind.MIDTERM, _("Mid-term")),
            (Assessment.Kind.FINAL, _("Final")),
        ],
        widget=forms.RadioSelect,
        initial=Assessment.Kind.MIDTERM,
    )
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=date.today)

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.areas: list[tuple[Area, list[str]]] = []
        by_area: dict[int, list[str]] = {}
        areas = {area.pk: area for area in instrument.areas.all()}
        for item in Item.objects.filter(area__instrument=instrument).order_by(
            "area__order", "order"
        ):
            name = f"item_{item.pk}"
            self.fields[name] = ScoreField(item)
            by_area.setdefault(item.area_id, []).append(name)
        self.areas = [(areas[pk], names) for pk, names in by_area.items()]
        self.fields["notes"] = forms.CharField(
            label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
        )

    @property
    def item_groups(self) -> list[tuple[Area, list[forms.BoundField]]]:
        return [(area, [self[name] for name in names]) for area, names in self.areas]

    def scores(self) -> dict[int, ScoreInput]:
        return {
            int(name.removeprefix("item_")): ScoreInput(score=value)
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }


# Follow-ups -----------------------------------------------------------------------------------


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), initial=date.today)
    employed = forms.TypedChoiceField(
        label=_("Is the person employed?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    contract_type = forms.ChoiceField(
        label=_("Contract type"),
        required=False,
        choices=[("", "---------"), *Placement.Contract.choices],
    )

    @classmethod
    def for_follow_up(cls, data: Any, follow_up: FollowUp) -> "FollowUpForm":
        initial: dict[str, Any] = {}
        if follow_up.done_on:
            initial = {
                "done_on": follow_up.done_on,
                "employed": "yes" if follow_up.employed else "no",
                "employer": follow_up.employer,
                "contract_type": follow_up.contract_type,
            }
        return cls(data, initial=initial)
