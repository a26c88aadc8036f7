"""Production settings plus the development tools: what `make bench` runs the site with.

Adds the devtools app (its management commands), the benchmark's layout floor page
(devtools.urls), the bare Django floor (devtools/bare.py) and a header with each
request's SQL query count. Production never uses this module.
"""

from network.settings import *  # noqa: F403
from network.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
# The bare Django floor (devtools/bare.py) answers its path before anything else;
# then the query counter, outermost for every other page so it counts every query.
MIDDLEWARE = [
    "devtools.bare.BareFloorMiddleware",
    "devtools.middleware.QueryCountMiddleware",
    *MIDDLEWARE,
]
ROOT_URLCONF = "devtools.urls"
