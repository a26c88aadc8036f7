"""Give every existing account its public handle, made from the display name as
members.models.User does (copied here so later changes to the model cannot change
what this migration did)."""

from django.db import migrations
from django.utils.text import slugify


def _base(name):
    base = slugify(name or "")[:80].strip("-") or "member"
    return f"member-{base}" if base.isdigit() else base


def fill_slugs(apps, schema_editor):
    User = apps.get_model("members", "User")
    taken = set()
    users = list(User.objects.order_by("pk").only("pk", "display_name"))
    for user in users:
        base = slug = _base(user.display_name)
        number = 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        taken.add(slug)
        user.slug = slug
    User.objects.bulk_update(users, ["slug"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_user_slug'),
    ]

    operations = [
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
