from .directory_index import DirectoryIndexPage
from .map import MapPage, MapSettings
from .organisation import NEEDS_LOCATION, OrganisationPage, OrganisationSocialLink
from .snippets import Language, Sector, Service

__all__ = [
    "NEEDS_LOCATION",
    "DirectoryIndexPage",
    "Language",
    "MapPage",
    "MapSettings",
    "OrganisationPage",
    "OrganisationSocialLink",
    "Sector",
    "Service",
]
