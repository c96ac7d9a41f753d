from django.db import migrations

SECTOR_CODES = [
    "agriculture",
    "food",
    "catering",
    "hospitality",
    "laundry",
    "retail",
    "crafts",
    "forestry",
    "construction",
    "energy",
    "finance",
    "social_services",
    "training",
    "public_administration",
    "philanthropy",
]


def create_sectors(apps, schema_editor):
    Sector = apps.get_model("network", "Sector")
    for code in SECTOR_CODES:
        Sector.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(create_sectors, migrations.RunPython.noop)]
