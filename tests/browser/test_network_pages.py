"""The network's own pages in real Chromium: no axe violations, usable on a
phone, and the Report an Issue form works by keyboard alone."""

import pytest

from network.models import IssueReport
from tests.browser.conftest import assert_accessible, assert_fits_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "/": "Co-production practitioners network",
    "/about/": "About Co-production practitioners network",
    "/terms/": "Terms of Service",
    "/privacy/": "Privacy notice",
    "/accessibility/": "Accessibility statement",
    "/badges/": "Badges",
    "/report/": "Report an Issue",
}


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(page, live_server, network, terms, path):
    page.goto(live_server.url + path)

    assert page.get_by_role("heading", level=1).inner_text() == PAGES[path]
    assert_accessible(page)


def test_home_page_fits_a_360px_phone(page, live_server, network):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")

    assert page.get_by_role("heading", level=1).inner_text() == network.name
    assert_accessible(page)
    assert_fits_width(page, 360)


def test_report_form_and_badges_fit_a_360px_phone(page, live_server, network):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/report/", "/badges/"]:
        page.goto(live_server.url + path)
        assert_fits_width(page, 360)


def test_badge_preview_image_loads(page, live_server, network):
    page.goto(live_server.url + "/badges/")

    preview = page.locator(".badge-preview img")
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 300


def test_skip_link_moves_focus_to_the_main_content(page, live_server, network):
    page.goto(live_server.url + "/about/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_report_sent_by_keyboard_alone_shows_the_thanks_page(page, live_server, network):
    page.goto(live_server.url + "/about/")
    page.get_by_role("link", name="Report an Issue").click()

    # The page address is filled in from the page the reporter came from.
    assert page.get_by_label("Which page? (optional)").input_value() == (
        live_server.url + "/about/"
    )
    page.get_by_label("Something is broken").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to the page address
    page.keyboard.press("Tab")  # to the description
    page.keyboard.type("The contact link on the About page opens nothing.")
    page.keyboard.press("Tab")
    page.keyboard.type("Ada")
    page.keyboard.press("Tab")
    page.keyboard.type("ada@example.org")
    page.keyboard.press("Tab")  # past the hidden honeypot, to the button
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/report/thanks/")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Thank you: your report has been sent"
    )
    assert_accessible(page)
    issue = IssueReport.objects.get()
    assert issue.category == IssueReport.Category.BROKEN
    assert issue.description == "The contact link on the About page opens nothing."
    assert issue.reporter_email == "ada@example.org"


def test_someone_at_risk_report_shows_emergency_numbers(page, live_server, network):
    page.goto(live_server.url + "/report/")
    page.get_by_label("Someone may be at risk").check()
    page.get_by_label("What happened?").fill("A member says they feel unsafe at home.")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url(live_server.url + "/report/thanks/")

    note = page.get_by_role("note")
    assert "call 999" in note.inner_text()
    assert "NHS 111" in note.inner_text()


def test_report_with_errors_shows_the_summary_and_keeps_the_text(page, live_server, network):
    page.goto(live_server.url + "/report/")
    page.get_by_label("What happened?").fill("Spam links in the comments on the latest post.")
    page.get_by_label("Your e-mail address (optional, so we can reply)").fill("ada@")
    page.get_by_role("button", name="Send report").click()

    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert "What is this about?: This field is required." in summary.inner_text()
    assert "Enter a valid email address." in summary.inner_text()
    assert page.get_by_label("What happened?").input_value() == (
        "Spam links in the comments on the latest post."
    )
    assert page.get_by_label("Your e-mail address (optional, so we can reply)").input_value() == (
        "ada@"
    )
    assert_accessible(page)
    # The summary links to the field to fix.
    summary.get_by_role("link", name="What is this about?: This field is required.").click()
    assert page.url.endswith("#id_category_0")
    assert page.locator("#id_category_0").is_visible()
    assert IssueReport.objects.count() == 0
