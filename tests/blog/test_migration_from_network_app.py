"""An existing database, made when the blog's models lived in the network app, upgrades to
the blog app with every post, like, comment link and permission kept."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from network.blog.models import Post, PostLike

BEFORE_THE_MOVE = ("network", "0003_search_vectors")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_blog_app_upgrades_without_losing_anything():
    # Back to the last state in which the network app owned the blog's tables.
    _migrate([("blog", None)])
    _migrate([BEFORE_THE_MOVE])
    old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
    OldPost = old.get_model("network", "Post")
    OldUser = old.get_model("members", "User")
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldComment = old.get_model("django_comments_xtd", "XtdComment")
    OldPermission = old.get_model("auth", "Permission")

    author = OldUser.objects.create(email="writer@example.org", display_name="Writer")
    post = OldPost.objects.create(
        title="Written before the move", slug="written-before", body="Kept.", status="published"
    )
    post.authors.add(author)
    old.get_model("network", "PostLike").objects.create(post=post, user=author)
    post_type, _ = OldContentType.objects.get_or_create(app_label="network", model="post")
    permission, _ = OldPermission.objects.get_or_create(
        content_type=post_type, codename="add_post", defaults={"name": "Can add post"}
    )
    comment = OldComment.objects.create(
        content_type=post_type,
        object_pk=str(post.pk),
        site_id=1,
        user=author,
        comment="A comment from before the move.",
        submit_date=timezone.now(),
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    moved = Post.objects.get(pk=post.pk)
    assert moved.title == "Written before the move"
    assert [a.email for a in moved.authors.all()] == ["writer@example.org"]
    assert PostLike.objects.filter(post=moved).count() == 1
    # The same content type row, now under the blog's label: comments still find their post.
    assert ContentType.objects.get_for_model(Post).pk == post_type.pk
    assert ContentType.objects.get_for_model(Post).app_label == "blog"
    assert XtdComment.objects.get(pk=comment.pk).content_object == moved
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "blog"
    assert not ContentType.objects.filter(app_label="network", model="post").exists()
