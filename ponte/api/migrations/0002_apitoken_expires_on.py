"""Tokens expire: each has the last day it works. Tokens made before expiry existed work for
90 more days from the upgrade (CHANGELOG), so that no program stops on the day of the upgrade."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

EXISTING_TOKENS_DAYS = 90


def existing_tokens_expire_later(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.filter(expires_on__isnull=True).update(
        expires_on=timezone.localdate() + timedelta(days=EXISTING_TOKENS_DAYS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_on",
            field=models.DateField(null=True, verbose_name="expires on"),
        ),
        migrations.RunPython(existing_tokens_expire_later, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_on",
            field=models.DateField(verbose_name="expires on"),
        ),
    ]
