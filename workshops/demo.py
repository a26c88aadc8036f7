"""Demo workshops: the three pilots from the seed page, and three to come.

Idempotent: workshops are found by slug, people by e-mail, registrations and
feedback by (workshop, member). Upcoming workshops are moved forward to stay
upcoming when the seed is run again later.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import Area, Expertise, Profile
from network.demo import DEMO_PASSWORD
from workshops import services
from workshops.models import (
    Feedback,
    Registration,
    Session,
    SessionPlace,
    ThemeProposal,
    ThemeSupport,
    Workshop,
)

LONDON = ZoneInfo("Europe/London")

SEED_QUOTES = [
    "The role-play was helpful. During the feedback we built a model of good communication. "
    "We want more health professionals to be like that!",
    "It was an important event for creating a space for us to explore coproduction and we "
    "look forward to the next stage.",
    "I would promote your event to local people as well as community organisations, as I am "
    "sure they will also benefit the learning and the know how of what co-production is.",
]

# e-mail, name, expertise, area
DEMO_PARTICIPANTS = [
    ("grace.adeyemi@demo.network", "Grace Adeyemi", [Expertise.SERVICE_USER], Area.TOWER_HAMLETS),
    ("tom.whitfield@demo.network", "Tom Whitfield", [Expertise.HEALTH_PROFESSIONAL], Area.NEWHAM),
    ("rukhsana@demo.network", "Rukhsana Begum", [Expertise.COMMUNITY_ORGANISATION], Area.HACKNEY),
    ("joy@demo.network", "Joy Mensah", [Expertise.CARER], Area.NEWHAM),
    ("david@demo.network", "David Cohen", [Expertise.SOCIAL_CARE_PROFESSIONAL], Area.HACKNEY),
    ("anjali.shah@demo.network", "Anjali Shah", [Expertise.HEALTH_PROFESSIONAL], Area.REDBRIDGE),
    ("kwame.boateng@demo.network", "Kwame Boateng", [Expertise.SERVICE_USER], Area.WALTHAM_FOREST),
    ("helen.price@demo.network", "Helen Price", [Expertise.ACADEMIC], Area.CAMDEN),
    ("sean@demo.network", "Seán Murphy", [Expertise.POLICY_MAKER], Area.ISLINGTON),
    ("fatima.noor@demo.network", "Fatima Noor", [Expertise.CARER], Area.TOWER_HAMLETS),
    ("oliver@demo.network", "Oliver Grant", [Expertise.HEALTH_ACTIVIST], Area.LAMBETH),
    ("mei@demo.network", "Mei Chen", [Expertise.HEALTH_PROFESSIONAL], Area.SOUTHWARK),
    ("ade@demo.network", "Ade Bello", [Expertise.SOCIAL_CARE_PROFESSIONAL], Area.NEWHAM),
    ("lena@demo.network", "Lena Novak", [Expertise.ACADEMIC], Area.HACKNEY),
]

PILOT_DESCRIPTION = """\
A co-productive learning workshop bringing together service users, carers and different \
health professionals to explore how we communicate about change.

