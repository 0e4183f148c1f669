from django.db import migrations

from apps.events.pg_indexes import EVENT_SEARCH_FIELDS, create_fulltext_index, create_sql_index, drop_index

FULLTEXT = "events_event_fulltext"
TIMELINE = "events_event_timeline_nl"


def forwards(apps, schema_editor):
    create_fulltext_index(apps.get_model("events", "Event"), EVENT_SEARCH_FIELDS, FULLTEXT, schema_editor)
    create_sql_index(
        f"CREATE INDEX IF NOT EXISTS {TIMELINE} ON events_event (date DESC NULLS LAST, id DESC)", schema_editor
    )


def backwards(apps, schema_editor):
    drop_index(FULLTEXT, schema_editor)
    drop_index(TIMELINE, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_ordering_nulls_last")]

    operations = [migrations.RunPython(forwards, backwards)]
