from .map import MapPage, MapSettings
from .pages import DirectoryIndexPage, OrganisationPage, OrganisationSocialLink
from .snippets import Language, Sector, Service

__all__ = [
    "DirectoryIndexPage",
    "Language",
    "MapPage",
    "MapSettings",
    "OrganisationPage",
    "OrganisationSocialLink",
    "Sector",
    "Service",
]
