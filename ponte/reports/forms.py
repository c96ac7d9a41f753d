"""The scope of the dashboard and of the reports: a period (a preset or two dates), a valley
and a sub-project. `ScopeForm(request.GET).scope()` gives the indicators.Scope to compute."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.forms import DateInput
from ponte.core.suppression import whole_months
from ponte.network.models import Valley
from ponte.projects.models import SubProject
from ponte.reports.indicators import Scope

# The longest period one page computes (the monthly series has one point a month).
MAX_YEARS = 10
EARLIEST = date(2000, 1, 1)

THIS_YEAR = "this_year"
LAST_YEAR = "last_year"
LAST_12_MONTHS = "last_12_months"
CUSTOM = "custom"


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """The dates of a preset: this year up to today, the whole of last year, or the twelve
    months up to today (from the first day of the month eleven months ago)."""
    if preset == LAST_YEAR:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if preset == LAST_12_MONTHS:
        month = today.month - 11
        year = today.year
        if month < 1:
            month += 12
            year -= 1
        return date(year, month, 1), today
    return date(today.year, 1, 1), today


class ScopeForm(forms.Form):
    PERIODS = [
        (THIS_YEAR, _("This year")),
        (LAST_YEAR, _("Last year")),
        (LAST_12_MONTHS, _("Last 12 months")),
        (CUSTOM, _("Chosen dates")),
    ]

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=DateInput(),
        help_text=_("Counted from the first day of its month; dates win over the period above."),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Counted to the last day of its month, at the latest the last complete month; "
            "people in charge are counted on that day."
        ),
    )
    valley = forms.ModelChoiceField(
        label=_("Valley"),
        queryset=Valley.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Both valleys"),
    )
    subproject = forms.ModelChoiceField(
        label=_("Sub-project"),
        queryset=SubProject.objects.order_by("title").only("code", "title"),
        to_field_name="code",
        required=False,
        empty_label=_("All sub-projects"),
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        # Dates, when given, win over the preset (the select then shows "chosen dates").
        if self.is_bound and (self.data.get("start") or self.data.get("end")):
            data = self.data.copy()  # type: ignore[attr-defined]
            data["period"] = CUSTOM
            self.data = data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        preset = cleaned.get("period") or ""
        start, end = cleaned.get("start"), cleaned.get("end")
        if preset == CUSTOM:
            if "start" in self.errors or "end" in self.errors:
                return cleaned
            default_start, default_end = preset_period(THIS_YEAR, self.today)
            if start is None and end is None:
                start, end = default_start, default_end
            if start is None:
                assert end is not None  # both None got the defaults above
                start = date(end.year, 1, 1)
            if end is None:
                end = max(start, min(default_end, date(start.year, 12, 31)))
            if end < start:
                raise ValidationError(
                    _("The end of the period (%(end)s) comes before its start (%(start)s)."),
                    code="end_before_start",
                    params={"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
                )
            if start < EARLIEST:
                self.add_error("start", _("The period starts in 2000 at the earliest."))
                return cleaned
            if end - start > timedelta(days=366 * MAX_YEARS):
                raise ValidationError(
                    _("The period can be at most %(years)s years long."),
                    code="too_long",
                    params={"years": MAX_YEARS},
                )
            cleaned["period"] = CUSTOM
        else:
            start, end = preset_period(preset or THIS_YEAR, self.today)
            cleaned["period"] = preset or THIS_YEAR
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def scope(self, *, statistics_consent_only: bool = False) -> Scope:
        """The scope chosen; with errors in the form (or an unbound form), this year for the
        whole district (a page shows the errors next to the numbers of that default). Reports
        that leave the district pass statistics_consent_only=True."""
        if not self.is_valid():
            start, end = whole_months(*preset_period(THIS_YEAR, self.today), today=self.today)
            return Scope(start=start, end=end, statistics_consent_only=statistics_consent_only)
        data = self.cleaned_data
        subproject = data.get("subproject")
        # Counted in whole months up to the last complete one (core.suppression): two periods a
        # day apart never differ by one day's events.
        start, end = whole_months(data["start"], data["end"], today=self.today)
        return Scope(
            start=start,
            end=end,
            valley=data.get("valley"),
            subprojects=(subproject,) if subproject else (),
            statistics_consent_only=statistics_consent_only,
        )


class FunderReportForm(ScopeForm):
    """The scope of a funder report: the dashboard's, but for one or more sub-projects (those
    whose funders ask for it), or the whole district when none is chosen."""

    subproject = None  # type: ignore[assignment]  # replaced by the multiple choice below
    subprojects = forms.ModelMultipleChoiceField(
        label=_("Sub-projects"),
        queryset=SubProject.objects.order_by("title").only("code", "title"),
        to_field_name="code",
        required=False,
        help_text=_("One or more; none for the whole district."),
    )

    def scope(self, *, statistics_consent_only: bool = True) -> Scope:
        scope = super().scope(statistics_consent_only=statistics_consent_only)
        if not self.is_valid():
            return scope
        return replace(scope, subprojects=tuple(self.cleaned_data["subprojects"]))
