"""The blog's models now belong to the blog app (network.blog, migration
blog 0001). Only the model state changes here: the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_search_vectors"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="post",
                    name="authors",
                ),
                migrations.RemoveField(
                    model_name="post",
                    name="tags",
                ),
                migrations.RemoveField(
                    model_name="postlike",
                    name="post",
                ),
                migrations.RemoveField(
                    model_name="postlike",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="Attachment",
                ),
                migrations.DeleteModel(
                    name="Tag",
                ),
                migrations.DeleteModel(
                    name="Post",
                ),
                migrations.DeleteModel(
                    name="PostLike",
                ),
            ],
        ),
    ]
