from typing import Any

from django.http import HttpRequest

from ponte.network.selectors import current_district


def district(request: HttpRequest) -> dict[str, Any]:
    return {"district": current_district(request)}
