from .pages import DirectoryIndexPage, OrganisationPage, OrganisationSocialLink
from .snippets import Language, Sector, Service

__all__ = [
    "DirectoryIndexPage",
    "Language",
    "OrganisationPage",
    "OrganisationSocialLink",
    "Sector",
    "Service",
]
