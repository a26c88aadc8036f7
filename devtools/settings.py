"""Production settings plus the development tools: what `make bench` runs the site with.

Adds the devtools app (its management commands), the benchmark's framework floor page
(devtools.urls) and a header with each request's SQL query count. Production never
uses this module.
"""

from network.settings import *  # noqa: F403
from network.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
# Outermost, so it counts every query of the request.
MIDDLEWARE = ["devtools.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "devtools.urls"
