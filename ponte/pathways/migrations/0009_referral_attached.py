"""A referral can be attached to a record the receiving organisation already had (who, when, and
the code of the duplicate record removed)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pathways', '0008_person_birth_place'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='referral',
            name='attached_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='attached to the existing record by'),
        ),
        migrations.AddField(
            model_name='referral',
            name='attached_on',
            field=models.DateField(blank=True, null=True, verbose_name='attached to the existing record on'),
        ),
        migrations.AddField(
            model_name='referral',
            name='removed_duplicate_code',
            field=models.CharField(blank=True, max_length=12, verbose_name='code of the duplicate record removed'),
        ),
    ]
