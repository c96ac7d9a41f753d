from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ponte.network.backends import is_refused_demo_password


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "demo_password": _(
            "The demo password works only in a local demonstration; "
            "this installation does not accept it."
        ),
    }

    def clean(self):  # type: ignore[no-untyped-def]
        if is_refused_demo_password(self.cleaned_data.get("password")):
            raise ValidationError(self.error_messages["demo_password"], code="demo_password")
        return super().clean()
