"""A small network with one of everything, for the access matrix and the hostile
input tests: a post with comments and an attachment, an upcoming and a past
workshop with registrations, themes and feedback, an invitation, and three
people whose private data carries distinctive markers.

The markers must appear only where the brief allows (organisers' tools); any
other page that shows them leaks another member's private data.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from involvement import services as claims
from involvement.models import InvolvementRole, Offer
from members.models import Area, Invitation, Profile, Visibility
from network.blog.comments import post_content_type
from network.blog.models import Attachment, Post, Tag
from workshops.models import (
    Feedback,
    Registration,
    Session,
    SessionPlace,
    ThemeProposal,
    Workshop,
)

# Private data of people other than the viewer, by kind. Each value is unique
# so a page that shows it can be found by a plain substring search.
EMAIL_MARKERS = ["hana.hidden.7q3@private.example", "ada.applicant.7q3@private.example"]
ACCESS_NEEDS_MARKER = "ACCESSNEEDS-7q3-wheelchair-and-ptsd"
APPLICANT_MARKERS = ["WHYJOIN-7q3-my-private-story", "TOPICS-7q3-private"]
SUSPENSION_MARKER = "SUSPENSION-7q3-harassed-a-member"
ORGANISERS_ONLY_MARKER = "ORGONLYBIO-7q3-hidden-from-members"

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    people: dict  # role -> User (None for the visitor)
    hidden: object  # active member with private data
    applicant: object  # pending applicant with answers
    banned: object  # suspended member with a reason
    post: Post
    draft: Post
    tag: Tag
    attachment: Attachment
    hidden_comment: XtdComment
    member_comment: XtdComment
    upcoming: Workshop
    past: Workshop
    theme: ThemeProposal
    invitation: Invitation
    unverified_email: EmailAddress
    session: Session = None  # one session of a series registered for per session
    extra: dict = field(default_factory=dict)


def _comment(post, user, text):
    comment = XtdComment(
        content_type=post_content_type(),
        object_pk=str(post.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=str(user)[:50],
        user_email=user.email,
        comment=text,
        submit_date=timezone.now(),
    )
    comment.save()
    return comment


@pytest.fixture
def world(network, terms, owner, organiser, member, pending, suspended, make_user):
    hidden = make_user(
        email=EMAIL_MARKERS[0],
        display_name="Hana Hidden",
        organisation="Camden Carers",
        area=Area.CAMDEN,
        bio=f"I run a peer group. {ORGANISERS_ONLY_MARKER}",
        bio_visibility=Visibility.ORGANISERS,
    )
    applicant = make_user(
        state=Profile.State.PENDING,
        email=EMAIL_MARKERS[1],
        display_name="Ada Applicant",
        why_join=APPLICANT_MARKERS[0],
        topics=APPLICANT_MARKERS[1],
    )
    banned = make_user(
        state=Profile.State.SUSPENDED,
        display_name="Bea Banned",
        suspension_reason=SUSPENSION_MARKER,
    )
    now = timezone.now()
    tag = Tag.objects.create(name="Practice", slug="practice")
    post = Post.objects.create(
        title="Theatre as dialogue",
        slug="theatre-as-dialogue",
        body="Co-production recognises **all** forms of expertise.",
        status=Post.Status.PUBLISHED,
        publish_at=now - timedelta(hours=2),
    )
    post.authors.set([owner])
    post.tags.set([tag])
    draft = Post.objects.create(
        title="Unannounced plans",
        slug="unannounced-plans",
        body="Not for members yet.",
        status=Post.Status.DRAFT,
        publish_at=now - timedelta(hours=1),
    )
    draft.authors.set([owner])
    attachment = Attachment(post=post, title="Slides", file=ContentFile(TINY_PDF, "slides.pdf"))
    attachment.save()
    hidden_comment = _comment(post, hidden, "What a helpful post.")
    member_comment = _comment(post, member, "I agree with Hana.")

    upcoming = Workshop.objects.create(
        title="Communicating about change",
        slug="communicating-about-change",
        summary="A live case study.",
        start=now + timedelta(days=14),
        end=now + timedelta(days=14, hours=3),
        venue_name="Oxford House",
        borough=Area.TOWER_HAMLETS,
        capacity=10,
    )
    for person, needs in ((member, ""), (organiser, ""), (hidden, ACCESS_NEEDS_MARKER)):
        Registration.objects.create(
            workshop=upcoming,
            member=person,
            status=Registration.Status.CONFIRMED,
            queue_number=Registration.objects.filter(workshop=upcoming).count() + 1,
            access_needs=["other"] if needs else [],
            access_needs_other=needs,
        )
    theme = ThemeProposal.objects.create(
        workshop=upcoming, author=hidden, text="A discharge conversation that went wrong"
    )
    past = Workshop.objects.create(
        title="Power and participation",
        slug="power-and-participation",
        summary="What we learned.",
        start=now - timedelta(days=10),
        end=now - timedelta(days=10) + timedelta(hours=3),
        venue_name="Oxford House",
        capacity=10,
        status=Workshop.Status.COMPLETED,
    )
    Registration.objects.create(
        workshop=past,
        member=member,
        status=Registration.Status.CONFIRMED,
        queue_number=1,
        attended=True,
    )
    Feedback.objects.create(
        workshop=past,
        member=member,
        usefulness=5,
        quote="It changed how I listen.",
        quote_consent=True,
    )
    panel = Workshop.objects.create(
        title="Standing panel",
        slug="standing-panel",
        summary="Six fortnightly sessions.",
        format=Workshop.Format.SERIES,
        series_registration=Workshop.SeriesRegistration.PER_SESSION,
        start=now + timedelta(days=20),
        end=now + timedelta(days=20, hours=2),
        venue_name="Oxford House",
        capacity=10,
    )
    session = Session.objects.create(workshop=panel, start=panel.start, end=panel.end)
    SessionPlace.objects.create(
        session=session, member=member, status=SessionPlace.Status.CONFIRMED, queue_number=1
    )
    # Paid involvement: the member, marked as attended at the past workshop, has claimed
    # its offer, with a receipt (involvement's pages and the "receipts" upload folder).
    offer = Offer.objects.create(
        workshop=past,
        role=InvolvementRole.objects.get(name="Panel member"),
        rate_name="Public contributor, half day",
    )
    claim = claims.make_claim(offer=offer, member=member, choice="payment")
    expense = claims.add_expense(
        claim=claim,
        by=member,
        kind="travel",
        description="Bus",
        amount=Decimal("3.00"),
        receipt=ContentFile(TINY_PDF, "receipt.pdf"),
    )
    invitation = Invitation.objects.create(invited_by=member, email="invitee@example.org")
    stranger = get_user_model().objects.create_user(
        email="unverified@example.org", password="x-unused-password-x", display_name="Una"
    )
    unverified_email = EmailAddress.objects.create(
        user=stranger, email=stranger.email, verified=False, primary=True
    )
    return World(
        people={
            "visitor": None,
            "pending": pending,
            "member": member,
            "organiser": organiser,
            "owner": owner,
            "suspended": suspended,
        },
        hidden=hidden,
        applicant=applicant,
        banned=banned,
        post=post,
        draft=draft,
        tag=tag,
        attachment=attachment,
        hidden_comment=hidden_comment,
        member_comment=member_comment,
        upcoming=upcoming,
        past=past,
        theme=theme,
        invitation=invitation,
        unverified_email=unverified_email,
        session=session,
        extra={"offer": offer, "claim": claim, "expense": expense},
    )


def confirmation_key(world) -> str:
    return EmailConfirmationHMAC(world.unverified_email).key
