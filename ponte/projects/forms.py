"""Forms of the sub-projects. They read and shape the input; the rules are in the models and in
services.py."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ponte.core.concurrency import RevisionField
from ponte.core.forms import DateInput, model_choice_field
from ponte.network.models import Organisation
from ponte.openings.models import Opening
from ponte.pathways.models import Service
from ponte.projects.computations import computation_choices
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject


class SubProjectForm(forms.ModelForm):
    """The lead organisation is chosen by the coordinator; anyone else creates sub-projects led
    by their own organisation (lead_fixed). The openings offered are those the user may see
    (`openings`, from openings.selectors.openings_visible_to): another organisation's draft is
    never listed, and a link to one that is already there is kept as it is."""

    class Meta:
        model = SubProject
        fields = [
            "title",
            "description",
            "lead",
            "partners",
            "funders",
            "starts_on",
            "ends_on",
            "status",
            "services",
            "openings",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "partners": forms.CheckboxSelectMultiple,
            "funders": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "openings": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self,
        *args: Any,
        openings: QuerySet[Opening],
        lead_fixed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(is_active=True).order_by("name")
        model_choice_field(self, "lead").queryset = organisations
        model_choice_field(self, "partners").queryset = organisations
        model_choice_field(self, "funders").queryset = organisations
        model_choice_field(self, "services").queryset = Service.objects.select_related(
            "provider"
        ).order_by("provider__name", "name")
        model_choice_field(self, "openings").queryset = openings.select_related("host").order_by(
            "host__name", "title"
        )
        # Links the user cannot see (another organisation's draft, linked by its host): not
        # offered, and kept when the form is saved.
        self.hidden_openings: list[Opening] = (
            list(self.instance.openings.exclude(pk__in=openings.values("pk")))
            if self.instance.pk is not None
            else []
        )
        self.fields["services"].label_from_instance = (  # type: ignore[attr-defined]
            lambda service: f"{service.provider.name} · {service.name}"
        )
        self.fields["openings"].label_from_instance = (  # type: ignore[attr-defined]
            lambda opening: f"{opening.host.name} · {opening.title}"
        )
        if lead_fixed:
            del self.fields["lead"]

    def clean_openings(self) -> list[Opening]:
        return [*self.cleaned_data["openings"], *self.hidden_openings]


class BudgetLineForm(forms.ModelForm):
    """A budget line, with its revision when the form was read (core/concurrency.py)."""

    revision = RevisionField()

    class Meta:
        model = BudgetLine
        fields = ["name", "kind", "planned"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["revision"].initial = self.instance.revision
        else:  # a new line: nobody else can have saved it
            self.fields["revision"].required = False


class MovementForm(forms.ModelForm):
    class Meta:
        model = Movement
        fields = ["budget_line", "on", "amount", "description", "document"]
        widgets = {"on": DateInput()}

    def __init__(self, *args: Any, subproject: SubProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "budget_line")
        field.queryset = subproject.budget_lines.all()
        field.help_text = _("Expenses go on a cost line, revenues on a revenue line.")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "dimension",
            "baseline",
            "target",
            "starts_on",
            "ends_on",
            "source",
            "computation",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["computation"] = forms.ChoiceField(
            label=_("computation"),
            required=False,
            choices=computation_choices(),
            help_text=_("For computed indicators: how Ponte computes the value."),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A computation chosen for an indicator entered by hand is simply dropped.
        if cleaned.get("source") == Indicator.Source.MANUAL:
            cleaned["computation"] = ""
        return cleaned


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["on", "value", "note"]
        widgets = {"on": DateInput()}
