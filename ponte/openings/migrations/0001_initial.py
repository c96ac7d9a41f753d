"""Openings move out of the pathways app into their own (code only): the model keeps its table,
pathways_opening, so no data moves; only Django's idea of where the model lives changes."""

import django.core.validators
import django.db.models.deletion
import ponte.core.codes
from django.conf import settings
from django.db import migrations, models


def opening_content_type(apps, schema_editor):
    """Audit entries and permissions point to the model's content type: it follows the model,
    so that the history of every opening stays attached to it."""
    content_type = apps.get_model("contenttypes", "ContentType")
    old = content_type.objects.filter(app_label="pathways", model="opening")
    if not content_type.objects.filter(app_label="openings", model="opening").exists():
        old.update(app_label="openings")


def opening_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="openings", model="opening").update(app_label="pathways")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('network', '0005_role_dpo'),
        ('pathways', '0006_levelchange_person_changed_on'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Opening',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('code', models.CharField(default=ponte.core.codes.random_code, editable=False, max_length=12, unique=True, verbose_name='code')),
                        ('kind', models.CharField(choices=[('tis', 'Social-inclusion internship (TIS)'), ('extracurricular', 'Extracurricular internship'), ('fixed_term', 'Fixed-term job'), ('permanent', 'Permanent job'), ('useful_work', 'Socially useful work')], max_length=20, verbose_name='kind')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('tasks', models.TextField(verbose_name='tasks')),
                        ('skills', models.TextField(blank=True, help_text='Separated by commas, e.g. kitchen, HACCP, driving.', verbose_name='skills')),
                        ('hours_per_week', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(40)], verbose_name='hours per week')),
                        ('days', models.JSONField(blank=True, default=list, verbose_name='days')),
                        ('places', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(50)], verbose_name='places')),
                        ('starts_on', models.DateField(verbose_name='from')),
                        ('ends_on', models.DateField(blank=True, null=True, verbose_name='to')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed')], default='draft', max_length=10, verbose_name='status')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('host', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='openings', to='network.organisation', verbose_name='host')),
                        ('min_level', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='pathways.level', verbose_name='minimum level')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='openings', to='network.municipality', verbose_name='municipality')),
                        ('tutor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tutored_openings', to=settings.AUTH_USER_MODEL, verbose_name='tutor')),
                    ],
                    options={
                        'verbose_name': 'opening',
                        'verbose_name_plural': 'openings',
                        'db_table': 'pathways_opening',
                        'ordering': ['-starts_on', 'title'],
                        'indexes': [models.Index(fields=['status', 'starts_on'], name='pathways_op_status_f3ca70_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='opening_ends_after_it_starts'), models.CheckConstraint(condition=models.Q(('places__gte', 1)), name='opening_has_places')],
                    },
                ),
            ],
        ),
        migrations.RunPython(opening_content_type, opening_content_type_back),
    ]
