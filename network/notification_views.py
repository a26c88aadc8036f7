"""The notification centre (/notifications/): the member's own list, newest first."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from network import notifications
from network.access import requires
from network.models import Notification

signed_in = requires(lambda user: user.is_authenticated, "Sign in to see your notifications.")

PER_PAGE = 20


@signed_in
def centre(request):
    page = Paginator(
        Notification.objects.filter(recipient=request.user).only(
            "id", "kind", "text", "url", "created_at", "read_at"
        ),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    # The preferences page belongs to the members app: the core knows only its path.
    return render(
        request,
        "network/notifications.html",
        {"page": page, "preferences_url": settings.EMAIL_PREFERENCES_PATH},
    )


@signed_in
@require_POST
def open_one(request, pk: int):
    """Mark one as read and go to the thing it is about."""
    notification = notifications.mark_read(request.user, pk)
    if notification is None:
        return redirect("notifications")
    return redirect(notification.url if notification.url.startswith("/") else "notifications")


@signed_in
@require_POST
def read_all(request):
    notifications.mark_all_read(request.user)
    return redirect("notifications")
