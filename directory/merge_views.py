"""Admin views of merges: merge a duplicate into another organisation, list merges, undo one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import merging
from directory.duplicates import similar_organisations
from directory.fields import BY_NAME
from directory.models import OrganisationMerge, OrganisationPage

PERMISSION = "directory.manage_provenance"


def _require(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _survivor(request, merged):
    """The organisation to keep: chosen among the similar ones, or given by its page id."""
    value = request.POST.get("survivor") or request.POST.get("survivor_id") or ""
    if not value.strip().isdigit():
        return None
    return (
        OrganisationPage.objects.filter(pk=int(value), alias_of__isnull=True)
        .exclude(translation_key=merged.translation_key)
        .first()
    )


def merge_view(request, page_id):
    """Choose the organisation to keep, see which side wins each field, confirm."""
    _require(request)
    merged = get_object_or_404(OrganisationPage, pk=page_id, alias_of__isnull=True)
    context = {"page": merged, "header_icon": "resubmit"}
    context["page_title"] = _("Merge “%(title)s” into another organisation") % {
        "title": merged.title
    }
    candidates = [
        page
        for page in similar_organisations(merged.title, merged.website, merged.city, limit=6)
        if page.translation_key != merged.translation_key and page.live
    ]
    context["candidates"] = candidates
    if request.method == "POST":
        survivor = _survivor(request, merged)
        if survivor is None:
            context["error"] = _("Choose the organisation to keep.")
        else:
            try:
                merging.check(merged, survivor, request.user)
            except ValidationError as error:
                context["error"] = " ".join(error.messages)
            else:
                if request.POST.get("confirm") == "yes":
                    merging.merge(merged, survivor, request.user)
                    messages.success(
                        request,
                        _(
                            "“%(merged)s” was merged into “%(survivor)s”; its addresses now "
                            "lead there. Undo it from the list of merges."
                        )
                        % {"merged": merged.title, "survivor": survivor.title},
                    )
                    return redirect("wagtailadmin_pages:edit", survivor.pk)
                context["survivor"] = survivor
                context["decisions"] = [
                    {"label": BY_NAME[name].label, **decision}
                    for name, decision in merging.plan(merged, survivor.specific).items()
                ]
    return TemplateResponse(request, "directory/admin/merge.html", context)


def merge_index(request):
    _require(request)
    merges = list(
        OrganisationMerge.objects.select_related("survivor", "created_by", "undone_by")[:200]
    )
    for record in merges:
        record.taken = [
            f"{BY_NAME[name].label} ({decision['source']})"
            for name, decision in record.field_sources.items()
            if decision["won"] != merging.SURVIVOR and name in BY_NAME
        ]
    return TemplateResponse(
        request,
        "directory/admin/merge_index.html",
        {"merges": merges, "page_title": _("Merges"), "header_icon": "resubmit"},
    )


@require_POST
def merge_undo(request, pk):
    _require(request)
    record = get_object_or_404(OrganisationMerge, pk=pk, undone_at__isnull=True)
    try:
        merging.undo(record, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The merge of “%(title)s” was undone: it is published again.")
            % {"title": record.merged_title},
        )
    return redirect("directory_merges:index")


app_name = "directory_merges"
urlpatterns = [
    path("", merge_index, name="index"),
    path("<int:pk>/undo/", merge_undo, name="undo"),
    path("merge/<int:page_id>/", merge_view, name="merge"),
]
