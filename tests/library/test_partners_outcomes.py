"""Partners listed from the data; "you said, we did" outcomes e-mailed and shown."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from library import services
from library.demo import seed_pdf
from library.models import Outcome, Partner, PartnerMembership, Resource
from members.models import Profile
from tests.conftest import client_for
from workshops.models import Feedback, Workshop

SEED_PARTNERS = [
    "Involve",
    "OCP Ltd",
    "Health Education England (North, Central and East London)",
]


def test_the_partners_page_lists_each_partners_workshops_and_resources_from_the_data(
    client, network, make_workshop, make_resource
):
    pilot = make_workshop(title="Communicating about change", partners="\n".join(SEED_PARTNERS))
    later = make_workshop(title="Power in the consulting room", partners="Involve\nOCP Ltd")
    for workshop in (pilot, later):
        services.link_partners_from_text(workshop)
    involve = Partner.objects.get(name="Involve")
    make_resource(title="From Fairy Tale to Reality", partners=[involve])
    make_resource(title="Members' notes", partners=[involve], visibility="members")

    page = client.get(reverse("library:partners")).content.decode()

    assert Partner.objects.count() == 3
    for name in SEED_PARTNERS:
        assert name in page
    involve_section = page[page.index('id="involve"') :]
    involve_section = involve_section[: involve_section.index("</section>")]
    assert "Workshops (2)" in involve_section
    assert "Communicating about change" in involve_section
    assert "Resources (1)" in involve_section  # the members-only one is not for visitors
    assert "From Fairy Tale to Reality" in involve_section
    hee = page[page.index('id="health-education-england') :]
    assert "Workshops (1)" in hee[: hee.index("</section>")]


def test_the_workshop_page_links_its_partners_instead_of_the_text(client, network, make_workshop):
    workshop = make_workshop(partners="Involve\nOCP Ltd")
    services.link_partners_from_text(workshop)

    page = client.get(workshop.get_absolute_url()).content.decode()

    assert f'href="{reverse("library:partners")}#involve">Involve</a>' in page
    assert f'href="{reverse("library:partners")}#ocp-ltd">OCP Ltd</a>' in page


def test_a_member_says_which_partner_they_belong_to_and_who_sees_it(
    client, member, make_user, network
):
    partner = Partner.objects.create(name="Involve")
    response = client_for(member).post(
        reverse("library:my_partner"), {"partner": partner.pk, "visibility": "members"}
    )
    assert response.status_code == 302
    assert PartnerMembership.objects.get(member=member).partner == partner

    assert str(member) in client_for(make_user()).get(reverse("library:partners")).content.decode()
    assert str(member) not in client.get(reverse("library:partners")).content.decode()


def _feedback(workshop, person, **fields):
    return Feedback.objects.create(workshop=workshop, member=person, usefulness=5, **fields)


def test_an_outcome_linked_to_feedback_emails_those_who_gave_it_and_shows_on_the_workshop(
    client, network, make_user, organiser, make_workshop
):
    workshop = make_workshop(title="Pilot", status=Workshop.Status.COMPLETED)
    wants, declines, other = make_user(), make_user(), make_user()
    Profile.objects.filter(user=declines).update(notify_workshops=False)
    outcome = Outcome.objects.create(
        title="More health professionals",
        you_said="We want more health professionals to be like that!",
        we_did="We invite professionals through our NHS partner.",
        workshop=workshop,
    )
    outcome.feedback.set([_feedback(workshop, wants), _feedback(workshop, declines)])
    _feedback(workshop, other)  # not linked: not told
    admin = client_for(organiser)
    changelist = reverse("admin:library_outcome_changelist")

    # The organiser first sees who will be e-mailed, and nothing is sent yet.
    confirm = admin.post(changelist, {"action": "tell_people", "_selected_action": [outcome.pk]})
    assert "Tell people what changed?" in confirm.content.decode()
    assert str(wants) in confirm.content.decode()
    assert mail.outbox == []

    admin.post(
        changelist,
        {"action": "tell_people", "_selected_action": [outcome.pk], "confirm": "yes"},
    )

    assert [m.to for m in mail.outbox] == [[wants.email]]
    assert mail.outbox[0].subject == "You said, we did: More health professionals"
    assert "We invite professionals" in mail.outbox[0].body
    outcome.refresh_from_db()
    assert outcome.notified_by == organiser and outcome.notified_count == 1
    # Asking again sends nothing twice.
    assert services.notify_outcome(outcome=outcome, by=organiser) == 0
    assert len(mail.outbox) == 1
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "You said, we did" in page
    assert "We invite professionals through our NHS partner." in page
    assert "More health professionals" in client.get(reverse("library:outcomes")).content.decode()


def test_past_workshops_invite_organisers_to_add_their_evidence(
    organiser, member, network, make_workshop
):
    past = make_workshop(start=timezone.now() - timezone.timedelta(days=3))
    invite = "Did it produce notes, evidence or a report?"
    assert invite in client_for(organiser).get(past.get_absolute_url()).content.decode()
    assert invite not in client_for(member).get(past.get_absolute_url()).content.decode()


def test_search_and_the_feed_include_resources_as_the_viewer_may_see_them(
    client, member, network, make_resource
):
    make_resource(title="Theatre-based dialogue toolkit")
    make_resource(title="Theatre notes for members", visibility=Resource.Visibility.MEMBERS)

    found = client.get(reverse("search"), {"q": "theatre"}).content.decode()
    assert "Theatre-based dialogue toolkit" in found
    assert "Theatre notes for members" not in found
    as_member = client_for(member).get(reverse("search"), {"q": "theatre"}).content.decode()
    assert "Theatre notes for members" in as_member

    feed = client.get(reverse("library:feed"))
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert b"Theatre-based dialogue toolkit" in feed.content
    assert b"Theatre notes for members" not in feed.content


def test_the_seed_pdf_is_a_real_multi_page_document_made_from_the_seed_text():
    data = seed_pdf()
    assert data.startswith(b"%PDF-")
    # A title page and the seed's text over three more pages (the placeholder was one).
    assert len(re.findall(rb"/Type /Page(?!s)", data)) == 4


@pytest.mark.django_db
def test_the_demo_files_the_seed_pdf_with_the_pilots_and_partners_and_an_outcome():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent

    report = Resource.objects.get(slug="coproductive-learning-for-better-health")
    assert sorted(p.name for p in report.partners.all()) == sorted(SEED_PARTNERS)
    assert report.workshops.count() == 3
    assert report.files.count() == 1
    assert report.files.get().size > 5000
    assert Resource.objects.count() == 4
    assert sorted(Partner.objects.values_list("name", flat=True)) == sorted(SEED_PARTNERS)
    outcome = Outcome.objects.get()
    assert outcome.feedback.count() >= 1
    assert "role-play was helpful" in outcome.you_said


def test_an_outcome_from_a_post_shows_on_the_post_with_its_resources(
    client, network, make_post, make_resource
):
    post = make_post("Three workshops in")
    Outcome.objects.create(
        title="Longer discussions",
        you_said="The best talk came at the end.",
        we_did="Every workshop now ends with forty minutes of open discussion.",
        post=post,
    )
    make_resource(title="Workshop evidence pack").posts.add(post)

    page = client.get(post.get_absolute_url()).content.decode()

    assert "Every workshop now ends with forty minutes of open discussion." in page
    assert "Workshop evidence pack" in page


def test_the_migration_links_the_workshops_free_text_partners(network, make_workshop):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("library.migrations.0002_workshop_partners_from_text")
    workshop = make_workshop(partners="Involve\n  \nOCP Ltd\ninvolve")

    migration.link_partners(apps, None)

    assert sorted(p.name for p in Partner.objects.filter(workshops=workshop)) == [
        "Involve",
        "OCP Ltd",
    ]
    assert workshop.partners == "Involve\n  \nOCP Ltd\ninvolve"  # the text is kept


def test_erasure_forgets_the_partner_and_waiting_suggestions(member, network, make_resource):
    from library import gdpr

    partner = Partner.objects.create(name="Involve")
    PartnerMembership.objects.create(member=member, partner=partner)
    waiting = make_resource(title="Waiting", suggested_by=member, status="suggested")
    published = make_resource(title="Published", suggested_by=member)
    assert gdpr.export(member)["partner_organisation"]["partner"] == "Involve"

    gdpr.erase(member)

    assert not PartnerMembership.objects.filter(member=member).exists()
    assert not Resource.objects.filter(pk=waiting.pk).exists()
    published.refresh_from_db()
    assert published.suggested_by is None


def test_a_partner_logo_is_checked_by_content_and_re_encoded(organiser, network):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(picture, "PNG")
    admin = client_for(organiser)
    url = reverse("admin:library_partner_add")
    form = {"name": "Involve", "kind": "voluntary", "logo_alt": "Involve"}

    refused = admin.post(
        url, {**form, "logo": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>")}
    )
    assert not Partner.objects.exists()
    assert "image" in refused.content.decode().lower()

    admin.post(url, {**form, "logo": SimpleUploadedFile("logo.png", picture.getvalue())})
    partner = Partner.objects.get()
    assert partner.logo.name.startswith("partners/")
    assert client_for(organiser).get("/media/" + partner.logo.name).status_code == 200


def test_an_outcome_answering_a_discussion_emails_the_commenters_who_want_replies(
    network, make_user, organiser, make_post, write_comment
):
    post = make_post("What should change?")
    wants, declines = make_user(), make_user()
    Profile.objects.filter(user=declines).update(email_replies="off")
    comments = [
        write_comment(post, person, "Longer discussions, please.") for person in (wants, declines)
    ]
    outcome = Outcome.objects.create(
        title="Longer discussions", you_said="More time.", we_did="Forty minutes.", post=post
    )
    outcome.comments.set(comments)
    admin = client_for(organiser)
    changelist = reverse("admin:library_outcome_changelist")

    admin.post(
        changelist,
        {"action": "tell_people", "_selected_action": [outcome.pk], "confirm": "yes"},
    )

    assert [m.to for m in mail.outbox] == [[wants.email]]
    assert "replies to my comments" in mail.outbox[0].body
    assert "What should change?" in mail.outbox[0].body
    edit = admin.get(reverse("admin:library_outcome_change", args=[outcome.pk]))
    assert "Longer discussions, please." in edit.content.decode()


def test_partner_text_no_record_stands_for_yet_still_shows_on_the_workshop(
    client, network, make_workshop
):
    workshop = make_workshop(partners="Involve\nA new community group")
    Partner.objects.create(name="Involve").workshops.add(workshop)

    page = client.get(workshop.get_absolute_url()).content.decode()

    assert f'href="{reverse("library:partners")}#involve">Involve</a>' in page
    assert "<li>A new community group</li>" in page


def test_an_organiser_finds_any_comment_for_an_outcome_however_old(
    network, organiser, post, make_user, write_comment
):
    old = write_comment(post, make_user(), "Please run a workshop for young carers.")
    type(old).objects.filter(pk=old.pk).update(submit_date=timezone.now() - timedelta(days=900))
    for n in range(5):
        write_comment(post, make_user(), f"A newer comment {n}.")
    client = client_for(organiser)
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "library",
            "model_name": "outcome",
            "field_name": "comments",
            "term": "young carers",
        },
    )
    assert found.status_code == 200
    assert [row["id"] for row in found.json()["results"]] == [str(old.pk)]
    # The comment list's own search works on this network's users (no usernames).
    listing = client.get("/admin/django_comments_xtd/xtdcomment/", {"q": "young carers"})
    assert listing.status_code == 200
    assert "young carers" in listing.content.decode()
