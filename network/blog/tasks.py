"""The blog's scheduled jobs, run by the worker (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from network.blog.services import flush_view_counts, publish_due_posts


@db_periodic_task(crontab(minute="*"))
@lock_task("blog-flush-view-counts")
def flush_view_counts_job():
    """Store the post views counted in the shared cache: stored counts stay exact within a
    minute. Safe twice and with two workers: the lock, and each counter is decremented by
    exactly what was stored."""
    flush_view_counts()


@db_periodic_task(crontab(minute="*"))
@lock_task("blog-publish-due-posts")
def publish_due_posts_job():
    """Store "published" on scheduled posts whose time has come. Readers see them at once
    anyway (the status is derived when read); this keeps the admin's list filter right."""
    publish_due_posts()
