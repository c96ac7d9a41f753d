"""Text helpers shared by the apps that compare words (matching, marketplace)."""

import unicodedata


def fold(text: str) -> str:
    """Lower case, accents removed: people type "attività" and "attivita", "Perché" and
    "perche" alike, and both must be the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
