"""The names of the Atlas's roles as Wagtail groups, shared by the apps that grant rights."""

MODERATORS = "Moderators"
ORGANISATION_EDITORS = "Organisation editors"
COMMUNICATIONS = "Communications"
