"""The workshops' free-text partners ("one per line") become links to partner
records; the text itself stays on the workshop, untouched, so nothing is lost."""

from django.db import migrations
from django.utils.text import slugify


def link_partners(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Partner = apps.get_model("library", "Partner")
    for workshop in Workshop.objects.exclude(partners=""):
        for line in workshop.partners.splitlines():
            name = line.strip()[:160]
            if not name:
                continue
            partner = Partner.objects.filter(name__iexact=name).first()
            if partner is None:
                base = slugify(name)[:70] or "partner"
                slug, number = base, 2
                while Partner.objects.filter(slug=slug).exists():
                    slug, number = f"{base}-{number}", number + 1
                partner = Partner.objects.create(name=name, slug=slug)
            partner.workshops.add(workshop)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(link_partners, migrations.RunPython.noop)]
