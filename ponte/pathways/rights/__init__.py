"""The rights of the people in a pathway (GDPR art. 15, 17, 20) and retention (docs/privacy.md,
"Rights and retention"): the export of everything about a person, erasure by anonymisation, the
requests that start them, and the periods after which records are anonymised or deleted."""
