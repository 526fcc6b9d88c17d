"""The figures a guide states (key facts, growth projections, pay by level and by region) join `roles`,
which owns the whole guide; `salaries` keeps the pay statistics that stand without one.

The models are taken over with their rows: first in Django's state only (on the tables `salaries` created),
then the tables are renamed to this app's names, and the content types (with their permissions, the editors'
group grants and the admin log) move along, so an existing database keeps every row, grant and history entry.
"""


import careerguide.natural_keys
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


MOVED_MODELS = ('historicalgrowthprojection', 'historicalkeyfacts', 'historicallevelsalary', 'historicalregionalsalary', 'growthprojection', 'keyfacts', 'levelsalary', 'regionalsalary')


EDITOR_ACTIONS = ("view", "add", "change", "delete")


def move_content_types(from_app, to_app):
    def move(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
        for model in MOVED_MODELS:
            old = content_types.filter(app_label=from_app, model=model)
            if content_types.filter(app_label=to_app, model=model).exists():
                # Only on a database created at this release: roles 0003 made the new content types from the
                # current models, and the old ones were created empty (no permission or log entry uses them).
                old.delete()
            else:
                # A database that held guides before: the content type keeps its id, so its permissions, the
                # groups' grants and the admin log follow the model.
                old.update(app_label=to_app)

    return move


def grant_editors(apps, schema_editor):
    """The editors' rights on the moved figures, as roles 0003 grants them on every content model: an old
    database keeps them through the content type; a new one gets them here."""
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("roles")
    app_config.models_module = True  # as in 0003: permissions are normally created after all migrations
    create_permissions(app_config, verbosity=0, using=db)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MOVED_MODELS if not model.startswith("historical") for action in EDITOR_ACTIONS]
    permissions = Permission.objects.using(db).filter(content_type__app_label="roles", codename__in=codenames)
    for group in apps.get_model("auth", "Group").objects.using(db).filter(name="Editors"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('roles', '0007_search_title_and_lighter_prose'),
        ('salaries', '0002_pay_figures_to_roles'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalGrowthProjection',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('pct_min', models.DecimalField(decimal_places=2, help_text='Growth in percent (lower bound).', max_digits=5)),
                        ('pct_max', models.DecimalField(decimal_places=2, help_text='Upper bound; the same as the lower bound for a single figure.', max_digits=5)),
                        ('period_start_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('period_end_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('horizon_years', models.PositiveSmallIntegerField(blank=True, help_text='For a projection over “the next N years” with no fixed start.', null=True)),
                        ('comparison', models.CharField(blank=True, help_text='How the source compares it with all occupations.', max_length=200)),
                        ('occupation', models.CharField(blank=True, help_text='Occupation the projection covers.', max_length=200)),
                        ('is_headline', models.BooleanField(default=False, help_text='Shown in the key facts; one per role.')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('role', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roles.role')),
                        ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.source')),
                    ],
                    options={
                        'db_table': 'salaries_historicalgrowthprojection',
                        'verbose_name': 'historical growth projection',
                        'verbose_name_plural': 'historical growth projections',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalKeyFacts',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('median_pay', models.DecimalField(blank=True, decimal_places=2, help_text='Annual median pay.', max_digits=14, null=True)),
                        ('pay_range_min', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('pay_range_max', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('pay_range_max_open_ended', models.BooleanField(default=False, help_text='The maximum is a floor (“$220k+”).')),
                        ('pay_range_note', models.CharField(blank=True, help_text='What the range reflects.', max_length=300)),
                        ('annual_openings', models.PositiveIntegerField(blank=True, null=True)),
                        ('annual_openings_approximate', models.BooleanField(default=False, help_text='The source says “about” (≈).')),
                        ('typical_education', models.TextField(blank=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('annual_openings_source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.source')),
                        ('currency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.currency')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('median_pay_source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.source')),
                        ('pay_range_source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.source')),
                        ('role', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roles.role')),
                        ('typical_education_source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.source')),
                    ],
                    options={
                        'db_table': 'salaries_historicalkeyfacts',
                        'verbose_name': 'historical key facts',
                        'verbose_name_plural': 'historical key facts',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalLevelSalary',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('median', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('average', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('currency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.currency')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('level', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roles.careerlevel')),
                        ('region', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.region')),
                        ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.source')),
                    ],
                    options={
                        'db_table': 'salaries_historicallevelsalary',
                        'verbose_name': 'historical level salary',
                        'verbose_name_plural': 'historical level salaries',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalRegionalSalary',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('local_min', models.DecimalField(decimal_places=2, max_digits=14)),
                        ('local_max', models.DecimalField(decimal_places=2, max_digits=14)),
                        ('usd_min', models.DecimalField(decimal_places=2, help_text='USD equivalent of the minimum, as the source states it.', max_digits=14)),
                        ('usd_max', models.DecimalField(decimal_places=2, help_text='USD equivalent of the maximum, as the source states it.', max_digits=14)),
                        ('usd_is_approximate', models.BooleanField(default=True, help_text='The source gives the USD figures as approximations (“about”, “roughly”).')),
                        ('note', models.CharField(blank=True, max_length=300)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('currency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.currency')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('region', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.region')),
                        ('role', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roles.role')),
                        ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='salaries.source')),
                    ],
                    options={
                        'db_table': 'salaries_historicalregionalsalary',
                        'verbose_name': 'historical regional salary',
                        'verbose_name_plural': 'historical regional salaries',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='GrowthProjection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('pct_min', models.DecimalField(decimal_places=2, help_text='Growth in percent (lower bound).', max_digits=5)),
                        ('pct_max', models.DecimalField(decimal_places=2, help_text='Upper bound; the same as the lower bound for a single figure.', max_digits=5)),
                        ('period_start_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('period_end_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('horizon_years', models.PositiveSmallIntegerField(blank=True, help_text='For a projection over “the next N years” with no fixed start.', null=True)),
                        ('comparison', models.CharField(blank=True, help_text='How the source compares it with all occupations.', max_length=200)),
                        ('occupation', models.CharField(blank=True, help_text='Occupation the projection covers.', max_length=200)),
                        ('is_headline', models.BooleanField(default=False, help_text='Shown in the key facts; one per role.')),
                        ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='growth_projections', to='roles.role')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.source')),
                    ],
                    options={
                        'db_table': 'salaries_growthprojection',
                        'ordering': ['role_id', '-is_headline', 'pk'],
                        'indexes': [models.Index(fields=['is_headline', 'pct_min'], name='growth_headline_pct_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('is_headline', True)), fields=('role',), name='growth_projection_one_headline_per_role', violation_error_code='is_headline', violation_error_message='This role already has a headline projection; untick it there first.'), models.CheckConstraint(condition=models.Q(('pct_min__isnull', True), ('pct_max__isnull', True), ('pct_min__lte', models.F('pct_max')), _connector='OR'), name='growth_projection_pct_min_lte_max', violation_error_code='pct_max', violation_error_message='The upper bound must be at least the lower bound.'), models.CheckConstraint(condition=models.Q(('period_start_year__isnull', True), ('period_end_year__isnull', True), ('period_start_year__lte', models.F('period_end_year')), _connector='OR'), name='growth_projection_period_start_lte_end', violation_error_code='period_end_year', violation_error_message='The period must end after it starts.')],
                    },
                    bases=(careerguide.natural_keys.NaturalKeyModel, models.Model),
                ),
                migrations.CreateModel(
                    name='KeyFacts',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('median_pay', models.DecimalField(blank=True, decimal_places=2, help_text='Annual median pay.', max_digits=14, null=True)),
                        ('pay_range_min', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('pay_range_max', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('pay_range_max_open_ended', models.BooleanField(default=False, help_text='The maximum is a floor (“$220k+”).')),
                        ('pay_range_note', models.CharField(blank=True, help_text='What the range reflects.', max_length=300)),
                        ('annual_openings', models.PositiveIntegerField(blank=True, null=True)),
                        ('annual_openings_approximate', models.BooleanField(default=False, help_text='The source says “about” (≈).')),
                        ('typical_education', models.TextField(blank=True)),
                        ('annual_openings_source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.source')),
                        ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.currency')),
                        ('median_pay_source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.source')),
                        ('pay_range_source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.source')),
                        ('role', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='key_facts', to='roles.role')),
                        ('typical_education_source', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.source')),
                    ],
                    options={
                        'db_table': 'salaries_keyfacts',
                        'verbose_name': 'key facts',
                        'verbose_name_plural': 'key facts',
                        'constraints': [models.CheckConstraint(condition=models.Q(('median_pay__isnull', True), ('median_pay__gte', 0), _connector='OR'), name='key_facts_median_pay_gte_0', violation_error_code='median_pay', violation_error_message='The median pay cannot be negative.'), models.CheckConstraint(condition=models.Q(('pay_range_min__isnull', True), ('pay_range_min__gte', 0), _connector='OR'), name='key_facts_pay_range_min_gte_0', violation_error_code='pay_range_min', violation_error_message='The bottom of the pay range cannot be negative.'), models.CheckConstraint(condition=models.Q(('pay_range_min__isnull', True), ('pay_range_max__isnull', True), ('pay_range_min__lte', models.F('pay_range_max')), _connector='OR'), name='key_facts_pay_range_min_lte_max', violation_error_code='pay_range_max', violation_error_message='The top of the pay range must be at least the bottom.'), models.CheckConstraint(condition=models.Q(('median_pay__isnull', True), ('median_pay_source__isnull', False), _connector='OR'), name='key_facts_median_pay_has_source', violation_error_code='median_pay_source', violation_error_message='Choose the source of the median pay.'), models.CheckConstraint(condition=models.Q(models.Q(('pay_range_max__isnull', True), ('pay_range_min__isnull', True)), ('pay_range_source__isnull', False), _connector='OR'), name='key_facts_pay_range_has_source', violation_error_code='pay_range_source', violation_error_message='Choose the source of the pay range.'), models.CheckConstraint(condition=models.Q(('annual_openings__isnull', True), ('annual_openings_source__isnull', False), _connector='OR'), name='key_facts_openings_has_source', violation_error_code='annual_openings_source', violation_error_message='Choose the source of the annual openings.')],
                    },
                    bases=(careerguide.natural_keys.NaturalKeyModel, models.Model),
                ),
                migrations.CreateModel(
                    name='LevelSalary',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('median', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('average', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.currency')),
                        ('level', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='salaries', to='roles.careerlevel')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='level_salaries', to='salaries.region')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.source')),
                    ],
                    options={
                        'db_table': 'salaries_levelsalary',
                        'verbose_name_plural': 'level salaries',
                        'ordering': ['level_id', 'region_id'],
                        'constraints': [models.UniqueConstraint(fields=('level', 'region'), name='level_salary_unique_region', violation_error_code='region', violation_error_message='This level already has a salary for this region; edit that one.'), models.CheckConstraint(condition=models.Q(('median__isnull', True), ('median__gte', 0), _connector='OR'), name='level_salary_median_gte_0', violation_error_code='median', violation_error_message='The median cannot be negative.'), models.CheckConstraint(condition=models.Q(('average__isnull', True), ('average__gte', 0), _connector='OR'), name='level_salary_average_gte_0', violation_error_code='average', violation_error_message='The average cannot be negative.'), models.CheckConstraint(condition=models.Q(('median__isnull', False), ('average__isnull', False), _connector='OR'), name='level_salary_has_figure', violation_error_message='Give the median, the average or both.')],
                    },
                    bases=(careerguide.natural_keys.NaturalKeyModel, models.Model),
                ),
                migrations.CreateModel(
                    name='RegionalSalary',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('local_min', models.DecimalField(decimal_places=2, max_digits=14)),
                        ('local_max', models.DecimalField(decimal_places=2, max_digits=14)),
                        ('usd_min', models.DecimalField(decimal_places=2, help_text='USD equivalent of the minimum, as the source states it.', max_digits=14)),
                        ('usd_max', models.DecimalField(decimal_places=2, help_text='USD equivalent of the maximum, as the source states it.', max_digits=14)),
                        ('usd_is_approximate', models.BooleanField(default=True, help_text='The source gives the USD figures as approximations (“about”, “roughly”).')),
                        ('note', models.CharField(blank=True, max_length=300)),
                        ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.currency')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='regional_salaries', to='salaries.region')),
                        ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='regional_salaries', to='roles.role')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='salaries.source')),
                    ],
                    options={
                        'db_table': 'salaries_regionalsalary',
                        'verbose_name_plural': 'regional salaries',
                        'ordering': ['role_id', '-usd_max', 'region_id'],
                        'indexes': [models.Index(fields=['usd_min'], name='regional_salary_usd_min_idx'), models.Index(fields=['usd_max'], name='regional_salary_usd_max_idx')],
                        'constraints': [models.UniqueConstraint(fields=('role', 'region'), name='regional_salary_unique_region', violation_error_code='region', violation_error_message='This role already has a salary range for this region; edit that one instead.'), models.CheckConstraint(condition=models.Q(('local_min__isnull', True), ('local_min__gte', 0), _connector='OR'), name='regional_salary_local_min_gte_0', violation_error_code='local_min', violation_error_message='The minimum cannot be negative.'), models.CheckConstraint(condition=models.Q(('usd_min__isnull', True), ('usd_min__gte', 0), _connector='OR'), name='regional_salary_usd_min_gte_0', violation_error_code='usd_min', violation_error_message='The USD minimum cannot be negative.'), models.CheckConstraint(condition=models.Q(('local_min__isnull', True), ('local_max__isnull', True), ('local_min__lte', models.F('local_max')), _connector='OR'), name='regional_salary_local_min_lte_max', violation_error_code='local_max', violation_error_message='The maximum must be at least the minimum.'), models.CheckConstraint(condition=models.Q(('usd_min__isnull', True), ('usd_max__isnull', True), ('usd_min__lte', models.F('usd_max')), _connector='OR'), name='regional_salary_usd_min_lte_max', violation_error_code='usd_max', violation_error_message='The USD maximum must be at least the USD minimum.')],
                    },
                    bases=(careerguide.natural_keys.NaturalKeyModel, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='historicalgrowthprojection', table=None),
        migrations.AlterModelTable(name='historicalkeyfacts', table=None),
        migrations.AlterModelTable(name='historicallevelsalary', table=None),
        migrations.AlterModelTable(name='historicalregionalsalary', table=None),
        migrations.AlterModelTable(name='growthprojection', table=None),
        migrations.AlterModelTable(name='keyfacts', table=None),
        migrations.AlterModelTable(name='levelsalary', table=None),
        migrations.AlterModelTable(name='regionalsalary', table=None),
        migrations.RunPython(move_content_types("salaries", "roles"), move_content_types("roles", "salaries")),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
