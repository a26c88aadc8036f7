from django.db import migrations


class Migration(migrations.Migration):
    """The on/off switches replaced by the choices of 0014 (a migration of its own, so
    that PostgreSQL alters the table outside the transaction that copied the choices)."""

    dependencies = [
        ("members", "0014_email_choices_and_digests"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="profile",
            name="notify_post_comments",
        ),
        migrations.RemoveField(
            model_name="profile",
            name="notify_replies",
        ),
    ]