We use arts-based techniques, including a **simulated performance model**: a live case study \
is presented and used as a catalyst for discussion. The content of the case study is developed \
together with participants.
"""

PILOTS = [
    {
        "slug": "pilot-communicating-about-change",
        "title": "Pilot 1: Communicating about change",
        "summary": "A short pilot session exploring how service users and the health workforce "
        "can talk about change, through a live case study.",
        "format": Workshop.Format.SHORT,
        "start": datetime(2014, 3, 12, 14, 0, tzinfo=LONDON),
        "hours": 3,
        "venue_name": "Oxford House",
        "venue_address": "Derbyshire Street, Bethnal Green, London E2 6HG",
        "borough": Area.TOWER_HAMLETS,
        "outcomes": "Participants built a model of good communication together during the "
        "feedback on the role-play.",
    },
    {
        "slug": "pilot-power-in-the-consulting-room",
        "title": "Pilot 2: Power in the consulting room",
        "summary": "A full-day pilot on challenging existing practices and power imbalances "
        "in relationships between patients and professionals.",
        "format": Workshop.Format.LONG,
        "start": datetime(2014, 5, 21, 10, 0, tzinfo=LONDON),
        "hours": 6,
        "venue_name": "Stratford Library community room",
        "venue_address": "3 The Grove, Stratford, London E15 1EL",
        "borough": Area.NEWHAM,
        "outcomes": "A space to explore co-production; participants asked for a next stage.",
    },
    {
        "slug": "pilot-community-voice-in-health",
        "title": "Pilot 3: Community voice in health",
        "summary": "A short pilot with community organisations on capturing community voice "
        "in health and care.",
        "format": Workshop.Format.SHORT,
        "start": datetime(2014, 7, 9, 13, 30, tzinfo=LONDON),
        "hours": 3,
        "venue_name": "Hackney CVS",
        "venue_address": "The Adiaha Antigha Centre, 24-30 Dalston Lane, London E8 3AZ",
        "borough": Area.HACKNEY,
        "outcomes": "Participants planned how to promote co-productive learning to local "
        "people and community organisations.",
    },
]


def _ensure_person(email, name, expertise, area):
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    user = user_model.objects.filter(email=email).first()
    if user is None:
        user = user_model.objects.create_user(
            email=email, password=DEMO_PASSWORD, display_name=name
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Profile.objects.filter(user=user).update(
        state=Profile.State.ACTIVE,
        expertise=[str(code) for code in expertise],
        area=area,
        joined_at=timezone.now(),
    )
    user.refresh_from_db()
    return user


def _workshop(slug, **fields):
    workshop = Workshop.objects.filter(slug=slug).first() or Workshop(slug=slug)
    for name, value in fields.items():
        setattr(workshop, name, value)
    workshop.save()
    return workshop


def seed_workshops(stdout, users):
    people = [_ensure_person(*row) for row in DEMO_PARTICIPANTS]
    organiser = users["organiser"]
    owner = users["owner"]

    # --- The three pilots of the seed, completed, with its three quotes -------------------
    quote_authors = [
        (people[0], Feedback.Attribution.EXPERTISE),  # a person who uses services
        (people[1], Feedback.Attribution.EXPERTISE),  # a health professional
        (people[2], Feedback.Attribution.ANONYMOUS),
    ]
    for index, pilot in enumerate(PILOTS):
        start = pilot["start"]
        workshop = _workshop(
            pilot["slug"],
            title=pilot["title"],
            summary=pilot["summary"],
            description=PILOT_DESCRIPTION,
            outcomes=pilot["outcomes"],
            format=pilot["format"],
            start=start,
            end=start + timedelta(hours=pilot["hours"]),
            venue_name=pilot["venue_name"],
            venue_address=pilot["venue_address"],
            borough=pilot["borough"],
            step_free_access=True,
            accessible_toilet=True,
            capacity=20,
            guest_facilitators="A senior patient and public involvement practitioner",
            partners="Involve\nOCP Ltd\nHealth Education England (North, Central and East London)",
            status=Workshop.Status.COMPLETED,
        )
        workshop.facilitators.add(organiser)
        for number, person in enumerate(people[:8], start=1):
            Registration.objects.get_or_create(
                workshop=workshop,
                member=person,
                defaults={
                    "status": Registration.Status.CONFIRMED,
                    "queue_number": number,
                    "attended": True,
                },
            )
        Workshop.objects.filter(pk=workshop.pk, next_queue_number__lt=9).update(next_queue_number=9)
        author, attribution = quote_authors[index]
        feedback, _ = Feedback.objects.get_or_create(
            workshop=workshop,
            member=author,
            defaults={"usefulness": 5, "what_worked": "The live case study and the role-play."},
        )
        feedback.quote = SEED_QUOTES[index]
        feedback.quote_consent = True
        feedback.attribution = attribution
        feedback.refresh_attribution()
        feedback.quote_approved_at = feedback.quote_approved_at or timezone.now()
        feedback.quote_approved_by = feedback.quote_approved_by or owner
        feedback.save()

    # --- Three to come ------------------------------------------------------------------
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)

    def at(days, hour, minute=0):
        return (today + timedelta(days=days)).replace(hour=hour, minute=minute)

    online = _workshop(
        "online-discharge-conversations",
        title="Online: discharge conversations that work",
        summary="A short online session on leaving hospital: what a good discharge "
        "conversation sounds like, from every side.",
        description=PILOT_DESCRIPTION,
        format=Workshop.Format.SHORT,
        start=at(10, 18),
        end=at(10, 19, 30),
        is_online=True,
        joining_link="https://meet.example.org/coproduction-discharge",
        accessibility_notes="Live captions are on. Cameras optional.",
        capacity=30,
        reserved_places=0,
        reserved_release_at=None,
        status=Workshop.Status.SCHEDULED,
    )
    online.facilitators.add(organiser)

    balanced = _workshop(
        "balanced-places-mental-health-care-plans",
        title="Co-producing mental health care plans",
        summary="A full day with balanced places: a third of the places are kept for people "
        "who use services and carers.",
        description=PILOT_DESCRIPTION,
        format=Workshop.Format.LONG,
        start=at(21, 10),
        end=at(21, 16),
        venue_name="Froud Centre",
        venue_address="1 Toronto Avenue, Manor Park, London E12 5JF",
        borough=Area.NEWHAM,
        step_free_access=True,
        hearing_loop=True,
        accessible_toilet=True,
        quiet_room=True,
        bsl_interpreter=True,
        capacity=15,
        reserved_places=5,
        reserved_release_at=None,
        guest_facilitators="Hament (OCP Ltd)",
        partners="Involve\nOCP Ltd",
        status=Workshop.Status.SCHEDULED,
    )
    balanced.facilitators.add(organiser)

    nearly_full = _workshop(
        "nearly-full-gp-appointments",
        title="Ten minutes with the GP: a live case study",
        summary="A short session on what gets said, and not said, in a GP appointment. "
        "Nearly full: the waiting list is open.",
        description=PILOT_DESCRIPTION,
        format=Workshop.Format.SHORT,
        start=at(14, 14),
        end=at(14, 17),
        venue_name="Bromley by Bow Centre",
        venue_address="St Leonard's Street, London E3 3BT",
        borough=Area.TOWER_HAMLETS,
        step_free_access=True,
        accessible_toilet=True,
        capacity=12,
        reserved_places=3,
        reserved_release_at=None,
        status=Workshop.Status.SCHEDULED,
    )
    nearly_full.facilitators.add(organiser)

    hybrid = _workshop(
        "hybrid-communicating-about-change-revisited",
        title="Communicating about change, revisited (in person or online)",
        summary="The first pilot's live case study, run again for people in the room and "
        "people joining from home, with one conversation between them.",
        description=PILOT_DESCRIPTION,
        format=Workshop.Format.SHORT,
        start=at(17, 14),
        end=at(17, 17),
        attendance=Workshop.Attendance.HYBRID,
        venue_name="Oxford House",
        venue_address="Derbyshire Street, Bethnal Green, London E2 6HG",
        borough=Area.TOWER_HAMLETS,
        joining_link="https://meet.example.org/coproduction-change-revisited",
        step_free_access=True,
        hearing_loop=True,
        accessible_toilet=True,
        accessibility_notes="A facilitator looks after the people online: live captions on.",
        capacity=24,
        reserved_places=8,
        reserved_release_at=None,
        partners="Involve\nOCP Ltd",
        status=Workshop.Status.SCHEDULED,
    )
    hybrid.facilitators.add(organiser)

    # A standing panel: six fortnightly evening sessions, people choose theirs.
    panel_starts = [at(24 + 14 * n, 18) for n in range(6)]
    panel = _workshop(
        "standing-panel-evidence-from-workshops",
        title="Standing panel: reviewing the evidence from our workshops",
        summary="Six fortnightly evening sessions reviewing what the workshops produced, "
        "with service users, carers and professionals. Come to the sessions you can.",
        description=PILOT_DESCRIPTION,
        format=Workshop.Format.SERIES,
        series_registration=Workshop.SeriesRegistration.PER_SESSION,
        start=panel_starts[0],
        end=panel_starts[-1] + timedelta(hours=2),
        attendance=Workshop.Attendance.ONLINE,
        venue_name="",
        venue_address="",
        joining_link="https://meet.example.org/coproduction-standing-panel",
        accessibility_notes="Live captions are on. Papers are sent a week before each session.",
        capacity=12,
        reserved_places=0,
        reserved_release_at=None,
        partners="Health Education England (North, Central and East London)",
        status=Workshop.Status.SCHEDULED,
    )
    panel.facilitators.add(organiser)
    sessions = list(panel.sessions.all())
    for index, start in enumerate(panel_starts):
        session = sessions[index] if index < len(sessions) else Session(workshop=panel)
        session.start, session.end = start, start + timedelta(hours=2)
        session.save()
    sessions = list(panel.sessions.all())
    for session, person in [(sessions[0], users["member"]), (sessions[1], users["member"])] + [
        (session, people[n]) for n, session in enumerate(sessions[:4])
    ]:
        if not SessionPlace.objects.filter(session=session, member=person).exists():
            services.register_for_session(session=session, member=person)

    def register(workshop, person, **kwargs):
        if not Registration.objects.filter(workshop=workshop, member=person).exists():
            services.register(workshop=workshop, member=person, **kwargs)

    register(online, users["member"])
    register(online, people[3], access_needs=["materials"])
    for person in people[:6]:
        register(balanced, person)
    # Lived experience: Grace, Joy, Kwame, Fatima; the rest general places.
    lived = [p for p in people if p.profile.brings_lived_experience]
    others = [p for p in people if not p.profile.brings_lived_experience]
    for person in lived[:2]:
        register(nearly_full, person)
    for person in others:  # 9 general places, then the general waiting list
        register(nearly_full, person)

    theme, _ = ThemeProposal.objects.get_or_create(
        workshop=balanced,
        text="A care-plan review where nobody asked what matters to me",
        defaults={"author": people[0]},
    )
    ThemeSupport.objects.get_or_create(proposal=theme, member=people[3])
    ThemeProposal.objects.get_or_create(
        workshop=balanced,
        text="A discharge conversation that went wrong",
        defaults={"author": people[1]},
    )

    stdout.write(
        f"Workshops: {Workshop.objects.count()} ({len(PILOTS)} pilots with the seed's quotes, "
        f"5 upcoming: a hybrid one and a series registered for per session), "
        f"{len(people)} demo participants"
    )
