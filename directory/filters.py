"""The directory's filters: parse GET parameters, filter organisations, count facets.

Every filter is a GET parameter so that every state is a shareable URL. Unknown values are
ignored rather than rejected: a stale link still shows a useful page. Facet counts are
"disjunctive": each facet is counted within the results of all the *other* filters, so a reader
sees what choosing another value would give. The number of queries is fixed whatever the
number of organisations or results.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models import Case, Prefetch, Q, Value, When
from django.http import QueryDict
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

from django_countries import countries

from core import structure
from core.i18n import localized_by_slug
from directory import freshness
from directory.choices import ROLE_SHORT_LABELS, LegalFormFamily, Role, SortOrder
from directory.geo import BBoxError, bbox_from_params, parse_bbox
from directory.listing import index_for
from directory.models import Language, Sector, Service
from directory.search import SearchQuery, matching

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


def _role_q(directory_filter, values):
    q = Q()
    for value in values:
        q |= Q(supports_transition=True) if value == Role.SUPPORT else Q(provides_tools=True)
    return q


def _freshness_q(directory_filter, values):
    q = Q()
    for name in values:
        q |= freshness.state_q(name)
    return q


def _verified_since(value):
    day = freshness.parse_date(value)
    return day.isoformat() if day else None


def _since_q(directory_filter, values):
    return Q(last_verified__gte=max(values))


def _bbox(value):
    try:
        return str(parse_bbox(value))
    except BBoxError:
        return None


def _bbox_q(directory_filter, values):
    return parse_bbox(values[0]).q()


def _role_values(row):
    return [Role.SUPPORT.value] * row["supports_transition"] + [Role.TOOLS.value] * row[
        "provides_tools"
    ]


@dataclass(frozen=True)
class FilterSpec:
    """One filter of the directory, the map and the API, declared once.

    `clean(directory_filter, value)` gives the normalised value or None (unknown values are
    dropped: a stale link still shows a useful page); `q(directory_filter, values)` narrows an
    organisation page queryset (the API, the map's search); `values(row)` gives a listing row's
    values of a facet, from which its bitmaps are built (`directory.listing`); a filter on a
    range rather than on values gives `listing_q(directory_filter, values)`, a condition on the
    `DirectoryListing` table, instead. `options(directory_filter, counts)` lists the choices a
    facet offers (a filter without it filters but is not shown as a facet). A facet whose values
    depend on the date names in `daily` the fields they read: its bitmaps are computed again
    from those alone on a new day."""

    name: str
    label: str
    clean: Callable
    q: Callable
    values: Callable | None = None
    listing_q: Callable | None = None
    options: Callable | None = None
    daily: tuple = ()  # the row's fields `values` reads when its values depend on the date


FILTERS = [
    FilterSpec(
        "sector",
        _("Sector"),
        clean=lambda f, v: v if v in f.sectors else None,
        q=lambda f, values: Q(sector__slug__in=values),
        values=lambda row: [row["sector"]] if row["sector"] else [],
        options=lambda f, counts: f._sector_options(counts),
    ),
    FilterSpec(
        "country",
        _("Country"),
        clean=lambda f, v: v.upper() if v.upper() in countries else None,
        q=lambda f, values: Q(country__in=values),
        values=lambda row: [row["country"]] if row["country"] else [],
        options=lambda f, counts: f._country_options(counts),
    ),
    FilterSpec(
        "form",
        _("Legal form"),
        clean=lambda f, v: v if v in LegalFormFamily.values else None,
        q=lambda f, values: Q(legal_form__in=values),
        values=lambda row: [row["legal_form"]] if row["legal_form"] else [],
        options=lambda f, counts: f._form_options(counts),
    ),
    FilterSpec(
        "role",
        _("Role"),
        clean=lambda f, v: v if v in Role.values else None,
        q=_role_q,
        values=_role_values,
        options=lambda f, counts: f._role_options(counts),
    ),
    FilterSpec(
        "service",
        _("Service"),
        clean=lambda f, v: v if v in f.services else None,
        q=lambda f, values: Q(
            pk__in=f.base_queryset.filter(services__slug__in=values).values("pk")
        ),
        values=lambda row: row["services"].split(),
        options=lambda f, counts: f._service_options(counts),
    ),
    FilterSpec(
        "language",
        _("Language of service"),
        clean=lambda f, v: v if v in f.language_codes else None,
        q=lambda f, values: Q(
            pk__in=f.base_queryset.filter(languages__code__in=values).values("pk")
        ),
        values=lambda row: row["languages"].split(),
        options=lambda f, counts: f._language_options(counts),
    ),
    # directory.freshness: the state is computed when the bitmaps are built, and computed
    # again each day (`daily`: directory.listing).
    FilterSpec(
        freshness.PARAM,
        _("Last verified"),
        clean=lambda f, v: v if v in freshness.STATES else None,
        q=_freshness_q,
        values=lambda row: [freshness.state(row["last_verified"])],
        options=lambda f, counts: f._freshness_options(counts),
        daily=("last_verified",),
    ),
    FilterSpec(
        freshness.SINCE_PARAM,
        _("Verified since"),
        clean=lambda f, v: _verified_since(v),
        q=_since_q,
        listing_q=_since_q,
    ),
    # directory.geo: the map's view; the listing carries the coordinates.
    FilterSpec(
        "bbox", _("In the map's view"), clean=lambda f, v: _bbox(v), q=_bbox_q, listing_q=_bbox_q
    ),
]
SPECS = {spec.name: spec for spec in FILTERS}
FACETS = tuple(spec.name for spec in FILTERS if spec.options)


class ListedRow(NamedTuple):
    """A result from the listing: the page's id and its row's stamp (`DirectoryListing`)."""

    pk: int
    stamp: int


class ListingResults:
    """The results of a filter on a directory's listing, as the Paginator wants them: a count
    and slices, each slice one query for its pages (`directory.listing`)."""

    def __init__(self, directory_filter):
        self.directory_filter = directory_filter

    def count(self):
        return self.directory_filter.bitmap().bit_count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        return self.directory_filter.page_of_results(start, max(0, stop - start))


class DirectoryFilter:
    """Applies the directory's GET parameters to a queryset of organisation pages.

    With `listing` (a directory page's id) the results and facet counts come from that
    directory's listing bitmaps (`directory.listing`), whose cost does not grow with the number
    of organisations; `filtered()` and `ordered()` stay querysets for the API and the map."""

    def __init__(self, params: QueryDict, queryset, listing=None):
        self.params = params
        self.base_queryset = queryset
        self.listing = listing
        self.query = SEARCH_UNSAFE_RE.sub(" ", params.get("q", ""))[:200].strip()
        # Words in the reader's language (the page's), stemmed for it (directory.search).
        self.search = SearchQuery(self.query, translation.get_language() or settings.LANGUAGE_CODE)
        default = SortOrder.RELEVANCE if self.search else SortOrder.NAME
        self.sort = params.get("sort") if params.get("sort") in SortOrder.values else default
        if self.sort == SortOrder.RELEVANCE and not self.search:
            self.sort = SortOrder.NAME
        self.selected = {
            spec.name: self._clean(spec.name, params.getlist(spec.name)) for spec in FILTERS
        }
        # Kept for what it says about the request (the API answers 400 to a malformed date).
        self.freshness = freshness.FreshnessFilter(params)
        # The map's view (directory.geo): ignored when malformed (the API answers 400).
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
        return structure.memo(
            ("language-codes",), lambda: set(Language.objects.values_list("code", flat=True))
        )

    def _clean(self, name, values):
        values = [v.strip() for v in values if v and v.strip()]
        if not values:
            return []
        clean = SPECS[name].clean
        cleaned = [clean(self, value) for value in values]
        return list(dict.fromkeys(value for value in cleaned if value is not None))

    @property
    def is_filtered(self):
        return bool(self.query) or any(self.selected.values())

    # --- Filtering ---
    def _facet_q(self, name, values):
        return SPECS[name].q(self, values)

    def filtered(self, exclude=None):
        queryset = self.base_queryset
        if self.query:
            # A query of punctuation only matches nothing rather than everything.
            queryset = matching(queryset, self.search) if self.search else queryset.none()
        for name, values in self.selected.items():
            if values and name != exclude:
                queryset = queryset.filter(self._facet_q(name, values))
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

    def _for_cards(self, queryset):
        Image = get_image_model()
        return (
            queryset.select_related("sector")
            .prefetch_related(
                Prefetch("logo", queryset=Image.objects.prefetch_renditions(LOGO_RENDITION))
            )
            .defer("description")
        )

    def results(self):
        if self.listing is not None:
            return ListingResults(self)
        return self.ordered(self._for_cards(self.filtered()))

    # --- The listing's bitmaps (directory.listing) ---
    @cached_property
    def index(self):
        return index_for(self.listing, FILTERS)

    def _search_bitmap(self, name_only=False):
        """The rows matching every word of the query: each word's bitmap is fetched from the
        full-text index once per version of the organisations, then shared (directory.listing),
        so that the words of later queries cost nothing (a search engine's filter cache)."""
        if not self.search:
            return 0  # a query of punctuation only matches nothing
        result = self.index.everything
        for word in self.search.words():
            # The matching entries of every language, kept to this directory's rows in Python:
            # joining the listing in SQL makes PostgreSQL scan the entries instead of using
            # the full-text index (measured: 680 ms against 300 ms for a word in half of them).
            result &= self.index.term_bitmap(
                (word.language, name_only, *word.terms[0]), word, name_only
            )
        return result

    @cached_property
    def _filter_bitmaps(self):
        """The bitmap of each active filter (and of the text search, under "q")."""
        bitmaps = {}
        if self.query:
            bitmaps["q"] = self._search_bitmap()
        for name, values in self.selected.items():
            if values:
                spec = SPECS[name]
                if spec.listing_q is not None:
                    bitmaps[name] = self.index.of_listing(spec.listing_q(self, values))
                else:
                    bitmaps[name] = self.index.of_values(name, values)
        return bitmaps

    def bitmap(self, exclude=None):
        """The rows matching every filter (but `exclude`), as a bitmap of the listing."""
        result = self.index.everything
        for name, bitmap in self._filter_bitmaps.items():
            if name != exclude:
                result &= bitmap
        return result

    def page_of_results(self, start, count):
        """The listing rows of ranks start…start+count-1 in the chosen order, as `ListedRow`s
        (their cards: `directory.cards`)."""
        if count <= 0:
            return []
        first = None
        if self.sort == SortOrder.RELEVANCE:
            first = self._search_bitmap(name_only=True)
        order = "updated" if self.sort == SortOrder.UPDATED else "name"
        rows = self.index.rows(self.bitmap(), start, count, order=order, first=first)
        return [ListedRow(pk, stamp) for pk, stamp in rows]

    def pages_for_cards(self, page_ids):
        """{id: organisation page} with what a card shows (one query, its logo's renditions
        prefetched)."""
        pages = self._for_cards(self.base_queryset.filter(pk__in=page_ids))
        return {page.pk: page for page in self.prepare_cards(pages)}

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
        """{value: organisations} of a facet, within the results of the other filters."""
        within = self.bitmap(exclude=name)
        counts = {
            value: (within & bitmap).bit_count()
            for value, bitmap in self.index.bitmaps.get(name, {}).items()
        }
        counts = {value: n for value, n in counts.items() if n}
        if name == "role":
            counts = {role.value: counts.get(role.value, 0) for role in Role}
        return counts

    def facets(self):
        """The facets with their counts (needs `listing`: counts come from its bitmaps)."""
        facets = []
        for spec in FILTERS:
            if spec.options is None:
                continue
            counts = self._counts(spec.name)
            options = spec.options(self, counts)
            for option in options:
                option.count = counts.get(option.value, 0)
                option.selected = option.value in self.selected[spec.name]
            facets.append(Facet(name=spec.name, label=spec.label, options=options))
        return facets

    def freshness_facet(self, counts=None):
        """The `freshness` facet alone (the map shows it without counts)."""
        options = self._freshness_options(counts or {})
        for option in options:
            option.count = (counts or {}).get(option.value, 0)
            option.selected = option.value in self.selected[freshness.PARAM]
        return Facet(name=freshness.PARAM, label=SPECS[freshness.PARAM].label, options=options)

    def _freshness_options(self, counts):
        labels = freshness.labels()
        return [FacetOption(value=name, label=labels[name]) for name in freshness.STATES]

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
        for since in self.selected[freshness.SINCE_PARAM][:1]:
            active.append(
                {
                    "label": _("Verified since %(date)s") % {"date": since},
                    "remove": self.querystring(**{freshness.SINCE_PARAM: None}),
                }
            )
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
