from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language_info

from ponte.core import navigation


@lru_cache
def _languages() -> tuple[tuple[str, str, str], ...]:
    """(code, name in that language, address of its switch link): fixed for the process, and on
    every page, so computed once."""
    return tuple(
        (
            code,
            str(get_language_info(code)["name_local"]).capitalize(),
            reverse("core:set_language", args=[code]),
        )
        for code, _name in settings.LANGUAGES
    )


def ponte(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav_items": list(navigation.items_for(request)),
        "current_membership": getattr(request, "membership", None),
        "user_memberships": getattr(request, "memberships", []),
        "language_links": _languages(),
        "next_path": quote(request.get_full_path(), safe="/"),
        "debug_mode": settings.DEBUG,
    }
