import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_applicant_refused_on_a_members_only_network_is_shown_where_they_stand(
    members_only, pending
):
    response = client_for(pending).get("/workshops/")
    assert response.status_code == 403
    assert 'href="/members/me/membership/"' in response.content.decode()
