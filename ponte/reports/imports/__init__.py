"""The pages of the imports from XLSX and CSV spreadsheets (/cruscotto/importazioni/): districts
that kept their data in spreadsheets bring it in without retyping.

The engine is ponte/imports, and each kind lives in its app (network/imports,
pathways/imports, marketplace/imports), registered from the app's AppConfig.ready(): this
package reaches the kinds only through the registry (`ponte.imports.kinds.KINDS`).

- templates.py: the template files to download (XLSX with an instructions sheet, CSV);
- batches.py: the life of an import (upload, dry run, import, discard);
- tasks.py: the dry run and the import as background tasks, reporting their progress;
- access.py: who may import what, and who sees an import;
- forms.py: the upload form.
"""
