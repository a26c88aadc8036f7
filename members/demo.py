"""Demo members: one person for each role, and members bringing every kind of
expertise, with pictures drawn on the fly. Idempotent."""

import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from members.models import Expertise, Profile
from members.roles import sync_organisers_group
from members.staff import recovery_codes_from, set_up_authenticator
from network.demo import DEMO_PASSWORD
from network.images import validate_and_process_image
from network.models import Topic

DEMO_PEOPLE = [
    # role, e-mail, display name, state
    ("owner", "lucie@demo.network", "Lucie Stephens", Profile.State.ACTIVE),
    ("organiser", "edward@demo.network", "Edward (Involve)", Profile.State.ACTIVE),
    ("member", "amina@demo.network", "Amina Okafor", Profile.State.ACTIVE),
    ("pending", "pat@demo.network", "Pat Byrne", Profile.State.PENDING),
    ("suspended", "sid@demo.network", "Sid Marsh", Profile.State.SUSPENDED),
]

# role key, e-mail, name, expertise, area, organisation, bio
EXPERTISE_PEOPLE = [
    (
        "service_user",
        "grace@demo.network",
        "Grace Mensah",
        [Expertise.SERVICE_USER],
        "newham",
        "",
        "I have lived with a long-term condition for twenty years and now help shape the "
        "services I use.",
    ),
    (
        "carer",
        "tom@demo.network",
        "Tom Delaney",
        [Expertise.CARER],
        "tower-hamlets",
        "Tower Hamlets Carers Centre",
        "I care for my mum and speak up for unpaid carers in East London.",
    ),
    (
        "health_professional",
        "priya@demo.network",
        "Dr Priya Shah",
        [Expertise.HEALTH_PROFESSIONAL],
        "hackney",
        "Homerton Hospital",
        "GP trainer interested in how consultations can become real conversations.",
    ),
    (
        "social_care_professional",
        "marcus@demo.network",
        "Marcus Bell",
        [Expertise.SOCIAL_CARE_PROFESSIONAL],
        "lambeth",
        "Lambeth Adult Social Care",
        "Social worker. Co-production changed how our team plans support.",
    ),
    (
        "community_organisation",
        "fatima@demo.network",
        "Fatima Rahman",
        [Expertise.COMMUNITY_ORGANISATION],
        "waltham-forest",
        "Forest Community Health Forum",
        "I run a community health forum: tea, talk and action.",
    ),
    (
        "policy_maker",
        "james@demo.network",
        "James Whitfield",
        [Expertise.POLICY_MAKER],
        "westminster",
        "NHS North East London",
        "Commissioner learning to commission with people, not for them.",
    ),
    (
        "academic",
        "helen@demo.network",
        "Prof Helen Carter",
        [Expertise.ACADEMIC],
        "camden",
        "UCL",
        "Researcher in participatory methods and theatre-based dialogue.",
    ),
    (
        "health_activist",
        "kwame@demo.network",
        "Kwame Asante",
        [Expertise.HEALTH_ACTIVIST, Expertise.SERVICE_USER],
        "southwark",
        "",
        "Health activist and expert patient. Nothing about us without us.",
    ),
    (
        "other",
        "rosa@demo.network",
        "Rosa Lima",
        [Expertise.OTHER],
        "elsewhere-uk",
        "Forum Theatre Collective",
        "Theatre maker using applied performance to open up difficult conversations.",
    ),
]

# The demo's staff accounts need a second factor like real ones (members/staff.py). Their
# authenticator secrets and recovery-code seeds are fixed and printed by seed_demo, so
# anyone trying the demo can sign in as them: add the secret to an authenticator app (or
# run `oathtool --totp -b SECRET`), or type one of the recovery codes. Never reuse these.
DEMO_SECOND_FACTORS = {
    # e-mail: (authenticator secret, base32; recovery-code seed)
    "lucie@demo.network": ("COPRODUCEDEMOOWNERLUCIE234567ABC", "demo-recovery-codes-lucie"),
    "edward@demo.network": ("COPRODUCEDEMOORGANISEREDWARD2345", "demo-recovery-codes-edward"),
}

COLOURS = ["#1d4f5c", "#5b2a86", "#1e6b34", "#7a3b00", "#0b5394", "#8a1c4a"]


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
    profile = Profile.objects.get(user=user)
    profile.state = state
    profile.applied_at = profile.applied_at or timezone.now()
    if state == Profile.State.ACTIVE:
        profile.joined_at = profile.joined_at or timezone.now()
    profile.save(update_fields=["state", "applied_at", "joined_at"])
    return user


