from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ponte.core.forms import DateInput
from ponte.network.models import Membership, Municipality, Organisation, Role, Sector, Valley
from ponte.network.selectors import AUDIT_ACTIONS, audit_kinds
from ponte.network.validators import normalise_fiscal_code, normalise_vat_number

UNKNOWN_MUNICIPALITY = _("Choose a municipality of the district from the list.")


class SectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return str(obj)


class OrganisationForm(forms.ModelForm):
    """Every field, for the coordinator."""

    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )

    sectors = SectorChoiceField(
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sectors"),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "relation",
            "vat_number",
            "fiscal_code",
            "municipality",
            "address",
            "website",
            "email",
            "phone",
            "description",
            "member_since",
            "employees",
            "is_public",
            "sectors",
        ]
        widgets = {
            "member_since": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "municipality": {"invalid_choice": UNKNOWN_MUNICIPALITY},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "municipality" in self.fields:
            municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
            municipality.queryset = Municipality.objects.select_related("valley")
        # People type these as printed ("IT 007 431 10157"): the length is checked (by the model)
        # once the number is normalised, not on what was typed.
        for name in ("vat_number", "fiscal_code"):
            if name in self.fields:
                field = cast(forms.CharField, self.fields[name])
                field.max_length = None
                field.validators = [
                    v for v in field.validators if not isinstance(v, MaxLengthValidator)
                ]
                field.widget.attrs.pop("maxlength", None)

    def clean_vat_number(self) -> str:
        vat_number = normalise_vat_number(self.cleaned_data["vat_number"])
        # The unique constraint is conditional (blank allowed), so the model would only report
        # "constraint … violated" for the whole form: say it on the field, in words.
        others = Organisation.objects.exclude(pk=self.instance.pk)
        if vat_number and others.filter(vat_number=vat_number).exists():
            raise self.instance.unique_error_message(Organisation, ["vat_number"])
        return vat_number

    def clean_fiscal_code(self) -> str:
        return normalise_fiscal_code(self.cleaned_data["fiscal_code"])


class OrganisationProfileForm(OrganisationForm):
    """What a member contact keeps up to date about their own organisation."""

    class Meta(OrganisationForm.Meta):
        fields = ["address", "website", "email", "phone", "description", "sectors"]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))] + list(Organisation.Kind.choices),
    )
    relation = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Members")),
            (Organisation.Relation.FUNDER, _("Funders")),
            (Organisation.Relation.PARTNER, _("Partners")),
            ("all", _("Members, funders and partners")),
        ],
    )
    valley = forms.ChoiceField(label=_("Valley"), required=False)
    comune = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["valley"]).choices = [("", _("Both valleys"))] + [
            (v.code, v.name) for v in Valley.objects.all()
        ]
        cast(forms.ChoiceField, self.fields["comune"]).choices = [("", _("All municipalities"))] + [
            (m.istat_code, m.display_name) for m in Municipality.objects.all()
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid value is ignored rather than failing the page."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q", "").strip(),
            "kind": data.get("kind", ""),
            "relation": data.get("relation", ""),
            "valley": data.get("valley", ""),
            "municipality": data.get("comune", ""),
        }


class RoleField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[("", "---------")] + list(Role.choices), label=_("Role"), **kwargs
        )


class UserInviteForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and . _ - only, e.g. “mario.rossi”."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("Email"), help_text=_("The new user receives here a link to choose a password.")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    role = RoleField()

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        User = get_user_model()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is already taken."))
        return username

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(_("A user with this email already exists."))
        return email


class MembershipForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("User"), queryset=get_user_model().objects.filter(is_active=True)
    )
    role = RoleField()

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        users = get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")
        # The list offers the users with no role here yet; any active user is accepted, so that
        # one who already has a role gets clean()'s message, not "not one of the choices".
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = users
        offered = forms.ModelChoiceField(
            queryset=users.exclude(memberships__organisation=organisation)
        )
        field.widget.choices = offered.choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user = cleaned.get("user")
        if user and Membership.objects.filter(user=user, organisation=self.organisation).exists():
            raise ValidationError(_("This user already has a role in this organisation."))
        return cleaned


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Person code"),
        required=False,
        max_length=50,
        help_text=_("The pseudonymous code of a person, e.g. FF-7K3Q."),
    )
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
    q = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=100,
        help_text=_("Looked for in the record, the changed fields and the user."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All kinds"))] + list(
            audit_kinds()
        )
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("All actions"))] + [
            (str(value), label) for value, label in AUDIT_ACTIONS
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid value is ignored (and shown as an error on its field)
        rather than failing the page."""
        self.is_valid()
        data = self.cleaned_data
        period_ok = "until" not in self.errors
        return {
            "person": data.get("person", "").strip().upper(),
            "username": data.get("user", "").strip(),
            "kind": data.get("kind", ""),
            "action": int(data["action"]) if data.get("action") else None,
            "since": data.get("since") if period_ok else None,
            "until": data.get("until") if period_ok else None,
            "text": data.get("q", "").strip(),
        }
