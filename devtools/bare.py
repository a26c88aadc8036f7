"""The benchmark's bare Django floor: what a fresh `startproject` would serve.

`/bench/bare/` runs through Django's default middleware only (the list `startproject`
writes), a three-line template and no base layout, so the benchmark can say how far
each page is from Django itself, not only from our layout. The project's own
middleware never sees the request: `BareFloorMiddleware` sits outermost in
devtools.settings and answers this one path with its own chain.
"""

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpResponse
from django.template import Engine, RequestContext
from django.utils.module_loading import import_string

BARE_PATH = "/bench/bare/"

# What `django-admin startproject` writes in settings.MIDDLEWARE (Django 5.2).
DEFAULT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# And its default template context processors.
DEFAULT_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
]

_engine = Engine(
    dirs=[str(settings.BASE_DIR / "templates")], context_processors=DEFAULT_CONTEXT_PROCESSORS
)


def bare(request):
    template = _engine.get_template("devtools/bare.html")
    return HttpResponse(template.render(RequestContext(request, {"name": "world"})))


def _bare_handler():
    instances = []

    def view(request):
        for middleware in instances:
            process_view = getattr(middleware, "process_view", None)
            if process_view:
                response = process_view(request, bare, (), {})
                if response is not None:
                    return response
        return bare(request)

    handler = convert_exception_to_response(view)
    for path in reversed(DEFAULT_MIDDLEWARE):
        middleware = import_string(path)(handler)
        instances.insert(0, middleware)
        handler = convert_exception_to_response(middleware)
    return handler


class BareFloorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.bare = _bare_handler()

    def __call__(self, request):
        if request.path == BARE_PATH:
            return self.bare(request)
        return self.get_response(request)
