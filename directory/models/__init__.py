from .directory_index import DirectoryIndexPage
from .listing import DirectoryListing
from .map import MapPage, MapSettings
from .merge import OrganisationMerge, Tombstone, TombstoneKind
from .organisation import (
    INCOMPLETE,
    NEEDS_LOCATION,
    TO_COMPLETE,
    OrganisationPage,
    OrganisationSocialLink,
    OrganisationTranslation,
)
from .search import OrganisationSearchEntry
from .snippets import Language, Sector, Service

__all__ = [
    "INCOMPLETE",
    "TO_COMPLETE",
    "NEEDS_LOCATION",
    "DirectoryIndexPage",
    "DirectoryListing",
    "Language",
    "MapPage",
    "MapSettings",
    "OrganisationMerge",
    "OrganisationPage",
    "OrganisationSearchEntry",
    "OrganisationSocialLink",
    "OrganisationTranslation",
    "Sector",
    "Service",
    "Tombstone",
    "TombstoneKind",
]
