from django.db import migrations

from network import fulltext


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_profile_text_hidden"),
    ]

    # PostgreSQL only: member search ("name contains …") reads these trigram indexes.
    operations = [
        fulltext.trigram_index("members_user", "display_name", "members_user_name_trgm"),
        fulltext.trigram_index("members_profile", "organisation", "members_profile_org_trgm"),
    ]
