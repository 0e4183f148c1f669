# The stored full-text vector that q= reads (EventQuerySet.matching). Its index is built concurrently
# by 0007, which then drops the old expression index.
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0005_editors_keep_their_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector(
                    "title", "summary", "location", config="simple"
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
    ]
