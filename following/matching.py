"""A follow's saved view, re-applied: which organisations (or stories) it matches, and what
changed among them in a window of time (added, updated, archived).

The directory's own filter (`DirectoryFilter`) reads the saved query string, so a follow means
exactly what the reader saw; `bbox=` (west,south,east,north) is applied here too, which does
no harm once the directory's filter knows it as well.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import QueryDict

from directory.filters import DirectoryFilter
from directory.models import DirectoryIndexPage, OrganisationPage

# What a follow keeps of a view's query string (never page=, sort=, embed=…).
KEPT_PARAMS = (
    "q",
    "sector",
    "country",
    "form",
    "role",
    "service",
    "language",
    "freshness",
    "verified_since",
    "bbox",
)
MAX_QUERY_LENGTH = 2000


def clean_query(params):
    """The follow-worthy part of a QueryDict, as a stable query string."""
    kept = QueryDict(mutable=True)
    for name in KEPT_PARAMS:
        values = [v.strip() for v in params.getlist(name) if v and v.strip()]
        if values:
            kept.setlist(name, sorted(set(values)))
    return kept.urlencode()[:MAX_QUERY_LENGTH]


def parse_bbox(value):
    """(west, south, east, north) floats, or None for anything malformed or out of range."""
    try:
        west, south, east, north = (float(part) for part in (value or "").split(","))
    except ValueError:
        return None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        return None
    return west, south, east, north


def bbox_q(value):
    box = parse_bbox(value)
    if box is None:
        return Q()
    west, south, east, north = box
    q = Q(latitude__gte=south, latitude__lte=north)
    if west <= east:
        return q & Q(longitude__gte=west, longitude__lte=east)
    return q & (Q(longitude__gte=west) | Q(longitude__lte=east))  # across the antimeridian


def split_bbox(query):
    """(the query without bbox=, the parsed box or None)."""
    params = QueryDict(query, mutable=True)
    box = parse_bbox(params.pop("bbox", [""])[-1])
    return params.urlencode(), box


def in_box(page, box):
    """True when there is no box, or the page's point is in it (as `bbox_q`)."""
    if box is None:
        return True
    if page.latitude is None or page.longitude is None:
        return False
    west, south, east, north = box
    if not south <= page.latitude <= north:
        return False
    if west <= east:
        return west <= page.longitude <= east
    return page.longitude >= west or page.longitude <= east


def directory_for(language):
    return DirectoryIndexPage.objects.live().public().filter(locale__language_code=language).first()


def all_organisations(directory):
    """Live, public organisations of a directory, archived ones included (to report them)."""
    if directory is None:
        return OrganisationPage.objects.none()
    return OrganisationPage.objects.child_of(directory).live().public()


class Vocabularies:
    """The directory filter's vocabularies, looked up once for many saved searches."""

    def __init__(self):
        probe = DirectoryFilter(QueryDict(), OrganisationPage.objects.none())
        self.values = {
            "sectors": probe.sectors,
            "services": probe.services,
            "language_codes": probe.language_codes,
        }

    def directory_filter(self, query, queryset):
        directory_filter = DirectoryFilter.__new__(DirectoryFilter)
        # Pre-filled cached properties: no vocabulary query per saved search.
        directory_filter.__dict__.update(self.values)
        directory_filter.__init__(QueryDict(query), queryset)
        return directory_filter


def matching_ids(query, queryset, vocabularies=None):
    """Ids among `queryset` that the saved query string matches."""
    vocabularies = vocabularies or Vocabularies()
    directory_filter = vocabularies.directory_filter(query, queryset)
    matched = directory_filter.filtered().filter(bbox_q(QueryDict(query).get("bbox")))
    return set(matched.order_by().values_list("pk", flat=True))


@dataclass
class Changes:
    added: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    archived: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.added or self.updated or self.archived)

    @property
    def count(self):
        return len(self.added) + len(self.updated) + len(self.archived)


def candidates(directory, since, until):
    """Organisations of a directory added, updated or archived in [since, until), as rows."""
    window = (
        Q(first_published_at__gte=since, first_published_at__lt=until)
        | Q(last_published_at__gte=since, last_published_at__lt=until)
        | Q(archived_at__gte=since, archived_at__lt=until)
    )
    return all_organisations(directory).filter(window)


def classify(pages, since, until):
    """Split pages changed in [since, until) into added, updated and archived."""
    changes = Changes()
    for page in pages:
        if page.archived_at and since <= page.archived_at < until:
            changes.archived.append(page)
        elif page.archived_at:
            continue  # archived before: nothing to report
        elif page.first_published_at and since <= page.first_published_at < until:
            changes.added.append(page)
        elif page.last_published_at and since <= page.last_published_at < until:
            changes.updated.append(page)
    for bucket in (changes.added, changes.updated, changes.archived):
        bucket.sort(key=lambda page: page.title.lower())
    return changes


def changes_for(query, language, since, until, vocabularies=None):
    """What changed in [since, until) among the organisations a saved query matches."""
    pages = list(candidates(directory_for(language), since, until).defer("description"))
    if not pages:
        return Changes()
    ids = matching_ids(
        query, OrganisationPage.objects.filter(pk__in=[p.pk for p in pages]), vocabularies
    )
    return classify([p for p in pages if p.pk in ids], since, until)


# --- Stories of a theme ---
def story_index_for(language):
    from stories.models import StoryIndexPage

    return StoryIndexPage.objects.live().public().filter(locale__language_code=language).first()


def story_changes(query, language, since, until):
    """Stories of the followed theme first published in [since, until) (new stories only: a
    reader following a theme wants to hear of new stories, not of corrections)."""
    index = story_index_for(language)
    if index is None:
        return Changes()
    theme = QueryDict(query).get("theme", "")
    stories = index.stories.filter(first_published_at__gte=since, first_published_at__lt=until)
    if theme:
        stories = stories.filter(themes__slug=theme).distinct()
    return Changes(added=list(stories.order_by("first_published_at")))


def describe(kind, query, language):
    """The followed view in words, in `language`: ["“coop”", "Sector: Hosting", …]."""
    from django.utils import translation

    with translation.override(language):
        if kind == "stories":
            from stories.models.index import themes_by_slug

            theme = themes_by_slug().get(QueryDict(query).get("theme", ""))
            return [theme.name] if theme else []
        params = QueryDict(query)
        directory_filter = DirectoryFilter(params, all_organisations(directory_for(language)))
        labels = [
            str(active["label"])
            for active in directory_filter.active_filters(directory_filter.facets())
        ]
        if parse_bbox(params.get("bbox")):
            labels.append(str(translation.gettext("Within the map area you were looking at")))
        return labels
