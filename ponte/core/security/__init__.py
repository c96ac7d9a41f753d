"""Security controls of privacy.md: the second factor (TOTP and recovery codes), login
throttling (django-axes) and the helpers they share."""
