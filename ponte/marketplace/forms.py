"""Forms of the marketplace: the filters of the list and of the catalogue, a listing with its
photos, an answer and the decision on it, an exchange. They read and shape the input; the rules
are in the models and in services.py."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ponte.core.forms import DateInput
from ponte.marketplace import selectors
from ponte.marketplace.access import EMPLOYER_KINDS
from ponte.marketplace.models import MAX_PHOTOS, Exchange, Listing, ListingPhoto
from ponte.marketplace.services import photo_content_type
from ponte.network.models import Municipality, Organisation, Valley


def member_organisations() -> Any:
    return Organisation.objects.filter(
        is_active=True, relation=Organisation.Relation.MEMBER
    ).order_by("name")


class ListingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Words in the title or the description."),
    )
    direction = forms.ChoiceField(
        label=_("Offers or requests"),
        required=False,
        choices=[("", _("Offers and requests")), *Listing.Direction.choices],
    )
    mode = forms.ChoiceField(
        label=_("Mode"), required=False, choices=[("", _("All modes")), *Listing.Mode.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Listing.Category.choices],
    )
    valley = forms.ChoiceField(label=_("Valley"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds")), *Organisation.Kind.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (selectors.NEWEST, _("Newest first")),
            (selectors.DISTANCE, _("Nearest to your organisation")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["valley"]).choices = [("", _("Both valleys"))] + [
            (valley.code, valley.name) for valley in Valley.objects.all()
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters, as keyword arguments of selectors.browse_listings; an invalid value
        is ignored rather than failing the page."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q", "").strip(),
            "direction": data.get("direction", ""),
            "mode": data.get("mode", ""),
            "category": data.get("category", ""),
            "valley": data.get("valley", ""),
            "kind": data.get("kind", ""),
            "sort": data.get("sort", "") or selectors.NEWEST,
        }


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Listing.Category.choices],
    )
    cooperatives = forms.BooleanField(label=_("Social cooperatives only"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q", "").strip(),
            "category": data.get("category", ""),
            "cooperatives": bool(data.get("cooperatives")),
        }


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input; each is checked (size, real image format) on its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(PhotosField, self).clean(item, initial) for item in files]
        errors: list[ValidationError] = []
        for upload in cleaned:
            try:
                photo_content_type(upload)
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return cleaned


class PhotoChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ListingPhoto) -> str:
        return str(_("Photo %(number)d") % {"number": obj.position + 1})


class ListingForm(forms.ModelForm):
    """A listing. The coordinator chooses the organisation; a member contact's listing is always
    of their own organisation, whose instance the view passes with it set."""

    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to three photos, JPEG, PNG or WebP, at most 5 MB each."),
    )
    remove_photos = PhotoChoiceField(
        label=_("Remove photos"),
        queryset=ListingPhoto.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Listing
        fields = [
            "organisation",
            "direction",
            "mode",
            "category",
            "title",
            "description",
            "price",
            "unit",
            "quantity",
            "municipality",
            "valid_until",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "valid_until": DateInput(),
            "direction": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "price": _("Optional. Leave empty for a gift or when the price is agreed."),
            "visibility": _(
                "Public offers also appear in the public catalogue, for companies and citizens."
            ),
            "valid_until": _("After this date the listing is no longer shown."),
        }

    def __init__(self, *args: Any, choose_organisation: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_organisation:
            organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
            organisation.queryset = Organisation.objects.filter(
                Q(is_active=True, relation=Organisation.Relation.MEMBER)
                | Q(pk=self.instance.organisation_id)
            ).order_by("name")
        else:
            del self.fields["organisation"]
        municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality.queryset = Municipality.objects.select_related("valley")
        if self.instance._state.adding:
            del self.fields["remove_photos"]
            organisation_instance = (
                self.instance.organisation if self.instance.organisation_id else None
            )
            if organisation_instance is not None and organisation_instance.municipality_id:
                self.initial["municipality"] = organisation_instance.municipality_id
        else:
            photos = cast(forms.ModelMultipleChoiceField, self.fields["remove_photos"])
            photos.queryset = self.instance.photos.all()
            if not self.instance.photos.exists():
                del self.fields["remove_photos"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        photos = cleaned.get("photos") or []
        removed = cleaned.get("remove_photos") or []
        kept = 0 if self.instance._state.adding else self.instance.photos.count() - len(removed)
        if photos and kept + len(photos) > MAX_PHOTOS:
            self.add_error(
                "photos",
                _("A listing has at most %(max)d photos: it has %(kept)d, remove some first.")
                % {"max": MAX_PHOTOS, "kept": kept}
                if kept
                else _("A listing has at most %(max)d photos.") % {"max": MAX_PHOTOS},
            )
        return cleaned


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What your organisation proposes: quantities, dates, how to get in touch."),
    )


class AnswerDecisionForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"
    decision = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))])


class ExchangeForm(forms.ModelForm):
    """An exchange between two member organisations. From a gift listing it is a gift, worth
    0 €, so the value is not asked."""

    class Meta:
        model = Exchange
        fields = ["giver", "receiver", "what", "value", "is_gift", "exchanged_on"]
        widgets = {"exchanged_on": DateInput()}
        help_texts = {
            "value": _("In euro; 0 for a gift."),
            "is_gift": _("Given for free: its value is 0 €."),
        }

    def __init__(self, *args: Any, gift: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("giver", "receiver"):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = member_organisations()
        if gift:
            del self.fields["value"]
            del self.fields["is_gift"]


class ExchangeConfirmForm(forms.Form):
    side = forms.ChoiceField(choices=Exchange.Side.choices)


class EmployerChoiceForm(forms.Form):
    """The coordinator chooses whose company panel to see."""

    organisation = forms.ModelChoiceField(
        label=_("Company"),
        queryset=Organisation.objects.filter(kind__in=EMPLOYER_KINDS).order_by("name"),
        to_field_name="code",
        required=False,
    )
