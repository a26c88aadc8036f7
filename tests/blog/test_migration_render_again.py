"""Posts saved under the old Markdown rules are rendered again by a migration: text that
followed unsupported HTML was dropped then, and shows now (issue 12, finding 7)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from network.blog.models import Post

BODY = "Before <math><style>x</style></math> and the words after it."


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_a_post_stored_by_the_old_rules_shows_every_word_after_the_upgrade():
    _migrate([("blog", "0003_post_body_help")])
    old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
    OldPost = old.get_model("blog", "Post")
    # What the old rules stored: everything after <math><style> was gone.
    post = OldPost.objects.create(
        title="Stored long ago", slug="stored-long-ago", body=BODY, body_html="<p>Before </p>"
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    html = Post.objects.get(pk=post.pk).body_html
    assert "the words after it" in html
    assert "&lt;math&gt;" in html
