from django.db import migrations

from apps.events.pg_indexes import ARTICLE_SEARCH_FIELDS, create_fulltext_index, drop_index

NAME = "news_article_fulltext"


def forwards(apps, schema_editor):
    create_fulltext_index(apps.get_model("news", "Article"), ARTICLE_SEARCH_FIELDS, NAME, schema_editor)


def backwards(apps, schema_editor):
    drop_index(NAME, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_drop_unused_simhash")]

    operations = [migrations.RunPython(forwards, backwards)]
