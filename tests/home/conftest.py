from tests.stories.conftest import day, image  # noqa: F401  (shared fixtures)
