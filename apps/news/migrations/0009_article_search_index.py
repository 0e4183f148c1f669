# The GIN index of the stored vector, built without blocking writes (CREATE INDEX CONCURRENTLY, which
# cannot run in a transaction: the migration is not atomic). Once it exists, the expression index of
# 0004 serves nothing and is dropped, also concurrently.
import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations

OLD_FULLTEXT = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS news_article_fulltext ON news_article USING gin "
    "((to_tsvector('simple'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, ''))))"
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("news", "0008_article_search_vector"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="news_article_search"),
        ),
        # The planner's statistics of the new column (until autovacuum gets to it).
        migrations.RunSQL("ANALYZE news_article (search_vector)", migrations.RunSQL.noop),
        migrations.RunSQL("DROP INDEX CONCURRENTLY IF EXISTS news_article_fulltext", OLD_FULLTEXT),
    ]
