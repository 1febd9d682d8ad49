"""The directory's filters: parse GET parameters, filter organisations, count facets.

Every filter is a GET parameter so that every state is a shareable URL. Unknown values are
ignored rather than rejected: a stale link still shows a useful page. Facet counts are
"disjunctive": each facet is counted within the results of all the *other* filters, so a reader
sees what choosing another value would give. The number of queries is fixed whatever the
number of organisations or results.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.http import QueryDict
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

from django_countries import countries

from core.i18n import localized_by_slug
from directory.choices import ROLE_SHORT_LABELS, LegalFormFamily, Role, SortOrder
from directory.geo import bbox_from_params
from directory.models import Language, Sector, Service
from directory.search import SearchQuery, matching

FACETS = ("sector", "country", "form", "role", "service", "language")
# Control characters (a NUL ends the string for SQLite and is refused by PostgreSQL) and double
# quotes (the SQLite FTS5 backend wraps each term in unescaped quotes) make the search backends
# fail with a 500: they are meaningless in a search, so they become spaces.
SEARCH_UNSAFE_RE = re.compile(r'["\x00-\x1f\x7f]')
LOGO_RENDITION = "max-160x96"


@dataclass
class FacetOption:
    value: str
    label: str
    count: int = 0
    selected: bool = False
    colour: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


class DirectoryFilter:
    """Applies the directory's GET parameters to a queryset of organisation pages."""

    def __init__(self, params: QueryDict, queryset):
        self.params = params
        self.base_queryset = queryset
        self.query = SEARCH_UNSAFE_RE.sub(" ", params.get("q", ""))[:200].strip()
        # Words in the reader's language (the page's), stemmed for it (directory.search).
        self.search = SearchQuery(self.query, translation.get_language() or settings.LANGUAGE_CODE)
        default = SortOrder.RELEVANCE if self.search else SortOrder.NAME
        self.sort = params.get("sort") if params.get("sort") in SortOrder.values else default
        if self.sort == SortOrder.RELEVANCE and not self.search:
            self.sort = SortOrder.NAME
        self.selected = {name: self._clean(name, params.getlist(name)) for name in FACETS}
        # The map's view (directory.geo): one more filter, ignored when malformed.
        self.bbox = bbox_from_params(params)

    # --- Vocabularies ---
    @cached_property
    def sectors(self):
        return localized_by_slug(Sector)

    @cached_property
    def services(self):
        return localized_by_slug(Service)

    @cached_property
    def language_codes(self):
        return set(Language.objects.values_list("code", flat=True))

    def _clean(self, name, values):
        values = [v.strip() for v in values if v and v.strip()]
        if not values:
            return []
        valid = {
            "sector": lambda v: v in self.sectors,
            "country": lambda v: v.upper() in countries,
            "form": lambda v: v in LegalFormFamily.values,
            "role": lambda v: v in Role.values,
            "service": lambda v: v in self.services,
            "language": lambda v: v in self.language_codes,
        }[name]
        cleaned = [v.upper() if name == "country" else v for v in values if valid(v)]
        return list(dict.fromkeys(cleaned))

    @property
    def is_filtered(self):
        return bool(self.query) or any(self.selected.values()) or self.bbox is not None

    # --- Filtering ---
    def _facet_q(self, name, values):
        if name == "sector":
            return Q(sector__slug__in=values)
        if name == "country":
            return Q(country__in=values)
        if name == "form":
            return Q(legal_form__in=values)
        if name == "role":
            q = Q()
            for value in values:
                q |= (
                    Q(supports_transition=True) if value == Role.SUPPORT else Q(provides_tools=True)
                )
            return q
        if name == "service":
            return Q(pk__in=self.base_queryset.filter(services__slug__in=values).values("pk"))
        if name == "language":
            return Q(pk__in=self.base_queryset.filter(languages__code__in=values).values("pk"))
        raise ValueError(name)

    def filtered(self, exclude=None):
        queryset = self.base_queryset
        if self.query:
            # A query of punctuation only matches nothing rather than everything.
            queryset = matching(queryset, self.search) if self.search else queryset.none()
        for name, values in self.selected.items():
            if values and name != exclude:
                queryset = queryset.filter(self._facet_q(name, values))
        if self.bbox is not None:
            queryset = queryset.filter(self.bbox.q())
        return queryset

    def ordered(self, queryset):
        """Best matches first (the name matching every word, then A–Z), by name or by date."""
        if self.sort == SortOrder.RELEVANCE:
            name_first = Case(
                When(pk__in=self.search.ids(name_only=True), then=Value(0)), default=Value(1)
            )
            return queryset.annotate(name_first=name_first).order_by("name_first", "title", "pk")
        if self.sort == SortOrder.UPDATED:
            return queryset.order_by("-last_published_at", "pk")
        return queryset.order_by("title", "pk")

    def results(self):
        Image = get_image_model()
        return self.ordered(
            self.filtered()
            .select_related("sector")
            .prefetch_related(
                Prefetch("logo", queryset=Image.objects.prefetch_renditions(LOGO_RENDITION))
            )
            .defer("description")
        )

    def prepare_cards(self, organisations):
        """Attach the reader's-language sector to each card without a query per card."""
        organisations = list(organisations)
        for organisation in organisations:
            organisation.sector_label = self.sectors.get(
                organisation.sector.slug, organisation.sector
            )
        return organisations

    # --- Facets ---
    def _counts(self, name):
        queryset = self.filtered(exclude=name).order_by()
        if name == "role":
            totals = queryset.aggregate(
                support=Count("pk", filter=Q(supports_transition=True)),
                tools=Count("pk", filter=Q(provides_tools=True)),
            )
            return {Role.SUPPORT.value: totals["support"], Role.TOOLS.value: totals["tools"]}
        column = {
            "sector": "sector__slug",
            "country": "country",
            "form": "legal_form",
            "service": "services__slug",
            "language": "languages__code",
        }[name]
        rows = queryset.values(column).annotate(n=Count("pk", distinct=True))
        return {row[column]: row["n"] for row in rows if row[column]}

    def facets(self):
        facets = []
        specs = [
            ("sector", _("Sector"), self._sector_options),
            ("country", _("Country"), self._country_options),
            ("form", _("Legal form"), self._form_options),
            ("role", _("Role"), self._role_options),
            ("service", _("Service"), self._service_options),
            ("language", _("Language of service"), self._language_options),
        ]
        for name, label, build in specs:
            counts = self._counts(name)
            options = build(counts)
            for option in options:
                option.count = counts.get(option.value, 0)
                option.selected = option.value in self.selected[name]
            facets.append(Facet(name=name, label=label, options=options))
        return facets

    def _sector_options(self, counts):
        return [
            FacetOption(value=slug, label=sector.name, colour=sector.colour)
            for slug, sector in sorted(self.sectors.items(), key=lambda item: item[1].name)
        ]

    def _country_options(self, counts):
        # Only countries that have organisations somewhere in the results, plus selected ones.
        codes = set(counts) | set(self.selected["country"])
        return sorted(
            (FacetOption(value=code, label=str(countries.name(code))) for code in codes),
            key=lambda option: option.label,
        )

    def _form_options(self, counts):
        return [FacetOption(value=value, label=label) for value, label in LegalFormFamily.choices]

    def _role_options(self, counts):
        return [FacetOption(value=role.value, label=ROLE_SHORT_LABELS[role]) for role in Role]

    def _service_options(self, counts):
        return [
            FacetOption(value=slug, label=service.name)
            for slug, service in sorted(self.services.items(), key=lambda item: item[1].name)
        ]

    def _language_options(self, counts):
        return sorted(
            (
                FacetOption(value=code, label=Language(code=code).name)
                for code in self.language_codes
            ),
            key=lambda option: option.label,
        )

    # --- URLs ---
    def querystring(self, **changes):
        """The current state as a query string, with some parameters changed or removed."""
        params = self.params.copy()
        params.pop("page", None)
        for key, value in changes.items():
            params.pop(key, None)
            if value not in (None, "", []):
                params.setlist(key, value if isinstance(value, list) else [value])
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    def active_filters(self, facets):
        """Each active filter with a link that removes it, for the 'current filters' bar."""
        active = []
        if self.query:
            active.append({"label": f"“{self.query}”", "remove": self.querystring(q=None)})
        for facet in facets:
            for option in facet.selected:
                remaining = [v for v in self.selected[facet.name] if v != option.value]
                active.append(
                    {
                        "label": f"{facet.label}: {option.label}",
                        "remove": self.querystring(**{facet.name: remaining}),
                    }
                )
        if self.bbox is not None:
            active.append({"label": _("In the map's view"), "remove": self.querystring(bbox=None)})
        return active
