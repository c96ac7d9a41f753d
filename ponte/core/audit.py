"""Audit trail helpers (django-auditlog)."""


def mask_completely(value: str) -> str:
    """Used for identity fields in the change log: the trail says which field changed, when and
    by whom, but keeps no copy of a person's name, contacts or health information."""
    return "•••"
