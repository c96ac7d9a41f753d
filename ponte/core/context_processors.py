from typing import Any

from django.conf import settings
from django.http import HttpRequest

from ponte.core import navigation


def ponte(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav_items": list(navigation.items_for(request)),
        "current_membership": getattr(request, "membership", None),
        "user_memberships": getattr(request, "memberships", []),
        "debug_mode": settings.DEBUG,
    }
