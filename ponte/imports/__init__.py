"""The engine of the spreadsheet imports: districts that kept their data in spreadsheets bring
it in without retyping. It reads an XLSX or CSV file, matches its header with the columns of a
kind, turns each cell into a form value, validates every row with the form the pages use (so
the rules live in one place), and writes the whole file in one transaction.

- reading.py: the file's size and type, its rows as cells;
- cells.py: the columns, and the parsers from a cell to a form value;
- kinds.py: what a kind is (its columns, natural key, access, hooks) and the registry of the
  kinds, which each app fills with its own from its AppConfig.ready();
- validating.py: the header, the cells and each row's form, writing nothing;
- writing.py: writing a valid file, and bulk writes with their audit trail.

The same way for every kind:

- nothing is saved unless every row is valid (`validate` never writes; `apply` writes all or
  nothing);
- the existing rows are read with one query per kind for the whole file (their natural keys),
  so a 10,000-row file is not 10,000 look-ups;
- a re-import of the same file finds every row "unchanged" and writes nothing.

The package sits between core and network in the layers (docs/architecture.md): it imports no
app but core, so that every app can have kinds; the pages of the imports are reports'.
"""
