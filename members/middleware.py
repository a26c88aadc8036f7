from django.utils.functional import SimpleLazyObject

from members.roles import standing


class StandingMiddleware:
    """Puts the viewer's standing (network.access.Standing) on the request, worked
    out when first asked for: the core reads it from there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.standing = SimpleLazyObject(lambda: standing(request.user))
        return self.get_response(request)
