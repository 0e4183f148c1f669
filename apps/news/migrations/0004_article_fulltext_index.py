# Edited after it was applied: the SQL is what the earlier helper compiled for PostgreSQL, written out so
# that the migration imports nothing of another app; on a database that ran the old version it is a no-op.
from django.db import migrations

FULLTEXT = (
    "CREATE INDEX IF NOT EXISTS news_article_fulltext ON news_article USING gin ((to_tsvector('simple'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(text, ''))))"
)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_drop_unused_simhash")]

    operations = [migrations.RunSQL(FULLTEXT, "DROP INDEX IF EXISTS news_article_fulltext")]
