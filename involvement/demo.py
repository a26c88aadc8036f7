"""Paid involvement's part of the demo network: a review panel that took place a few days
before the demo was first seeded, paid at the demo half-day rate. Amina (the demo member)
attended it and can claim; she has also an approved claim from an earlier panel, so her
page shows a status and a yearly total. Idempotent, like every demo step."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from involvement import services
from involvement.models import Claim, InvolvementRole, Offer
from workshops.models import Registration, Workshop

PANELS = [
    # slug, title, days before the first seeding, Amina's claim already approved
    ("demo-review-panel-carers-strategy", "Review panel: the carers' strategy", 40, True),
    (
        "demo-review-panel-discharge-leaflet",
        "Review panel: the hospital discharge leaflet",
        6,
        False,
    ),
]
RATE = "Public contributor, half day"


def seed_involvement(stdout, users):
    member = users["member"]
    organiser = users["organiser"]
    role = InvolvementRole.objects.get_or_create(name="Panel member")[0]
    for slug, title, days_ago, approved in PANELS:
        start = (timezone.now() - timedelta(days=days_ago)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is None:
            workshop = Workshop.objects.create(
                slug=slug,
                title=title,
                summary="A paid review panel: people with lived experience review a draft "
                "with the team writing it.",
                description="Paid involvement for panel members, at the network's half-day rate.",
                format=Workshop.Format.SHORT,
                start=start,
                end=start + timedelta(hours=3),
                venue_name="Oxford House",
                venue_address="Derbyshire Street, Bethnal Green, London E2 6HG",
                capacity=8,
                status=Workshop.Status.COMPLETED,
            )
        Registration.objects.get_or_create(
            workshop=workshop,
            member=member,
            defaults={
                "status": Registration.Status.CONFIRMED,
                "queue_number": 1,
                "attended": True,
            },
        )
        offer, _ = Offer.objects.get_or_create(
            workshop=workshop,
            session=None,
            role=role,
            defaults={"rate_name": RATE, "units": Decimal("1"), "created_by": organiser},
        )
        if approved and not Claim.objects.filter(offer=offer, member=member).exists():
            claim = services.make_claim(offer=offer, member=member, choice=Claim.Choice.PAYMENT)
            services.add_expense(
                claim=claim,
                by=member,
                kind="travel",
                description="Return bus fare",
                amount=Decimal("3.50"),
            )
            services.approve(claims=[claim], by=organiser)
    stdout.write("Paid involvement: two review panels; Amina can claim for one.")
