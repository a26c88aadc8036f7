from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt

from members.models import Profile
from members.notifications import PREFERENCES, read_unsubscribe_token


def profile(request, user_id):
    member = get_object_or_404(Profile.objects.active().with_user(), user_id=user_id)
    return render(request, "members/profile.html", {"member": member})


# Mail clients send the one-click unsubscribe (RFC 8058) as a POST without a CSRF
# token; the signed token in the address is what authorises it.
@csrf_exempt
def unsubscribe(request, token):
    parsed = read_unsubscribe_token(token)
    if parsed is None:
        raise Http404("This unsubscribe link is not valid.")
    user_id, kind = parsed
    member = get_object_or_404(Profile, user_id=user_id)
    field = PREFERENCES[kind]
    done = False
    if request.method == "POST":
        setattr(member, field, False)
        member.save(update_fields=[field])
        done = True
    label = Profile._meta.get_field(field).verbose_name
    return render(
        request, "members/unsubscribe.html", {"label": label, "done": done, "token": token}
    )
