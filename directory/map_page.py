"""What the map page's template and script need: filters, legend and the script's settings."""

from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from django_countries import countries

from directory.filters import DirectoryFilter, Facet, FacetOption
from directory.map_data import located_organisations
from directory.models import OrganisationPage


def _plural(sentence):
    """Both forms of a count sentence for the script, which picks one with Intl.PluralRules.
    `sentence(n)` calls ngettext with the literal strings, so that makemessages finds them."""
    return {"one": sentence(1), "other": sentence(2)}


def map_facets(directory_filter, language_code):
    """The directory's filters with their options, without the per-option counts (the script
    counts in the browser, as the reader filters)."""
    builders = {
        "sector": (_("Sector"), directory_filter._sector_options),
        "form": (_("Legal form"), directory_filter._form_options),
        "role": (_("Role"), directory_filter._role_options),
        "service": (_("Service"), directory_filter._service_options),
        "language": (_("Language of service"), directory_filter._language_options),
    }
    located_countries = set(
        located_organisations(language_code).order_by().values_list("country", flat=True).distinct()
    )
    facets = []
    for name in ("sector", "country", "form", "role", "service", "language"):
        if name == "country":
            codes = located_countries | set(directory_filter.selected["country"])
            label = _("Country")
            options = sorted(
                (FacetOption(value=code, label=str(countries.name(code))) for code in codes),
                key=lambda option: option.label,
            )
        else:
            label, build = builders[name]
            options = build({})
        for option in options:
            option.selected = option.value in directory_filter.selected[name]
        facets.append(Facet(name=name, label=label, options=options))
    facets.append(directory_filter.freshness_facet())
    return facets


def follow_base(name="following:follow"):
    """The "Follow this search" page (following/): a page of its own, so that the cached map
    and directory pages carry no form. Found by URL name, never imported (a higher layer)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def map_page_context(page, request):
    language = translation.get_language()
    embed = request.GET.get("embed") == "1"
    directory = page.directory
    organisations = directory.organisations if directory else OrganisationPage.objects.none()
    directory_filter = DirectoryFilter(request.GET, organisations)
    facets = map_facets(directory_filter, language)
    query = directory_filter.querystring(embed=None)
    directory_url = directory.get_url(request) if directory else ""
    page_url = page.get_url(request)
    sectors = facets[0].options
    config = {
        "dataUrl": reverse("map_organisations"),
        "workerUrl": static("js/map-worker.js"),
        "superclusterUrl": static("vendor/supercluster/supercluster.min.js"),
        "detailsUrl": reverse("map_details"),
        "searchUrl": reverse("map_search"),
        "directoryUrl": directory_url,
        "pageUrl": page_url,
        "pageFullUrl": page.get_full_url(request),
        "bbox": list(directory_filter.bbox) if directory_filter.bbox else None,
        "embed": embed,
        "centre": [page.centre_latitude, page.centre_longitude],
        "zoom": page.zoom,
        "q": directory_filter.query,
        "selected": directory_filter.selected,
        "sectors": {
            option.value: {"name": option.label, "colour": option.colour} for option in sectors
        },
        "labels": {facet.name: {o.value: o.label for o in facet.options} for facet in facets},
        "strings": {
            "count": _plural(
                lambda n: ngettext(
                    "%(count)s organisation matches", "%(count)s organisations match", n
                )
            ),
            "inView": _plural(
                lambda n: ngettext(
                    "%(count)s organisation in this view", "%(count)s organisations in this view", n
                )
            ),
            "listTruncated": _(
                "The first %(shown)s, by country and city. Zoom in, or open the directory "
                "for the full list."
            ),
            "listEmpty": _("No organisation in this view: zoom out or change the filters."),
            "cluster": _plural(
                lambda n: ngettext(
                    "%(count)s organisation here: zoom in",
                    "%(count)s organisations here: zoom in",
                    n,
                )
            ),
            "loading": _("Loading…"),
            "error": _(
                "The map's data could not be loaded. Try again later, or use the directory."
            ),
            "detailsError": _("The details could not be loaded."),
            "profile": _("View the profile"),
            "sector": _("Sector"),
            "form": _("Legal form"),
            "place": _("Place"),
            "showOnMap": _("Show on the map"),
            "sectorLabel": _("Sector:"),
            # A dot's accessible name: the organisation's name, then its sector's.
            "dotLabel": _("%(name)s, %(sector)s"),
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "closePopup": _("Close"),
            "embedTitle": _("Map of the Social Tech Atlas"),
            "copied": _("Copied."),
            "copyByHand": _("Selected: copy it with Ctrl+C (⌘+C on a Mac)."),
        },
    }
    return {
        "base_template": "directory/map_embed_base.html" if embed else "base.html",
        "embed": embed,
        "directory": directory,
        "directory_filter": directory_filter,
        "facets": facets,
        "sectors": sectors,
        "freshness_options": facets[-1].options,
        "follow_base": follow_base(),
        "follow_link": f"{follow_base()}{query}" if follow_base() else "",
        "directory_link": f"{directory_url}{query}" if directory_url else "",
        "full_map_link": f"{page_url}{query}",
        "share_link": f"{page.get_full_url(request)}{query if query != '?' else ''}",
        "view_query": query if query != "?" else "",
        "embed_link": f"{page.get_full_url(request)}{directory_filter.querystring(embed='1')}",
        "map_config": config,
    }
