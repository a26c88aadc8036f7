from django.shortcuts import get_object_or_404, render

from members.models import Profile


def profile(request, user_id):
    member = get_object_or_404(Profile.objects.active().with_user(), user_id=user_id)
    return render(request, "members/profile.html", {"member": member})