def _second_factor_for(user) -> None:
    """The demo staff account's authenticator and recovery codes (always the same ones;
    a code used in the demo is usable again after the next seed_demo)."""
    secret, seed = DEMO_SECOND_FACTORS[user.email]
    set_up_authenticator(user=user, secret=secret, recovery_seed=seed)


def sign_in_note(user) -> str:
    """What seed_demo prints beside a demo sign-in (settings.DEMO_SIGN_IN_NOTE)."""
    if user.email not in DEMO_SECOND_FACTORS:
        return ""
    secret, seed = DEMO_SECOND_FACTORS[user.email]
    codes = " ".join(recovery_codes_from(seed))
    return f"second factor: authenticator secret {secret}; recovery codes: {codes}"


def _avatar_for(user, index):
    """A picture drawn on the fly (a face-like shape on a colour), stored like uploads."""
    profile = user.profile
    if profile.avatar:
        return
    image = Image.new("RGB", (320, 320), COLOURS[index % len(COLOURS)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 60, 220, 180), fill="#f2d0b5")
    draw.ellipse((60, 190, 260, 400), fill="#f2d0b5")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    large, small = validate_and_process_image(ContentFile(buffer.getvalue()), sizes=(256, 64))
    profile.avatar.save(large.file.name, large.file, save=False)
    profile.avatar_small.save(small.file.name, small.file, save=False)
    profile.save(update_fields=["avatar", "avatar_small"])


# The network's topics (network.Topic): members choose theirs, the library files under them.
DEMO_TOPICS = [
    "Co-production",
    "Health",
    "Mental health",
    "Social care",
    "Carers",
    "Lived experience",
    "Hospital discharge",
    "Theatre and dialogue",
    "Workshops",
    "Evidence and research",
]


def seed_members(stdout, users) -> dict:
    users = dict(users)
    topics = {name: Topic.objects.get_or_create(name=name)[0] for name in DEMO_TOPICS}
    for role, email, name, state in DEMO_PEOPLE:
        users[role] = _ensure_user(email, name, state, superuser=role == "owner")
    organiser = users["organiser"]
    organiser.is_staff = True
    organiser.save(update_fields=["is_staff"])
    organiser.groups.add(sync_organisers_group())
    for role in ("owner", "organiser"):
        _second_factor_for(users[role])

    Profile.objects.filter(user=users["pending"]).update(
        expertise=[Expertise.CARER, Expertise.COMMUNITY_ORGANISATION],
        organisation="Barking Young Carers",
        area="barking-and-dagenham",
        topics="young carers, school support",
        why_join="I support young carers and want to learn how to involve them in "
        "designing services.",
    )
    Profile.objects.filter(user=users["suspended"]).update(
        suspension_reason="Repeated advertising in comments after a warning.",
        suspended_until=timezone.now() + timezone.timedelta(days=14),
    )
    Profile.objects.filter(user=users["member"]).update(
        expertise=[Expertise.SERVICE_USER, Expertise.HEALTH_ACTIVIST],
        area="newham",
        bio="Expert patient and peer supporter in East London.",
    )
    users["member"].profile.interests.add(
        topics["Co-production"], topics["Health"], topics["Lived experience"]
    )
    users["pending"].profile.interests.add(topics["Carers"])
    Profile.objects.filter(user=organiser).update(
        expertise=[Expertise.COMMUNITY_ORGANISATION],
        organisation="Involve",
        organisation_visibility="everyone",
        area="city-of-london",
    )

    for index, (key, email, name, expertise, area, organisation, bio) in enumerate(
        EXPERTISE_PEOPLE
    ):
        user = _ensure_user(email, name, Profile.State.ACTIVE)
        Profile.objects.filter(user=user).update(
            expertise=[str(code) for code in expertise],
            expertise_other="Theatre maker" if Expertise.OTHER in expertise else "",
            area=area,
            organisation=organisation,
            bio=bio,
            expertise_visibility="everyone",
            area_visibility="everyone",
        )
        user.refresh_from_db()
        _avatar_for(user, index)
        users[f"expert_{key}"] = user
    _avatar_for(users["member"], 99)
    stdout.write(f"Members: {len(users)} demo people")
    return users
