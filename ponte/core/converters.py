"""Path converters. `<code:…>` matches only a random code (ponte.core.codes: digits and capital
letters, a person's code also a hyphen), never a lowercase page name: under one prefix, the pages
of two apps (e.g. /opportunita/proposte/ of matching and /opportunita/<code>/ of openings) cannot
catch each other's addresses, whatever the order of their include()s."""


class CodeConverter:
    regex = "[0-9A-Z-]{4,16}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
