"""Imported drafts: organisations that came in from sparse records (no summary, sector, legal
form, country or role) or from a source that imports as drafts, for moderators to complete in
bulk or one by one, then publish (only what lacks nothing is published)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Locale

from directory.choices import LegalFormFamily
from directory.models import INCOMPLETE, TO_COMPLETE, OrganisationPage, Sector
from opendata.schema import FIELD_LABELS

PER_PAGE = 50
READY = "nothing"  # the filter of the drafts that lack nothing
MISSING_LABELS = {**FIELD_LABELS, "role": gettext_lazy("Role")}
ROLES = {
    "supports_transition": ("supports_transition",),
    "provides_tools": ("provides_tools",),
    "both": ("supports_transition", "provides_tools"),
}


def imported_drafts(locale=None):
    """Organisations imported as drafts and never published (in the default language, aliases
    aside): those that lack what publishing needs, and those now complete, ready to publish."""
    return OrganisationPage.objects.filter(
        locale=locale or Locale.get_default(),
        alias_of__isnull=True,
        live=False,
        first_published_at__isnull=True,
    ).exclude(data_source="")


class CompleteForm(forms.Form):
    """Values to give every selected draft (empty: leave as it is)."""

    pages = forms.ModelMultipleChoiceField(queryset=OrganisationPage.objects.none())
    sector = forms.ModelChoiceField(
        label=gettext_lazy("Sector"), queryset=Sector.objects.none(), required=False
    )
    legal_form = forms.ChoiceField(
        label=gettext_lazy("Legal form"),
        choices=[("", "—"), *LegalFormFamily.choices],
        required=False,
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[
            ("", "—"),
            ("supports_transition", gettext_lazy("Supports the digital transition")),
            ("provides_tools", gettext_lazy("Provides open digital tools")),
            ("both", gettext_lazy("Both")),
        ],
        required=False,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pages"].queryset = queryset
        self.fields["sector"].queryset = Sector.objects.filter(
            locale=Locale.get_default()
        ).order_by("name")


def _apply(page, data, user):
    if data.get("sector"):
        page.sector = data["sector"]
    if data.get("legal_form"):
        page.legal_form = data["legal_form"]
    for name in ROLES.get(data.get("role") or "", ()):
        setattr(page, name, True)
    page.save(clean=False)
    page.save_revision(user=user, clean=False)


def _publish(page, user):
    """Publish a complete draft (its French alias follows); False if it still lacks something."""
    if page.missing_fields:
        return False
    page.save_revision(user=user).publish(user=user)
    return True


def complete_index(request):
    if not request.user.has_perm("opendata.add_importrun"):
        raise PermissionDenied
    pages = imported_drafts()
    counts = pages.aggregate(
        total=Count("pk"),
        incomplete=Count("pk", filter=INCOMPLETE),
        **{name: Count("pk", filter=query) for name, query in TO_COMPLETE.items()},
    )
    sources = sorted(set(pages.exclude(data_source="").values_list("data_source", flat=True)))
    missing = request.GET.get("missing", "")
    source = request.GET.get("source", "")
    listed = pages
    if missing in TO_COMPLETE:
        listed = listed.filter(TO_COMPLETE[missing])
    elif missing == READY:
        listed = listed.exclude(INCOMPLETE)
    if source:
        listed = listed.filter(data_source=source)
    listed = listed.select_related("sector").order_by("title", "pk")

    if request.method == "POST":
        form = CompleteForm(request.POST, queryset=pages)
        if form.is_valid():
            _act(request, form)
            return redirect(request.get_full_path())
        messages.error(request, _("Choose one or more organisations of this list."))
    else:
        form = CompleteForm(queryset=pages)

    page_number = request.GET.get("p", "1")
    paginator = Paginator(listed, PER_PAGE)
    current = paginator.get_page(page_number)
    return TemplateResponse(
        request,
        "opendata/admin/drafts_to_complete.html",
        {
            "form": form,
            "current": current,
            "rows": [
                {"page": page, "missing": [MISSING_LABELS[n] for n in page.missing_fields]}
                for page in current
            ],
            "counts": [
                {"name": name, "label": MISSING_LABELS[name], "count": counts[name]}
                for name in TO_COMPLETE
            ],
            "total": counts["total"],
            "incomplete": counts["incomplete"],
            "ready": counts["total"] - counts["incomplete"],
            "sources": sources,
            "missing": missing,
            "source": source,
            "page_title": _("Imported drafts to complete"),
            "header_icon": "edit",
        },
    )


def _act(request, form):
    data = form.cleaned_data
    editable = [
        page for page in data["pages"] if page.permissions_for_user(request.user).can_edit()
    ]
    if len(editable) < len(data["pages"]):
        raise PermissionDenied
    if request.POST.get("action") == "publish":
        published = sum(1 for page in editable if _publish(page, request.user))
        messages.success(
            request,
            _("%(published)s published; %(left)s still lack something.")
            % {"published": published, "left": len(editable) - published},
        )
        return
    if not (data.get("sector") or data.get("legal_form") or data.get("role")):
        messages.error(request, _("Choose a sector, a legal form or a role to set."))
        return
    for page in editable:
        _apply(page, data, request.user)
    messages.success(request, _("%(count)s drafts updated.") % {"count": len(editable)})
