
import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions and admin history of topics follow the model to its new app."""
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="events", model="topic").update(app_label="tagging")


def move_content_type_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="tagging", model="topic").update(app_label="events")


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_postgres_indexes'),
        ('tagging', '0002_topic_moves_here'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    # Topic moves from apps.events to apps.tagging (which reads it) and keeps its table: the state
    # changes, the database does not.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='historicalevent_topics',
                name='topic',
                field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tagging.topic'),
            ),
            migrations.AlterField(
                model_name='event',
                name='topics',
                field=models.ManyToManyField(blank=True, related_name='events', to='tagging.topic'),
            ),
            migrations.DeleteModel(
                name='Topic',
            ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
