"""Data for the two-instance tests, made in a subprocess against their database
(run by test_two_instances.py with production settings)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from devtools.loadgen import session_cookie_for
from members.models import Profile, TermsAcceptance
from members.staff import set_up_authenticator
from network.models import Network, TermsVersion
from workshops.models import Workshop

PASSWORD = "correct-horse-battery-staple"
RACERS = 20
CAPACITY = 5


def member(email, *, password=None, superuser=False):
    User = get_user_model()
    make = User.objects.create_superuser if superuser else User.objects.create_user
    user = make(email=email, password=password, display_name=email.split("@")[0].title())
    Profile.objects.filter(user=user).update(state=Profile.State.ACTIVE)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    TermsAcceptance.objects.create(user=user, terms=TermsVersion.objects.current())
    return user


def build() -> dict:
    TermsVersion.objects.create(version="1.0", text="Be kind.")
    owner = member("owner@two.example", password=PASSWORD, superuser=True)
    # The owner's admin needs a second factor: a recovery code passes it.
    owner_codes = set_up_authenticator(
        user=owner, secret="TWOSITESOWNERSECRET2345672345672", recovery_seed="two-sites-owner"
    )
    member("maya@two.example", password=PASSWORD)
    member("target@two.example", password=PASSWORD)
    network = Network.objects.create(
        name="Co-production practitioners network",
        tagline="Before the change",
        owner=owner,
        join_policy=Network.JoinPolicy.OPEN,
        visibility=Network.Visibility.PUBLIC,
    )
    start = timezone.now() + timedelta(days=14)
    workshop = Workshop.objects.create(
        title="Race workshop", summary="s", description="d", start=start,
        end=start + timedelta(hours=2), capacity=CAPACITY, venue_name="Hall",
    )  # fmt: skip
    racers = [member(f"racer{n}@two.example") for n in range(RACERS)]
    return {
        "network": network.pk,
        "owner_recovery_code": owner_codes[0],
        "workshop": {"pk": workshop.pk, "slug": workshop.slug, "capacity": CAPACITY},
        "racer_cookies": [session_cookie_for(user) for user in racers],
    }
