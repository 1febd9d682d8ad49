"""Keep editorial permissions and translations of stories in step with the page tree."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import copy_for_translation_done

from directory.models import OrganisationPage
from stories.editorial import grant_page_permissions
from stories.models import StoryIndexPage, StoryPage


@receiver(post_save, sender=StoryIndexPage)
def grant_communications_permissions(sender, instance, created, raw=False, **kwargs):
    """A new story index page gets the Communications group's permissions (and the home app
    connects the same receiver for new home pages)."""
    if created and not raw:
        grant_page_permissions(instance)


@receiver(copy_for_translation_done)
def localise_story_relations(sender, source_obj, target_obj, **kwargs):
    """A story translated into another language points at that language's themes, authors and
    organisation pages where they exist (aliases keep mirroring their source instead)."""
    target = getattr(target_obj, "specific", target_obj)
    if not isinstance(target, StoryPage) or target.alias_of_id:
        return
    from stories.models import Author, Theme

    locale_id = target.locale_id

    def translated(model, objects):
        keys = [obj.translation_key for obj in objects]
        found = {
            obj.translation_key: obj
            for obj in model.objects.filter(translation_key__in=keys, locale_id=locale_id)
        }
        return [found.get(obj.translation_key, obj) for obj in objects]

    from stories.models import StoryAuthor, StoryOrganisation

    page = target.get_latest_revision_as_object()
    page.themes = translated(Theme, list(page.themes.all()))
    page.story_authors = [
        StoryAuthor(author=author, sort_order=order)
        for order, author in enumerate(
            translated(Author, [link.author for link in page.story_authors.all()])
        )
    ]
    page.related_organisations = [
        StoryOrganisation(organisation=organisation, sort_order=order)
        for order, organisation in enumerate(
            translated(
                OrganisationPage, [link.organisation for link in page.related_organisations.all()]
            )
        )
    ]
    relations = ["themes", "story_authors", "related_organisations"]
    page.save(update_fields=relations, clean=False)
    page.save_revision(clean=False)
