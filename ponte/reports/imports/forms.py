"""The upload form of the imports."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.imports.kinds import ImportKind


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX or CSV (UTF-8, separated by ; or ,), at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, kinds: list[type[ImportKind]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (kind.slug, kind.label) for kind in kinds
        ]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].slug
