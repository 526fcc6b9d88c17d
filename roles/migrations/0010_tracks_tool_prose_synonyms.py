"""Tracks on ladder levels, the prose of the tools, pros-and-cons and FAQ sections, associate and apprenticeship
education routes, and skill synonyms (with the "Editors" group's rights on them, as in 0005).

Numbered 0010 after roles 0008: another branch adds 0009; the lead renumbers at merge.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


SYNONYM_PERMISSIONS = [f"{action}_skillsynonym" for action in ("view", "add", "change", "delete")]


def _synonym_permissions(apps, schema_editor):
    db = schema_editor.connection.alias
    Permission = apps.get_model("auth", "Permission")
    return db, Permission.objects.using(db).filter(content_type__app_label="roles", codename__in=SYNONYM_PERMISSIONS)


def grant(apps, schema_editor):
    # As in 0003: permissions are normally created after all migrations, so create them now.
    app_config = apps.get_app_config("roles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    db, permissions = _synonym_permissions(apps, schema_editor)
    for group in apps.get_model("auth", "Group").objects.using(db).filter(name="Editors"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    db, permissions = _synonym_permissions(apps, schema_editor)
    for group in apps.get_model("auth", "Group").objects.using(db).filter(name="Editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('roles', '0009_pay_periods'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='careerlevel',
            name='track',
            field=models.CharField(blank=True, choices=[('individual', 'Individual contributor'), ('management', 'Management')], help_text="Leave empty for a rung every career passes through; set it where the ladder branches (a manager rung after a principal engineer), so “next level” stays on the reader's track.", max_length=12),
        ),
        migrations.AddField(
            model_name='historicalcareerlevel',
            name='track',
            field=models.CharField(blank=True, choices=[('individual', 'Individual contributor'), ('management', 'Management')], help_text="Leave empty for a rung every career passes through; set it where the ladder branches (a manager rung after a principal engineer), so “next level” stays on the reader's track.", max_length=12),
        ),
        migrations.AddField(
            model_name='historicalrole',
            name='faq_overview',
            field=models.TextField(blank=True, help_text='Introduction to the frequently asked questions.'),
        ),
        migrations.AddField(
            model_name='historicalrole',
            name='pros_cons_overview',
            field=models.TextField(blank=True, help_text='Introduction to the pros and cons.'),
        ),
        migrations.AddField(
            model_name='historicalrole',
            name='tools_overview',
            field=models.TextField(blank=True, help_text="The guide's prose on tools and technologies; the tools themselves are linked below."),
        ),
        migrations.AddField(
            model_name='role',
            name='faq_overview',
            field=models.TextField(blank=True, help_text='Introduction to the frequently asked questions.'),
        ),
        migrations.AddField(
            model_name='role',
            name='pros_cons_overview',
            field=models.TextField(blank=True, help_text='Introduction to the pros and cons.'),
        ),
        migrations.AddField(
            model_name='role',
            name='tools_overview',
            field=models.TextField(blank=True, help_text="The guide's prose on tools and technologies; the tools themselves are linked below."),
        ),
        migrations.AlterField(
            model_name='educationpath',
            name='kind',
            field=models.CharField(choices=[('degree', 'Degree'), ('associate', 'Associate degree'), ('postgraduate', 'Postgraduate degree'), ('apprenticeship', 'Apprenticeship'), ('bootcamp', 'Bootcamp'), ('certification', 'Certification'), ('self_study', 'Self-study')], max_length=20),
        ),
        migrations.AlterField(
            model_name='historicaleducationpath',
            name='kind',
            field=models.CharField(choices=[('degree', 'Degree'), ('associate', 'Associate degree'), ('postgraduate', 'Postgraduate degree'), ('apprenticeship', 'Apprenticeship'), ('bootcamp', 'Bootcamp'), ('certification', 'Certification'), ('self_study', 'Self-study')], max_length=20),
        ),
        migrations.CreateModel(
            name='HistoricalSkillSynonym',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('same_as', models.ForeignKey(blank=True, db_constraint=False, help_text="The skill it is counted as. It must not itself be marked as another skill's synonym.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roles.skill')),
                ('skill', models.ForeignKey(blank=True, db_constraint=False, help_text='The skill that is another name for the one below.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roles.skill')),
            ],
            options={
                'verbose_name': 'historical skill synonym',
                'verbose_name_plural': 'historical skill synonyms',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SkillSynonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('same_as', models.ForeignKey(help_text="The skill it is counted as. It must not itself be marked as another skill's synonym.", on_delete=django.db.models.deletion.CASCADE, related_name='synonyms', to='roles.skill')),
                ('skill', models.OneToOneField(help_text='The skill that is another name for the one below.', on_delete=django.db.models.deletion.CASCADE, related_name='synonym_of', to='roles.skill')),
            ],
            options={
                'ordering': ['same_as__name', 'skill__name', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('skill', models.F('same_as')), _negated=True), name='skill_synonym_not_itself', violation_error_code='same_as', violation_error_message='A skill cannot be a synonym of itself.')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
