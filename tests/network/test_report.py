"""Report an Issue: stored in the moderation queue, safeguarding reports e-mailed
at once, bad input kept, bots and floods refused."""

import html as html_lib

import pytest
from django.core import mail

from network.models import IssueReport
from tests.conftest import client_for
from tests.network.layout import assert_in_layout


def form_value(response, name: str) -> str:
    """The value an input or textarea shows again after a failed submission."""
    page = response.content.decode()
    page = page[page.index('<form method="post" novalidate>') :]
    start = page.index(f'name="{name}"')
    tag_start = page.rindex("<", 0, start)
    if page.startswith("<textarea", tag_start):
        body_start = page.index(">", start) + 1
        return html_lib.unescape(page[body_start : page.index("</textarea>", body_start)]).strip()
    tag = page[tag_start : page.index(">", start)]
    if ' value="' not in tag:
        return ""
    return html_lib.unescape(tag.split(' value="', 1)[1].split('"', 1)[0])


def field_error(response, field_id: str) -> str:
    page = response.content.decode()
    marker = f'id="{field_id}_error">'
    if marker not in page:
        return ""
    text = page[page.index(marker) + len(marker) :].split("</p>", 1)[0]
    return html_lib.unescape(
        text.replace('<span class="visually-hidden">Error:</span>', "")
    ).strip()


def test_valid_report_is_stored_in_the_moderation_queue(client, network, report_data):
    response = client.post("/report/", report_data)

    assert response.status_code == 302
    assert response["Location"] == "/report/thanks/"
    issue = IssueReport.objects.get()
    assert issue.category == IssueReport.Category.BROKEN
    assert issue.page_url == "/workshops/"
    assert issue.description == report_data["description"]
    assert (issue.reporter_name, issue.reporter_email) == ("Ada", "ada@example.org")
    assert issue.reporter is None
    assert issue.status == IssueReport.Status.OPEN


def test_ordinary_report_sends_no_email_and_no_emergency_advice(client, network, report_data):
    response = client.post("/report/", report_data, follow=True)

    assert mail.outbox == []
    assert "Thank you: your report has been sent" in response.content.decode()
    assert "999" not in response.content.decode()


def test_signed_in_member_is_recorded_as_the_reporter(network, member, report_data):
    client_for(member).post("/report/", {**report_data, "reporter_name": "", "reporter_email": ""})

    issue = IssueReport.objects.get()
    assert issue.reporter == member
    assert (issue.reporter_name, issue.reporter_email) == ("Maya Member", member.email)


def test_someone_at_risk_report_emails_the_safeguarding_lead_at_once(client, network, report_data):
    description = "A member wrote that they feel unsafe at home tonight."
    client.post("/report/", {**report_data, "category": "at_risk", "description": description})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["safeguarding@example.org"]
    assert message.subject == (
        "[Safeguarding] Someone may be at risk: a report on Co-production practitioners network"
    )
    assert description in message.body
    assert "Page: /workshops/" in message.body
    assert "From: Ada <ada@example.org>" in message.body
    issue = IssueReport.objects.get()
    assert f"http://testserver/admin/network/issuereport/{issue.pk}/change/" in message.body
    assert message.reply_to == ["ada@example.org"]


def test_safeguarding_email_goes_through_the_mail_queue(client, network, report_data, settings):
    from mailer.engine import send_all
    from mailer.models import Message

    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    client.post("/report/", {**report_data, "category": "at_risk"})
    assert Message.objects.count() == 1
    assert mail.outbox == []

    send_all()

    assert [message.to for message in mail.outbox] == [["safeguarding@example.org"]]
    assert Message.objects.count() == 0


def test_without_a_safeguarding_lead_the_contact_address_is_alerted(client, network, report_data):
    network.safeguarding_lead_email = ""
    network.save()

    client.post("/report/", {**report_data, "category": "at_risk"})

    assert [message.to for message in mail.outbox] == [["hello@example.org"]]


