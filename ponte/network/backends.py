from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


def is_refused_demo_password(password: str | None) -> bool:
    """The demo accounts' shared password works only in debug mode (a local demo)."""
    return not settings.DEBUG and password == settings.DEMO_PASSWORD


class PonteModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if is_refused_demo_password(password):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
