"""The views of /cruscotto/, one module per part: dashboard.py (the charts of the indicators),
and the funder reports, imports and reminders in their own modules."""
