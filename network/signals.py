from django.db.models.signals import post_migrate
from django.dispatch import receiver

from network.models import sync_site


@receiver(post_migrate)
def keep_site_in_step(sender, **kwargs):
    # post_migrate fires once per app after every migration has run; once is enough.
    if sender.name == "network":
        sync_site()
