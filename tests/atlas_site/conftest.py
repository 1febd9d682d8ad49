"""The site-wide tests share the directory's fixtures (a module-wide EN + FR page tree)."""

from tests.directory.conftest import atlas  # noqa: F401
