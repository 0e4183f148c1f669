# Edited after it was applied: the SQL is what the earlier helper compiled for PostgreSQL, written out so
# that the migration imports nothing of the apps; on a database that ran the old version it is a no-op.
from django.db import migrations

FULLTEXT = (
    "CREATE INDEX IF NOT EXISTS events_event_fulltext ON events_event USING gin ((to_tsvector('simple'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(summary, '') || ' ' || COALESCE(location, ''))))"
)
TIMELINE = "CREATE INDEX IF NOT EXISTS events_event_timeline_nl ON events_event (date DESC NULLS LAST, id DESC)"


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_ordering_nulls_last")]

    operations = [
        migrations.RunSQL(FULLTEXT, "DROP INDEX IF EXISTS events_event_fulltext"),
        migrations.RunSQL(TIMELINE, "DROP INDEX IF EXISTS events_event_timeline_nl"),
    ]
