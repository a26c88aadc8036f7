"""Who may do what is asked the same way by every view: one decorator per question
(network.access.requires), never a refusal written again inside a view."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory

from network.access import requires

VIEW_MODULES = [
    "members/views.py",
    "workshops/views.py",
    "network/blog/views.py",
    "network/views.py",
]


def test_no_view_writes_its_own_refusal():
    repeated = [
        path
        for path in VIEW_MODULES
        if "redirect_to_login(" in (Path(settings.BASE_DIR) / path).read_text()
    ]
    assert repeated == []


def test_a_rule_sends_visitors_to_sign_in_and_tells_others_why(django_user_model, db):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    @requires(lambda user: user.is_authenticated and user.display_name == "Ada", "Only Ada.")
    def view(request):
        return "done"

    request = RequestFactory().get("/only-ada/?x=1")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/only-ada/%3Fx%3D1"

    request.user = django_user_model.objects.create(email="bo@example.org", display_name="Bo")
    with pytest.raises(PermissionDenied, match="^Only Ada.$"):
        view(request)

    request.user = django_user_model.objects.create(email="ada@example.org", display_name="Ada")
    assert view(request) == "done"
