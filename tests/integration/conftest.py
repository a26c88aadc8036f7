from tests.workshops.conftest import make_workshop  # noqa: F401
