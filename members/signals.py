from django.conf import settings
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from members.models import Profile
from members.roles import sync_organisers_group


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile_for_new_user(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(post_migrate)
def keep_organisers_group_in_sync(sender, **kwargs):
    # Runs after each app migrates; only the last run (all permissions exist) matters.
    sync_organisers_group()
