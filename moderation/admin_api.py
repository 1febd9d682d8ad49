"""Wagtail's admin API for images and documents, limited to the collections a user may use.

Wagtail's own endpoints (`/admin/api/main/images/`, `…/documents/`) hide only collections with
a view restriction the request fails, so any admin account would list every organisation's
files, with their download links. These list what the admin's own listings and choosers list:
the items of the collections where the user may choose or change them.
"""

from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

# The actions that show an item in the admin's listings and choosers.
VISIBLE_TO = ["choose", "change", "delete"]


class PermittedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        policy = policy_registry.get_by_type(get_image_model())
        permitted = policy.collections_user_has_any_permission_for(self.request.user, VISIBLE_TO)
        return super().get_queryset().filter(collection__in=permitted)


class PermittedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        policy = policy_registry.get_by_type(get_document_model())
        permitted = policy.collections_user_has_any_permission_for(self.request.user, VISIBLE_TO)
        return super().get_queryset().filter(collection__in=permitted)
