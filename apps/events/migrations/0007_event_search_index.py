# The GIN index of the stored vector, built without blocking writes (CREATE INDEX CONCURRENTLY, which
# cannot run in a transaction: the migration is not atomic). Once it exists, the expression index of
# 0003 serves nothing and is dropped, also concurrently.
import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations

OLD_FULLTEXT = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_event_fulltext ON events_event USING gin "
    "((to_tsvector('simple'::regconfig, COALESCE(title, '') || ' ' || COALESCE(summary, '') || ' ' || "
    "COALESCE(location, ''))))"
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("events", "0006_event_search_vector"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="events_event_search"),
        ),
        # The planner's statistics of the new column (until autovacuum gets to it).
        migrations.RunSQL("ANALYZE events_event (search_vector)", migrations.RunSQL.noop),
        migrations.RunSQL("DROP INDEX CONCURRENTLY IF EXISTS events_event_fulltext", OLD_FULLTEXT),
    ]
