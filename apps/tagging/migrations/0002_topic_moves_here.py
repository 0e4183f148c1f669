
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tagging', '0001_initial'),
        ('events', '0003_postgres_indexes'),
    ]

    # Topic moves from apps.events to apps.tagging (which reads it) and keeps its table: the state
    # changes, the database does not.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Topic',
                fields=[
                    ('slug', models.SlugField(max_length=40, primary_key=True, serialize=False)),
                    ('name', models.CharField(max_length=80)),
                    ('names', models.JSONField(blank=True, default=dict, help_text='Names by language code.')),
                    ('keywords', models.JSONField(blank=True, default=dict, help_text='Keywords by language code: {"id": ["kecerdasan buatan"], …}.')),
                ],
                options={
                    'db_table': 'events_topic',
                    'ordering': ['slug'],
                },
            ),
            migrations.AlterField(
                model_name='articletopic',
                name='topic',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='article_tags', to='tagging.topic'),
            ),
            ],
        ),
    ]
