"""The linked openings now live in the openings app (state only: same table, same column)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('openings', '0001_initial'),
        ('projects', '0002_budget_and_indicators'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='subproject',
                    name='openings',
                    field=models.ManyToManyField(blank=True, related_name='subprojects', to='openings.opening', verbose_name='linked openings'),
                ),
            ],
        ),
    ]
