"""The directory's listing and its bitmaps: facet counts whose cost does not grow with the atlas.

Why (measured on PostgreSQL, 100,000 rows, 2 shared cores — README "Facets at scale"): counting
in SQL scans every matching row for every facet. Over a narrow, join-free table the five facet
counts still take 25–130 ms *each* (a GROUP BY per facet, or one aggregate with a FILTER per
value), so a directory page would cost hundreds of milliseconds at 100,000 organisations. Here
the facet counts are bit operations instead:

- `DirectoryListing` (the table) holds one join-free row per live, public organisation page,
  written on publish, unpublish, move, delete, a view restriction's or a vocabulary's change
  (`update_listing`, from `directory.signals`) and after bulk inserts (`directory.indexing`).
- `ListingIndex` (the bitmaps) is built from it once per directory and per version of the
  organisations (`directory.cache`): the rows in name order are positions 0…n-1, and each facet
  value (a sector, a country, a service…) is a Python integer with bit *p* set when the row at
  position *p* has that value. A filter is an OR of value bitmaps, the filtered set an AND of
  filters, a facet count `(filtered & value).bit_count()`: a few microseconds per value at
  100,000 rows (12.5 KB integers), whatever the filters. The index is kept in the shared cache
  (Redis or the file cache), so a process loads what another built, and in each process's
  memory for as long as the version holds.
- Text search (`q`) and range filters (`listing_q`: a bounding box, a verification date) become
  bitmaps from one query on the table; a page of results is the set bits at its ranks, fetched
  as pages by id.

What to add for a new filter: one `FilterSpec` in `directory.filters.FILTERS`; a column here
(with `update_listing` filling it) if it reads one the listing lacks.
"""

import hashlib
import pickle
import uuid
from array import array
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from directory import cache as organisation_cache
from directory.models import DirectoryListing, OrganisationPage

BATCH = 2000
CACHE_KEY = "directory:listing:{directory}:{version}:{day}"
CACHE_TIMEOUT = 24 * 60 * 60
LOCK_KEY = "directory:listing:building:{directory}"
LOCK_TIMEOUT = 120
MAX_TERMS = 500  # search words kept in each process, per directory (12.5 KB each at 100,000)
CHUNK = 4096  # bits walked at a time when looking for the set bits of a page of results
ROW_FIELDS = [
    "page_id",
    "title",
    "last_published_at",
    "sector",
    "country",
    "legal_form",
    "supports_transition",
    "provides_tools",
    "services",
    "languages",
    "latitude",
    "longitude",
    "online_only",
    "last_verified",
]


# --- The table ---
def _rows(page_ids):
    pages = list(
        OrganisationPage.objects.filter(pk__in=page_ids, archived_at__isnull=True)
        .live()
        .public()
        .values(
            "pk",
            "path",
            "title",
            "last_published_at",
            "sector__slug",
            "country",
            "legal_form",
            "supports_transition",
            "provides_tools",
            "latitude",
            "longitude",
            "online_only",
            "last_verified",
        )
    )
    if not pages:
        return []
    ids = [page["pk"] for page in pages]
    services, languages = defaultdict(list), defaultdict(list)
    for page_id, slug in OrganisationPage.services.through.objects.filter(
        organisationpage_id__in=ids
    ).values_list("organisationpage_id", "service__slug"):
        services[page_id].append(slug)
    for page_id, code in OrganisationPage.languages.through.objects.filter(
        organisationpage_id__in=ids
    ).values_list("organisationpage_id", "language__code"):
        languages[page_id].append(code)
    steplen = Page.steplen
    parents = dict(
        Page.objects.filter(path__in={page["path"][:-steplen] for page in pages}).values_list(
            "path", "pk"
        )
    )
    return [
        DirectoryListing(
            page_id=page["pk"],
            directory_id=parents.get(page["path"][:-steplen], 0),
            title=page["title"],
            last_published_at=page["last_published_at"],
            sector=page["sector__slug"] or "",
            country=str(page["country"] or ""),
            legal_form=page["legal_form"] or "",
            supports_transition=page["supports_transition"],
            provides_tools=page["provides_tools"],
            services=" ".join(sorted(set(services[page["pk"]]))),
            languages=" ".join(sorted(set(languages[page["pk"]]))),
            latitude=page["latitude"],
            longitude=page["longitude"],
            online_only=page["online_only"],
            last_verified=page["last_verified"],
        )
        for page in pages
    ]


