# The stored full-text vector that q= reads (ArticleQuerySet.matching). Adding a stored generated column
# rewrites the table under a lock: 7 s for 12,000 articles (docs/dashboard.md "Limits"). Its index is
# built concurrently by 0009, which then drops the old expression index.
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("news", "0007_feed_pending_items"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("title", "text", config="simple"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
    ]
