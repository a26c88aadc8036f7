"""Fixtures for the network tests: settings read as a given environment would read them,
Django in a separate process, and blog posts in each state with their comments."""

import os
import runpy
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from network.comments import post_content_type
from network.models import Post

BASE_DIR = Path(__file__).resolve().parents[2]

# What a production deployment sets at the very least.
PRODUCTION_ENV = {
    "SECRET_KEY": "production-test-" + "s" * 50,
    "ALLOWED_HOSTS": "network.example.org",
}


def load_settings(**env) -> dict:
    """network/settings.py evaluated with exactly this environment (nothing
    inherited from the test run), as a dict of its names."""
    with mock.patch.dict(os.environ, {"PATH": os.environ.get("PATH", ""), **env}, clear=True):
        return runpy.run_path(str(BASE_DIR / "network" / "settings.py"))


def run_django(*args, env: dict, timeout: int = 60) -> subprocess.CompletedProcess:
    """`python <args>` in the project folder with a clean environment."""
    clean = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def report_data():
    return {
        "category": "broken",
        "page_url": "/workshops/",
        "description": "The workshop list shows yesterday's workshops as upcoming.",
        "reporter_name": "Ada",
        "reporter_email": "ada@example.org",
        "website_url": "",
    }


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
