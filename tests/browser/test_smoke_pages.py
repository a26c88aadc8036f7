import pytest

from tests.browser.conftest import assert_accessible, assert_fits_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_has_no_axe_violations_and_fits_a_phone(page, live_server, network):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == network.name
    assert_accessible(page)
    assert_fits_width(page, 360)
