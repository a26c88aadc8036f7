"""Blog fixtures: posts in each state and a helper to write comments directly."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from network.comments import post_content_type
from network.models import Post

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"


@pytest.fixture
def make_post(db, owner):
    def make(title="A post about co-production", *, authors=None, tags=(), **fields):
        fields.setdefault("body", "Co-production recognises **all** forms of expertise.")
        fields.setdefault("status", Post.Status.PUBLISHED)
        fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
        post = Post.objects.create(title=title, **fields)
        post.authors.set(authors if authors is not None else [owner])
        post.tags.set(tags)
        return post

    return make


@pytest.fixture
def post(network, make_post):
    return make_post("Co-production Narrative as Creative Theatre–based Dialogue")


@pytest.fixture
def draft(network, make_post):
    return make_post("An unfinished draft", status=Post.Status.DRAFT)


@pytest.fixture
def scheduled(network, make_post):
    return make_post(
        "A post for next week",
        status=Post.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=7),
    )


@pytest.fixture
def write_comment(db):
    """write_comment(post, user, text, parent=None): a comment saved straight to the
    database, as xtd threads it (no notifications, no rate limit)."""

    def write(post, user, text="A thoughtful comment.", parent=None, **fields):
        comment = XtdComment(
            content_type=post_content_type(),
            object_pk=str(post.pk),
            site_id=settings.SITE_ID,
            user=user,
            user_name=str(user)[:50],
            user_email=user.email,
            comment=text,
            submit_date=fields.pop("submit_date", timezone.now()),
            parent_id=parent.pk if parent else 0,
            **fields,
        )
        comment.save()
        return comment

    return write
