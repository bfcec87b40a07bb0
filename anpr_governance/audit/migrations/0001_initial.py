
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('sites', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessLogHead',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('sequence', models.PositiveBigIntegerField(default=0)),
                ('last_hash', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'access log head',
            },
        ),
        migrations.CreateModel(
            name='AccessLogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sequence', models.PositiveBigIntegerField(help_text='Position in the chain, from 1, without gaps.', unique=True)),
                ('at', models.DateTimeField(db_index=True)),
                ('actor_name', models.CharField(help_text="The actor's username at the time, or 'system'.", max_length=150)),
                ('action', models.CharField(choices=[('reads.search', 'Search of reads'), ('reads.search.exported', 'Search results exported'), ('reads.disclosed', 'Search results disclosed'), ('reads.authorisation.requested', 'Authorisation requested'), ('reads.authorisation.approved', 'Authorisation approved'), ('reads.authorisation.refused', 'Authorisation refused'), ('reads.erased', 'Reads erased (retention)'), ('reads.feed.created', 'Feed created'), ('reads.feed.revoked', 'Feed revoked'), ('reads.grant.added', 'Search granted'), ('reads.grant.revoked', 'Search grant revoked'), ('audit.access_log.exported', 'Access log exported')], max_length=60)),
                ('outcome', models.CharField(choices=[('allowed', 'Allowed'), ('refused', 'Refused')], default='allowed', max_length=10)),
                ('vrm', models.CharField(blank=True, db_index=True, max_length=20, verbose_name='VRM')),
                ('purpose', models.CharField(blank=True, max_length=40)),
                ('reference', models.CharField(blank=True, max_length=60)),
                ('justification', models.TextField(blank=True, help_text="The reason given, the decision's comment, or why the action was refused.")),
                ('result_count', models.PositiveIntegerField(blank=True, null=True)),
                ('subject', models.CharField(blank=True, help_text='What the action was about, e.g. authorisation:12.', max_length=80)),
                ('details', models.JSONField(blank=True, default=dict)),
                ('previous_hash', models.CharField(max_length=64)),
                ('hash', models.CharField(max_length=64, unique=True)),
                ('actor', models.ForeignKey(blank=True, help_text='Empty for the system (a scheduled task or a command run on the server).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'access log entry',
                'verbose_name_plural': 'access log entries',
                'ordering': ['-sequence'],
            },
        ),
        migrations.CreateModel(
            name='AccessLogSite',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reads', models.PositiveIntegerField(default=0)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='site_links', to='audit.accesslogentry')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='sites.site')),
            ],
        ),
        migrations.AddIndex(
            model_name='accesslogentry',
            index=models.Index(fields=['action', 'at'], name='audit_action_at'),
        ),
        migrations.AddIndex(
            model_name='accesslogentry',
            index=models.Index(fields=['actor', 'at'], name='audit_actor_at'),
        ),
        migrations.AddIndex(
            model_name='accesslogsite',
            index=models.Index(fields=['site', 'entry'], name='audit_site_entry'),
        ),
        migrations.AddConstraint(
            model_name='accesslogsite',
            constraint=models.UniqueConstraint(fields=('entry', 'site'), name='audit_entry_site_unique'),
        ),
    ]
