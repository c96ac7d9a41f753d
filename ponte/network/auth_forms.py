from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
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

    def clean(self) -> dict[str, Any]:
        if is_refused_demo_password(self.cleaned_data.get("password")):
            raise ValidationError(self.error_messages["demo_password"], code="demo_password")
        return super().clean()


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form skips accounts without a usable password. Here those are the invited
    users who have not chosen one yet: a lost invitation is recovered with 'Forgot your
    password?'. Deactivated accounts (is_active False) still get nothing."""

    def get_users(self, email: str) -> Iterator[Any]:
        UserModel = get_user_model()
        email_field = UserModel.get_email_field_name()
        users = UserModel._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        return iter(users)