def update_listing(page_ids):
    """Write the listing rows of these organisation pages: a row for each live, public one, none
    for the others (unpublished, private, deleted)."""
    page_ids = list(page_ids)
    for start in range(0, len(page_ids), BATCH):
        batch = page_ids[start : start + BATCH]
        rows = _rows(batch)
        DirectoryListing.objects.filter(page_id__in=batch).delete()
        DirectoryListing.objects.bulk_create(rows)
    invalidate()


def rebuild_listing():
    """Every row again, from the pages (after a bulk change made without signals)."""
    DirectoryListing.objects.all().delete()
    update_listing(OrganisationPage.objects.order_by("pk").values_list("pk", flat=True))
    organisation_cache.invalidate_bulk()
    return DirectoryListing.objects.count()


def invalidate():
    """The bitmaps are out of date; again once the transaction commits, so that no request
    rebuilds them meanwhile from rows it cannot see yet."""
    organisation_cache.invalidate()
    transaction.on_commit(organisation_cache.invalidate)


# --- Bitmaps ---
def bitmap_of_positions(positions, size):
    """An integer with the bit of each position set (built in a bytearray: OR-ing into a big
    integer one bit at a time would copy it each time)."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def set_bits(bitmap, start, count):
    """The positions of the set bits of ranks start…start+count-1, lowest first."""
    found, seen, offset, mask = [], 0, 0, (1 << CHUNK) - 1
    while count > len(found):
        rest = bitmap >> offset
        if not rest:
            break
        chunk = rest & mask
        bits = chunk.bit_count()
        if seen + bits <= start:
            seen += bits
        else:
            while chunk and len(found) < count:
                lowest = chunk & -chunk
                if seen >= start:
                    found.append(offset + lowest.bit_length() - 1)
                seen += 1
                chunk ^= lowest
        offset += CHUNK
    return found


@dataclass
class ListingIndex:
    """The bitmaps of one directory (see the module's docstring)."""

    directory_id: int
    ids: array  # page id at each position (name order)
    bitmaps: dict  # {filter name: {value: bitmap}}
    by_updated: array  # positions, most recently published first
    _positions: dict = field(default=None, repr=False)
    key: str = ""  # its key in the shared cache (version and day included)
    _terms: dict = field(default_factory=dict, repr=False)

    @property
    def size(self):
        return len(self.ids)

    @property
    def everything(self):
        return (1 << self.size) - 1

    @property
    def positions(self):
        if self._positions is None:
            self._positions = {page_id: position for position, page_id in enumerate(self.ids)}
        return self._positions

    def of_ids(self, page_ids):
        positions = self.positions
        return bitmap_of_positions((positions[pk] for pk in page_ids if pk in positions), self.size)

    def of_listing(self, q):
        """The rows of this directory matching a condition on the listing table."""
        ids = DirectoryListing.objects.filter(q, directory_id=self.directory_id).values_list(
            "page_id", flat=True
        )
        return self.of_ids(ids)

    def term_bitmap(self, term, matching_ids):
        """The bitmap of the rows whose page id `matching_ids()` gives, for a search word:
        computed once per version (kept in the shared cache and in this process)."""
        found = self._terms.get(term)
        if found is not None:
            return found
        key = f"{self.key}:term:{hashlib.sha256(repr(term).encode()).hexdigest()[:24]}"
        data = cache.get(key) if self.key else None
        if data is not None:
            found = int.from_bytes(data, "little")
        else:
            found = self.of_ids(matching_ids())
            if self.key:
                cache.set(key, found.to_bytes((self.size + 7) // 8, "little"), CACHE_TIMEOUT)
        if len(self._terms) >= MAX_TERMS:
            self._terms.pop(next(iter(self._terms)))
        self._terms[term] = found
        return found

    def of_values(self, name, values):
        bitmaps = self.bitmaps.get(name, {})
        result = 0
        for value in values:
            result |= bitmaps.get(value, 0)
        return result

    def page_ids(self, bitmap, start, count, order="name", first=None):
        """The page ids of a page of results: by name, by last update, or by name with the rows
        of `first` (the name matches of a search) before the others."""
        if order == "updated":
            data = bitmap.to_bytes((self.size + 7) // 8, "little")
            positions, seen = [], 0
            for position in self.by_updated:
                if data[position >> 3] >> (position & 7) & 1:
                    if seen >= start:
                        positions.append(position)
                        if len(positions) == count:
                            break
                    seen += 1
        elif first is not None:
            leading, trailing = bitmap & first, bitmap & ~first
            ahead = leading.bit_count()
            positions = set_bits(leading, start, count) if start < ahead else []
            if len(positions) < count:
                positions += set_bits(trailing, max(0, start - ahead), count - len(positions))
        else:
            positions = set_bits(bitmap, start, count)
        return [self.ids[position] for position in positions]

    # --- Building, caching ---
    @classmethod
    def build(cls, directory_id, specs):
        rows = (
            DirectoryListing.objects.filter(directory_id=directory_id)
            .order_by("title", "page_id")
            .values_list(*ROW_FIELDS)
        )
        ids = array("q")
        positions_by_value = {spec.name: defaultdict(list) for spec in specs if spec.values}
        published = []
        for position, values in enumerate(rows):
            row = dict(zip(ROW_FIELDS, values, strict=True))
            ids.append(row["page_id"])
            published.append((row["last_published_at"], row["page_id"], position))
            for spec in specs:
                if spec.values:
                    for value in spec.values(row):
                        positions_by_value[spec.name][value].append(position)
        size = len(ids)
        bitmaps = {
            name: {value: bitmap_of_positions(found, size) for value, found in by_value.items()}
            for name, by_value in positions_by_value.items()
        }
        # Most recent first, then by page id (the SQL order "-last_published_at, pk").
        published.sort(key=lambda item: item[1])
        published.sort(key=lambda item: (item[0] is not None, item[0]), reverse=True)
        by_updated = array("l", (position for _, _, position in published))
        return cls(directory_id, ids, bitmaps, by_updated)

    def dumps(self):
        return pickle.dumps(
            (self.directory_id, self.ids.tobytes(), self.bitmaps, self.by_updated.tobytes()),
            protocol=pickle.HIGHEST_PROTOCOL,
        )

    @classmethod
    def loads(cls, data):
        directory_id, ids, bitmaps, by_updated = pickle.loads(data)  # noqa: S301 (our cache)
        return cls(directory_id, array("q", ids), bitmaps, array("l", by_updated))


_memo = {}


def index_for(directory_id, specs):
    """The directory's bitmaps for the current version of the organisations: from this
    process's memory, else the shared cache, else built (by one process at a time: the others
    meanwhile build their own rather than wait, as a stale count is never served)."""
    version = organisation_cache.version()
    day = timezone.localdate().isoformat()  # some facets (freshness) depend on the date
    key = CACHE_KEY.format(directory=directory_id, version=version, day=day)
    memoised = _memo.get(directory_id)
    if memoised is not None and memoised[0] == key:
        return memoised[1]
    data = cache.get(key)
    if data is not None:
        index = ListingIndex.loads(data)
    else:
        index = ListingIndex.build(directory_id, specs)
        lock = LOCK_KEY.format(directory=directory_id)
        token = uuid.uuid4().hex
        if cache.add(lock, token, LOCK_TIMEOUT):
            try:
                cache.set(key, index.dumps(), CACHE_TIMEOUT)
            finally:
                cache.delete(lock)
    index.key = key
    _memo[directory_id] = (key, index)
    return index


def clear_memo():
    _memo.clear()
