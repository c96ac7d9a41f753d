"""Form rendering with Bootstrap Italia markup, so that every form of Ponte looks and reads the
same: a visible label, help text and errors tied to the field (aria-describedby, aria-invalid).
The renderer applies to every form, Django's own (sign-in, passwords) included."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


def widget_css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return ""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class StyledBoundField(BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        css = widget_css_class(widget or self.field.widget)
        if css and css not in str(attrs.get("class", "")):
            attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        return attrs


class DateInput(forms.DateInput):
    """The browser's date picker; the value is always written as ISO 8601, which is the only form
    an <input type="date"> accepts, whatever the language of the page."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's field that chooses among model instances, typed as such (a form's `fields` are
    plain Fields to the type checker), so that its queryset can be set for the request."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} does not choose among model instances")
    return field


class PonteFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = StyledBoundField


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, at the
    top of the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
