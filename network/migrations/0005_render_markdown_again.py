"""Render the stored Markdown again with today's rules (issue 12, finding 7): HTML the
old rules dropped silently, and what followed it, is shown as typed; images from outside
the site's uploads show their description. Saving once would do the same."""

from django.db import migrations

from network.markdown import render_markdown


def render_again(apps, schema_editor):
    for network in apps.get_model("network", "Network").objects.all():
        network.about_html = render_markdown(network.about)
        network.save(update_fields=["about_html"])
    for terms in apps.get_model("network", "TermsVersion").objects.all():
        terms.text_html = render_markdown(terms.text)
        terms.save(update_fields=["text_html"])


class Migration(migrations.Migration):
    dependencies = [("network", "0004_move_blog_to_its_own_app")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
