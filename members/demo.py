"""Demo members: one person for each role, with the password printed by seed_demo."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import Profile
from members.roles import sync_organisers_group
from network.demo import DEMO_PASSWORD

DEMO_PEOPLE = [
    # role, e-mail, display name, state
    ("owner", "lucie@demo.network", "Lucie Stephens", Profile.State.ACTIVE),
    ("organiser", "edward@demo.network", "Edward Andersson", Profile.State.ACTIVE),
    ("member", "amina@demo.network", "Amina Okafor", Profile.State.ACTIVE),
    ("pending", "pat@demo.network", "Pat Byrne", Profile.State.PENDING),
    ("suspended", "sid@demo.network", "Sid Marsh", Profile.State.SUSPENDED),
]


def _ensure_user(email, name, state, *, superuser=False):
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    user = user_model.objects.filter(email=email).first()
    if user is None:
        maker = user_model.objects.create_superuser if superuser else user_model.objects.create_user
        user = maker(email=email, password=DEMO_PASSWORD, display_name=name)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Profile.objects.filter(user=user).update(
        state=state, joined_at=timezone.now() if state == Profile.State.ACTIVE else None
    )
    return user


def seed_members(stdout) -> dict:
    users = {}
    for role, email, name, state in DEMO_PEOPLE:
        users[role] = _ensure_user(email, name, state, superuser=role == "owner")
    organiser = users["organiser"]
    organiser.is_staff = True
    organiser.save(update_fields=["is_staff"])
    organiser.groups.add(sync_organisers_group())
    stdout.write(f"Members: {len(users)} demo people")
    return users
