"""The default scale of levels and the default assessment instrument (docs/domain.md, "Levels of
work functioning", "Assessment"). Both are data: a district edits them in the admin (or with a
later migration), not in code."""

from django.db import migrations

LEVELS = [
    (0, "Accoglienza", "Presa in carico, attività pre-lavorative, orientamento"),
    (1, "Laboratorio protetto", "Laboratorio occupazionale in cooperativa, supporto costante"),
    (2, "Tirocinio in cooperativa", "Tirocinio in una cooperativa di tipo B o in un sottoprogetto"),
    (3, "Tirocinio in azienda", "Tirocinio in un'azienda del territorio, con un tutor"),
    (4, "Assunzione accompagnata", "Impiego con supporto (cooperativa B, art. 14, legge 68)"),
    (5, "Lavoro autonomo", "Impiego ordinario, solo monitoraggio"),
]

ANCHORS = [
    "Non adeguato anche con supporto costante",
    "Adeguato solo con supporto costante",
    "Adeguato con supporto frequente",
    "Adeguato con supporto occasionale",
    "Pienamente autonomo",
]

AREAS = [
    (
        "Abitudini lavorative",
        [
            "Puntualità e rispetto delle pause",
            "Presenza e preavviso delle assenze",
            "Rispetto delle regole organizzative e di sicurezza",
            "Cura di sé e della presentazione",
        ],
    ),
    (
        "Qualità del lavoro",
        [
            "Comprensione delle istruzioni",
            "Autonomia nei compiti",
            "Precisione e ordine del posto di lavoro",
            "Ritmo e resistenza",
        ],
    ),
    (
        "Relazioni",
        [
            "Relazione con i colleghi (collaborazione)",
            "Relazione con i superiori (accettare le correzioni)",
            "Comunicazione",
        ],
    ),
    ("Adattamento", ["Gestione degli imprevisti e dei cambiamenti"]),
]


def load(apps, schema_editor):
    Level = apps.get_model("pathways", "Level")
    Instrument = apps.get_model("pathways", "Instrument")
    Area = apps.get_model("pathways", "Area")
    Item = apps.get_model("pathways", "Item")
    for number, name, setting in LEVELS:
        Level.objects.update_or_create(
            number=number, defaults={"name": name, "typical_setting": setting}
        )
    instrument, _created = Instrument.objects.update_or_create(
        code="scheda-osservazione",
        defaults={"name": "Scheda di osservazione delle competenze trasversali", "is_default": True},
    )
    for area_order, (area_name, items) in enumerate(AREAS, start=1):
        area, _created = Area.objects.update_or_create(
            instrument=instrument, order=area_order, defaults={"name": area_name}
        )
        for item_order, text in enumerate(items, start=1):
            Item.objects.update_or_create(
                area=area, order=item_order, defaults={"text": text, "anchors": ANCHORS}
            )


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
