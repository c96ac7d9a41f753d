"""Helpers of the apps' scale.py (the large synthetic data set of `seed_scale`)."""

import random

from django.db.models import Model

from ponte.core.codes import ALPHABET


def unique_codes(rng: random.Random, model: type[Model], n: int, length: int = 8) -> list[str]:
    """n random codes that collide neither with each other nor with the rows already there: a
    bulk insert of tens of thousands of random codes would otherwise hit the unique constraint
    now and then (a seeded draw, not secrets: synthetic data)."""
    taken = set(model._default_manager.values_list("code", flat=True))
    codes: list[str] = []
    while len(codes) < n:
        code = "".join(rng.choices(ALPHABET, k=length))
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes
