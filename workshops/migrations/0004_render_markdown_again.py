"""Render every workshop's Markdown again with today's rules (see network 0005)."""

from django.db import migrations

from network.markdown import render_markdown


def render_again(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    for workshop in Workshop.objects.only("pk", "description", "outcomes").iterator(
        chunk_size=500
    ):
        workshop.description_html = render_markdown(workshop.description)
        workshop.outcomes_html = render_markdown(workshop.outcomes)
        workshop.save(update_fields=["description_html", "outcomes_html"])


class Migration(migrations.Migration):
    dependencies = [("workshops", "0003_random_upload_names")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
