"""Hash versions and signed checkpoints for the audit trail.

Existing records get ``hash_version`` 1: their hashes cover the names in clear text, and they keep
verifying with that formula. New records are written with version 2 (personal values as salted
digests). On SQLite, adding these columns rebuilds the table, which drops its triggers: 0004 puts them
back.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_audit_append_only'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.BigIntegerField(verbose_name='number')),
                ('head_hash', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(verbose_name='time')),
                ('key_id', models.CharField(max_length=32)),
                ('signature', models.CharField(max_length=200)),
            ],
            options={
                'verbose_name': 'audit checkpoint',
                'verbose_name_plural': 'audit checkpoints',
                'ordering': ['organization_id', 'seq', 'created_at'],
            },
        ),
        migrations.AddField(
            model_name='auditrecord',
            name='hash_version',
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditrecord',
            name='legacy_seal',
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='auditrecord',
            name='personal_digests',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='auditrecord',
            name='personal_salts',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddConstraint(
            model_name='auditrecord',
            constraint=models.CheckConstraint(condition=models.Q(('hash_version__in', [1, 2])), name='core_audit_hash_version_valid'),
        ),
        migrations.AddField(
            model_name='auditcheckpoint',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='audit_checkpoints', to='core.organization'),
        ),
        migrations.AddConstraint(
            model_name='auditcheckpoint',
            constraint=models.UniqueConstraint(fields=('organization', 'seq', 'key_id'), name='core_audit_checkpoint_once'),
        ),
        migrations.AddConstraint(
            model_name='auditcheckpoint',
            constraint=models.CheckConstraint(condition=models.Q(('seq__gte', 1)), name='core_audit_checkpoint_seq_positive'),
        ),
    ]
