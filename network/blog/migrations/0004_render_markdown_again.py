"""Render every post's Markdown again with today's rules (see network 0005)."""

import re

from django.db import migrations
from django.utils.html import strip_tags

from network.markdown import render_markdown


def render_again(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    for post in Post.objects.only("pk", "body").iterator(chunk_size=500):
        post.body_html = render_markdown(post.body)
        post.body_text = re.sub(r"\s+", " ", strip_tags(post.body_html)).strip()
        post.save(update_fields=["body_html", "body_text"])


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_post_body_help")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
