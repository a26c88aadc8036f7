"""The admin, open only to staff in good standing who have passed their second factor.

Django's admin asks `user.is_active and user.is_staff`; this site asks what every
other staff page asks (members.roles): the person must be an active member now
(`can_use_admin`: a suspended organiser, or one who has left, is refused at once),
and a staff account must have passed its second factor in this session
(`second_factor_redirect`). What each page then allows is the person's permissions,
which members.backends grants only to active members.

Installed through `members.admin_apps.NetworkAdminConfig` (in INSTALLED_APPS in place of
"django.contrib.admin"), so `django.contrib.admin.site` is this site.
"""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from members.roles import (
    ADMIN_REFUSAL,
    can_use_admin,
    has_passed_second_factor,
    second_factor_redirect,
)
from network.views import safe_next


class NetworkAdminSite(admin.AdminSite):
    site_header = "Co-production practitioners network: administration"
    site_title = "Network administration"

    def has_permission(self, request):
        return can_use_admin(request.user) and has_passed_second_factor(request)

    def refusal(self, request):
        """Why this request may not use the admin, as a response (or None: it may).
        Visitors sign in on the site's own page; people who may not use the admin get
        a 403 saying why; staff go and pass their second factor first."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_use_admin(request.user):
            raise PermissionDenied(ADMIN_REFUSAL)
        return second_factor_redirect(request)

    def admin_view(self, view, cacheable=False):
        """Django's admin_view, with `refusal` in place of its redirect to the admin's
        own sign-in form."""

        def inner(request, *args, **kwargs):
            if request.path != reverse("admin:logout", current_app=self.name):
                response = self.refusal(request)
                if response is not None:
                    return response
            return view(request, *args, **kwargs)

        if not cacheable:
            inner = never_cache(inner)
        if not getattr(view, "csrf_exempt", False):
            inner = csrf_protect(inner)
        return update_wrapper(inner, view)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """Everyone signs in on the site's sign-in page: its rate limits and its second
        factor apply to the admin too (the admin's own form would skip both)."""
        target = safe_next(request, reverse("admin:index", current_app=self.name))
        if not request.user.is_authenticated:
            return redirect_to_login(target)
        response = self.refusal(request)
        return response if response is not None else HttpResponseRedirect(target)
