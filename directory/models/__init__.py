from .directory_index import DirectoryIndexPage
from .map import MapPage, MapSettings
from .organisation import (
    NEEDS_LOCATION,
    OrganisationPage,
    OrganisationSocialLink,
    OrganisationTranslation,
)
from .search import OrganisationSearchEntry
from .snippets import Language, Sector, Service

__all__ = [
    "NEEDS_LOCATION",
    "DirectoryIndexPage",
    "Language",
    "MapPage",
    "MapSettings",
    "OrganisationPage",
    "OrganisationSearchEntry",
    "OrganisationSocialLink",
    "OrganisationTranslation",
    "Sector",
    "Service",
]
