from tests.network.conftest import make_post, post  # noqa: F401
from tests.workshops.conftest import make_workshop  # noqa: F401
