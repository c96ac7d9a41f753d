"""The spreadsheet imports of pathways (ponte/imports), registered from PathwaysConfig.ready():

- people.py: people in a pathway, with their consents (case workers);
- services.py: the services of the chain (openings have theirs in openings/imports.py).
"""
