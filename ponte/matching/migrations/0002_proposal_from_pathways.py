"""Proposals move out of the pathways app into matching (code only): the model keeps its table,
pathways_proposal, so no data moves; only Django's idea of where the model lives changes."""

import django.db.models.deletion
import ponte.core.codes
from django.conf import settings
from django.db import migrations, models


def proposal_content_type(apps, schema_editor):
    """Audit entries and permissions point to the model's content type: it follows the model,
    so that the history of every proposal stays attached to it."""
    content_type = apps.get_model("contenttypes", "ContentType")
    old = content_type.objects.filter(app_label="pathways", model="proposal")
    if not content_type.objects.filter(app_label="matching", model="proposal").exists():
        old.update(app_label="matching")


def proposal_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="matching", model="proposal").update(app_label="pathways")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('matching', '0001_initial'),
        ('openings', '0001_initial'),
        ('pathways', '0006_levelchange_person_changed_on'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Proposal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('code', models.CharField(default=ponte.core.codes.random_code, editable=False, max_length=12, unique=True, verbose_name='code')),
                        ('status', models.CharField(choices=[('proposed', 'Proposed'), ('interview', 'Interview accepted'), ('declined', 'Declined'), ('placed', 'Placement proposed'), ('withdrawn', 'Withdrawn')], default='proposed', max_length=20, verbose_name='status')),
                        ('note', models.TextField(blank=True, verbose_name='note for the tutor')),
                        ('score', models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True, verbose_name='score')),
                        ('decline_reason', models.CharField(blank=True, choices=[('profile', 'The profile does not fit the tasks'), ('availability', 'Hours or days do not fit'), ('distance', 'Too far, or no way to get there'), ('filled', 'The places have been filled'), ('interview', 'After the interview'), ('other', 'Other reason')], max_length=20, verbose_name='reason')),
                        ('decline_note', models.TextField(blank=True, verbose_name='note')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('opening', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='openings.opening', verbose_name='opening')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='pathways.person', verbose_name='person')),
                        ('placement', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposal', to='pathways.placement', verbose_name='placement')),
                        ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'proposal',
                        'verbose_name_plural': 'proposals',
                        'db_table': 'pathways_proposal',
                        'ordering': ['-created_at', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['proposed', 'interview'])), fields=('opening', 'person'), name='one_open_proposal_per_person_and_opening')],
                    },
                ),
            ],
        ),
        migrations.RunPython(proposal_content_type, proposal_content_type_back),
    ]