def test_someone_at_risk_reporter_is_shown_where_to_get_urgent_help(client, network, report_data):
    response = client.post("/report/", {**report_data, "category": "at_risk"}, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Our safeguarding lead has been told" in page
    assert "call <strong>999</strong>" in page
    assert "call <strong>NHS 111</strong>" in page
    # Before anything else on the page.
    assert page.index("999") < page.index("The people who run the network will look at it")
    assert_in_layout(response)


def test_report_form_shows_urgent_help_before_the_form(client, network):
    page = client.get("/report/").content.decode()

    assert "If someone is in danger now" in page
    assert page.index("<strong>999</strong>") < page.index('<form method="post"')
    assert page.index("<strong>NHS 111</strong>") < page.index('name="category"')


def test_report_form_offers_every_category(client, network):
    page = client.get("/report/").content.decode()

    for label in [
        "Someone may be at risk",
        "Abusive or offensive content",
        "Spam",
        "Something is broken",
        "Other",
    ]:
        assert f"{label}</label>" in page


@pytest.mark.parametrize(
    ("change", "field_id", "error"),
    [
        ({"category": ""}, "id_category", "This field is required."),
        ({"category": "nonsense"}, "id_category", "Select a valid choice."),
        ({"description": ""}, "id_description", "This field is required."),
        ({"description": "   \n  "}, "id_description", "This field is required."),
        (
            {"description": "x" * 5001},
            "id_description",
            "Ensure this value has at most 5000 characters (it has 5001).",
        ),
        ({"reporter_email": "ada@"}, "id_reporter_email", "Enter a valid email address."),
    ],
)
def test_invalid_report_redisplays_with_the_error_next_to_the_field_and_the_text_kept(
    client, network, report_data, change, field_id, error
):
    response = client.post("/report/", {**report_data, **change})

    assert response.status_code == 200
    assert field_error(response, field_id).startswith(error.split(" (")[0])
    assert "There is a problem" in response.content.decode()
    assert f'aria-describedby="{field_id}' in response.content.decode()
    for name in ["page_url", "reporter_name", "reporter_email", "description"]:
        expected = change.get(name, report_data[name])
        if name == "description" and not expected.strip():
            continue
        assert form_value(response, name) == expected
    assert IssueReport.objects.count() == 0
    assert mail.outbox == []


def test_invalid_report_keeps_the_chosen_category(client, network, report_data):
    response = client.post("/report/", {**report_data, "category": "spam", "description": ""})

    assert 'value="spam" required id="id_category_2" checked' in response.content.decode()


def test_filled_honeypot_is_refused_and_nothing_stored(client, network, report_data):
    response = client.post(
        "/report/",
        {**report_data, "category": "at_risk", "website_url": "http://spam.example"},
    )

    assert response.status_code == 200
    assert "This form could not be sent" in response.content.decode()
    assert IssueReport.objects.count() == 0
    assert mail.outbox == []


def test_many_reports_in_a_short_time_are_refused_with_429(client, network, report_data):
    for n in range(5):
        assert (
            client.post("/report/", {**report_data, "description": f"Report {n}"}).status_code
            == 302
        )

    response = client.post("/report/", {**report_data, "description": "One report too many"})

    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent several reports in a short time" in page
    assert "If someone is in danger, call 999 now." in page
    assert form_value(response, "description") == "One report too many"
    assert IssueReport.objects.count() == 5
    assert_in_layout(response)


def test_page_address_is_prefilled_from_the_page_the_reporter_came_from(client, network):
    response = client.get("/report/", headers={"referer": "http://testserver/workshops/?page=2"})

    assert form_value(response, "page_url") == "http://testserver/workshops/?page=2"


def test_page_address_can_be_given_in_the_link(client, network):
    response = client.get("/report/?page=/about/")

    assert form_value(response, "page_url") == "/about/"


@pytest.mark.parametrize(
    "referer",
    [
        "https://evil.example/phish",
        "javascript:alert(1)",
        "http://testserver/" + "a" * 600,
    ],
)
def test_page_address_is_not_prefilled_from_other_sites_or_overlong(client, network, referer):
    response = client.get("/report/", headers={"referer": referer})

    assert form_value(response, "page_url") == ""


def test_report_thanks_page_forgets_the_category_once_shown(client, network, report_data):
    client.post("/report/", {**report_data, "category": "at_risk"})
    assert "Our safeguarding lead has been told" in client.get("/report/thanks/").content.decode()

    assert (
        "Our safeguarding lead has been told" not in client.get("/report/thanks/").content.decode()
    )


def test_owner_and_organisers_work_the_queue_in_the_admin(
    client, network, report_data, owner_client, organiser_client, member_client
):
    client.post("/report/", report_data)
    issue = IssueReport.objects.get()

    for staff in (owner_client, organiser_client):
        listing = staff.get("/admin/network/issuereport/")
        assert listing.status_code == 200
        assert "/workshops/" in listing.content.decode()

    changed = organiser_client.post(
        f"/admin/network/issuereport/{issue.pk}/change/",
        {"status": "in_progress", "notes": "Checking the workshop dates."},
    )
    assert changed.status_code == 302
    issue.refresh_from_db()
    assert (issue.status, issue.notes) == ("in_progress", "Checking the workshop dates.")
    assert issue.description == report_data["description"]  # reports are not rewritten

    # A member is told the admin is not for them (it used to redirect to its own sign-in).
    assert member_client.get("/admin/network/issuereport/").status_code == 403
