"""Admin view: machine suggestions for a translation's empty fields, saved as a draft."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import Page

from core.models import TranslatablePage
from core.translation import machine


def suggest_translation(request, page_id, language):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, TranslatablePage) or page.alias_of_id:
        raise Http404
    languages = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    if language not in languages or language == page.locale.language_code:
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if not machine.is_enabled():
        messages.error(request, _("Machine translation is not configured on this site."))
        return redirect(edit_url)
    if request.method != "POST":
        return TemplateResponse(
            request,
            "core/suggest_translation.html",
            {"page": page, "language_name": languages[language], "edit_url": edit_url},
        )
    draft = page.get_latest_revision_as_object()
    rows = list(draft.content_translations.all())
    row = next((row for row in rows if row.language == language), None)
    if row is None:
        row = draft.content_translations.model(language=language)
        rows.append(row)
    try:
        filled = machine.suggest(draft, row)
    except machine.MachineTranslationError:
        messages.error(
            request,
            _("The translation service did not answer: nothing was changed. Try again later."),
        )
        return redirect(edit_url)
    if not filled:
        messages.info(request, _("Every field of this translation is already filled."))
        return redirect(edit_url)
    draft.content_translations = rows
    draft.save_revision(user=request.user, log_action=True)
    messages.success(
        request,
        _(
            "Machine suggestions were added to a draft for %(count)d field(s) in %(language)s. "
            "Review them on the Translations tab before submitting the page."
        )
        % {"count": len(filled), "language": languages[language]},
    )
    return redirect(edit_url)
