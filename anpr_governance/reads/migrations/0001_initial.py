import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from anpr_governance.reads import store


def create_read_table(apps, schema_editor):
    store.create_table(
        schema_editor, apps.get_model("reads", "Read"),
        retention_days=settings.ANPR_RETENTION_DAYS, now=timezone.now(),
    )


def drop_read_table(apps, schema_editor):
    store.drop_table(schema_editor, apps.get_model("reads", "Read"))


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('sites', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Authorisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_at', models.DateTimeField(auto_now_add=True)),
                ('vrm', models.CharField(max_length=10, verbose_name='VRM')),
                ('window_from', models.DateTimeField(verbose_name='from')),
                ('window_to', models.DateTimeField(verbose_name='to')),
                ('purpose', models.CharField(choices=[('national_security', 'National security and counter-terrorism'), ('serious_organised_crime', 'Serious and organised crime'), ('major_crime', 'Major crime'), ('priority_volume_crime', 'Priority and volume crime'), ('safeguarding', 'Safeguarding')], max_length=40)),
                ('reference', models.CharField(max_length=60)),
                ('reason', models.TextField(help_text='Why reads older than the standard access window are needed.')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('approved', 'Approved'), ('refused', 'Refused')], db_index=True, default='pending', max_length=10)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decision_comment', models.TextField(blank=True)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-requested_at'],
                'permissions': [('decide_authorisation', 'Can approve or refuse searches of older reads')],
            },
        ),
        migrations.CreateModel(
            name='Feed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True)),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('token_hint', models.CharField(help_text="The token's first characters, to tell tokens apart.", max_length=8)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('last_received_at', models.DateTimeField(blank=True, null=True)),
                ('reads_accepted', models.PositiveBigIntegerField(default=0)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='feeds', to='sites.site')),
            ],
            options={
                'ordering': ['site__reference', 'name'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAuthorisation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('requested_at', models.DateTimeField(blank=True, editable=False)),
                ('vrm', models.CharField(max_length=10, verbose_name='VRM')),
                ('window_from', models.DateTimeField(verbose_name='from')),
                ('window_to', models.DateTimeField(verbose_name='to')),
                ('purpose', models.CharField(choices=[('national_security', 'National security and counter-terrorism'), ('serious_organised_crime', 'Serious and organised crime'), ('major_crime', 'Major crime'), ('priority_volume_crime', 'Priority and volume crime'), ('safeguarding', 'Safeguarding')], max_length=40)),
                ('reference', models.CharField(max_length=60)),
                ('reason', models.TextField(help_text='Why reads older than the standard access window are needed.')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('approved', 'Approved'), ('refused', 'Refused')], db_index=True, default='pending', max_length=10)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decision_comment', models.TextField(blank=True)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('requested_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical authorisation',
                'verbose_name_plural': 'historical authorisations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalFeed',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=100)),
                ('token_hint', models.CharField(help_text="The token's first characters, to tell tokens apart.", max_length=8)),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('revoked_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('site', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sites.site')),
            ],
            options={
                'verbose_name': 'historical feed',
                'verbose_name_plural': 'historical feeds',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        # Reads: the model state as Django knows it; the table itself is made by create_read_table
        # (partitioned by month on PostgreSQL, plain on SQLite), see anpr_governance/reads/store.py.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Read',
                    fields=[
                        ('pk', models.CompositePrimaryKey('vrm', 'read_at', 'camera', blank=True, editable=False, primary_key=True, serialize=False)),
                        ('vrm', models.CharField(max_length=10, verbose_name='VRM')),
                        ('read_at', models.DateTimeField()),
                        ('confidence', models.FloatField(blank=True, null=True)),
                        ('camera', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sites.camera')),
                        ('site', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sites.site')),
                    ],
                    options={
                        'permissions': [('grant_search', 'Can grant and revoke searching reads per site or policing area')],
                        'default_permissions': (),
                    },
                ),
            ],
        ),
        migrations.RunPython(create_read_table, drop_read_table),
    ]
