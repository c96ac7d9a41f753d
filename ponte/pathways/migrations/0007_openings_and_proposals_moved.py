"""Openings and proposals have moved to their own apps (openings 0001, matching 0002): they leave
the pathways' state. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('openings', '0001_initial'),
        ('pathways', '0006_levelchange_person_changed_on'),
        ('matching', '0002_proposal_from_pathways'),
        ('projects', '0003_openings_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='placement',
                    name='opening',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='placements', to='openings.opening', verbose_name='opening'),
                ),
                migrations.DeleteModel(name='Proposal'),
                migrations.DeleteModel(name='Opening'),
            ],
        ),
    ]
