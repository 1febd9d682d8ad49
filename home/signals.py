"""A new home page gets the Communications group's rights, like a new story index page."""

from django.db.models.signals import post_save

from home.models import HomePage
from stories.signals import grant_communications_permissions

post_save.connect(
    grant_communications_permissions, sender=HomePage, dispatch_uid="home_communications_rights"
)
