"""Demo figures in the style of NIHR's payment guidance for public contributors
(hourly, half day, day, preparation). Marked `demo`: the owner replaces them with the
network's own in the admin."""

from datetime import date
from decimal import Decimal

from django.db import migrations

DEMO_RATES = [
    ("Public contributor, hourly", "hour", Decimal("25.00")),
    ("Public contributor, half day", "half_day", Decimal("75.00")),
    ("Public contributor, day", "day", Decimal("150.00")),
    ("Preparation time", "preparation", Decimal("25.00")),
]
DEMO_ROLES = ["Participant with lived experience", "Co-facilitator", "Panel member"]


def seed(apps, schema_editor):
    Rate = apps.get_model("involvement", "Rate")
    Role = apps.get_model("involvement", "InvolvementRole")
    for name, unit, amount in DEMO_RATES:
        Rate.objects.get_or_create(
            name=name, applies_from=date(2024, 4, 1), defaults={"unit": unit, "amount": amount, "demo": True}
        )
    for name in DEMO_ROLES:
        Role.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("involvement", "0001_rates_roles_offers")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
