"""Browser tests: real headless Chromium (Debian's) driven by Playwright, with axe.

There is no skip here: when Chromium is missing the launch fails and so does the
test. `make test` and `.ci/run` install Chromium first.
"""

import os

import pytest
from allauth.mfa.models import Authenticator
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from members.roles import is_staff_account
from members.staff import has_authenticator
from tests.staff import give_authenticator

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

_axe = Axe()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def page(page):
    # Any JavaScript dialog (alert, confirm, prompt) means injected script ran.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    assert dialogs == [], f"A JavaScript dialog fired: {dialogs}"


def assert_accessible(page):
    """Run axe on the current page (WCAG 2.x A and AA, best practices) and fail
    with a readable list when anything is found."""
    results = _axe.run(page)
    violations = results.response["violations"]
    if violations:
        lines = [f"{page.url}: {len(violations)} axe violation(s)"]
        for violation in violations:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
            )
        pytest.fail("\n".join(lines))


def assert_fits_width(page, width: int = 360):
    """Nothing overflows sideways at this width (no horizontal scrolling)."""
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"page is {overflow}px wide at a {width}px viewport"


def sign_in(page, live_server, email, password, *, second_factor=True):
    """Sign in on the site's page. A staff account (the owner, an organiser) is given an
    authenticator first when it has none, and passes the second step with one of its
    recovery codes (each works once, however quickly the test signs in again);
    `second_factor=False` leaves a staff account without one, as a new organiser is."""
    user = get_user_model().objects.filter(email=email).first()
    staff = user is not None and is_staff_account(user)
    if staff and second_factor and not has_authenticator(user):
        give_authenticator(user)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/2fa/authenticate/" in page.url:
        codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
        page.get_by_label("Code").fill(codes.wrap().get_unused_codes()[0])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)
