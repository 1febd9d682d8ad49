"""The directory's listing and its bitmaps: facet counts whose cost does not grow with the atlas.

Why (measured on PostgreSQL, 100,000 rows, 2 shared cores — README "Facets at scale"): counting
in SQL scans every matching row for every facet. Over a narrow, join-free table the five facet
counts still take 25–130 ms *each* (a GROUP BY per facet, or one aggregate with a FILTER per
value), so a directory page would cost hundreds of milliseconds at 100,000 organisations. Here
the facet counts are bit operations instead:

- `DirectoryListing` (the table) holds one join-free row per live, public organisation page,
  written on publish, unpublish, move, delete, a view restriction's or a vocabulary's change
  (`update_listing`, from `directory.signals`) and after bulk inserts (`directory.indexing`).
- `ListingIndex` (the bitmaps) is built from it once per directory: the rows in name order are
  positions 0…n-1, and each facet value (a sector, a country, a service…) is a Python integer
  with bit *p* set when the row at position *p* has that value. A filter is an OR of value
  bitmaps, the filtered set an AND of filters, a facet count `(filtered & value).bit_count()`: a
  few microseconds per value at 100,000 rows (12.5 KB integers), whatever the filters.
- When the organisations' version (`directory.cache`) moves, the index is *patched*: every write
  of a row gives it a new random `stamp`, so one query over the ids, stamps and name order finds
  the rows changed or gone; their bits are taken out of every bitmap and put back at the rows'
  new positions (`ListingIndex.patched`). A build only for more than PATCH_LIMIT changed rows.
  The index is kept in the shared cache (Redis or the file cache), so a process loads what
  another built or patched, and in each process's memory for as long as the version holds.
- Text search (`q`) and range filters (`listing_q`: a bounding box, a verification date) become
  bitmaps from one query on the table; a page of results is the set bits at its ranks, as
  (page id, stamp) pairs from which `directory.cards` gives cached cards.

What to add for a new filter: one `FilterSpec` in `directory.filters.FILTERS`; a column here
(with `update_listing` filling it) if it reads one the listing lacks.
"""

import hashlib
import pickle
import secrets
import uuid
from array import array
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connections, transaction
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from directory import cache as organisation_cache
from directory.models import DirectoryListing, OrganisationPage

BATCH = 2000
CACHE_TIMEOUT = 24 * 60 * 60
SNAPSHOT_KEY = "directory:listing:{directory}"  # a directory's latest bitmaps, shared
PATCH_LIMIT = 200  # rows changed since a process's bitmaps: patched up to this, else rebuilt
LOCK_KEY = "directory:listing:building:{directory}"
LOCK_TIMEOUT = 120
MAX_TERMS = 500  # search words kept in each process, per directory (12.5 KB each at 100,000)
CARRIED_TERMS = 20  # the most recently used of them, patched with the index rather than dropped
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
def _aggregate(connection):
    """A page's sorted, distinct slugs or codes as one space-separated string, in SQL."""
    if connection.vendor == "postgresql":
        return "string_agg(x.v, ' ' ORDER BY x.v COLLATE \"C\")"
    return "group_concat(x.v, ' ')"  # over a sorted sub-select: SQLite keeps its order


def _insert_sql(connection, where=""):
    """One INSERT … SELECT writing the rows of the live, public, unarchived organisation pages
    (all, or those `where` keeps): the seed and imports insert 100,000 pages at a time, and
    building each row in Python cost minutes of round trips (README "Seed and listing")."""
    q = connection.ops.quote_name
    listing = DirectoryListing._meta.db_table
    pages = Page._meta.db_table
    organisations = OrganisationPage._meta.db_table
    restrictions = PageViewRestriction._meta.db_table
    relations = {}
    for name, value in (("services", "slug"), ("languages", "code")):
        through = OrganisationPage._meta.get_field(name).remote_field.through
        target = OrganisationPage._meta.get_field(name).related_model
        source_column = through._meta.get_field("organisationpage").column
        target_column = through._meta.get_field(target._meta.model_name).column
        relations[name] = (
            f"COALESCE((SELECT {_aggregate(connection)} FROM (SELECT DISTINCT t.{q(value)} AS v "
            f"FROM {q(through._meta.db_table)} r JOIN {q(target._meta.db_table)} t "
            f"ON t.{q(target._meta.pk.column)} = r.{q(target_column)} "
            f"WHERE r.{q(source_column)} = o.page_ptr_id ORDER BY 1) x), '')"
        )
    sector = OrganisationPage._meta.get_field("sector").related_model._meta.db_table
    steplen = Page.steplen
    return f"""
        INSERT INTO {q(listing)} (page_id, directory_id, title, last_published_at, sector,
            country, legal_form, supports_transition, provides_tools, services, languages,
            latitude, longitude, online_only, last_verified, stamp)
        SELECT o.page_ptr_id, COALESCE(parent.id, 0), p.title, p.last_published_at,
            COALESCE(s.slug, ''), o.country, o.legal_form, o.supports_transition,
            o.provides_tools, {relations["services"]}, {relations["languages"]},
            o.latitude, o.longitude, o.online_only, o.last_verified, %s
        FROM {q(organisations)} o
        JOIN {q(pages)} p ON p.id = o.page_ptr_id
        LEFT JOIN {q(sector)} s ON s.id = o.sector_id
        LEFT JOIN {q(pages)} parent
            ON parent.path = SUBSTR(p.path, 1, LENGTH(p.path) - {steplen})
        WHERE p.live AND o.archived_at IS NULL
            AND NOT EXISTS (
                SELECT 1 FROM {q(restrictions)} vr JOIN {q(pages)} rp ON rp.id = vr.page_id
                WHERE p.path LIKE rp.path || '%%'
            ) {where}
    """


def write_rows(page_ids=None):
    """Write the listing rows of these organisation pages (all when None): a row for each
    live, public one, none for the others (unpublished, private, archived, deleted)."""
    connection = connections[DirectoryListing.objects.db]
    stamp = secrets.randbits(62)
    with transaction.atomic(), connection.cursor() as cursor:
        if page_ids is None:
            DirectoryListing.objects.all().delete()
            cursor.execute(_insert_sql(connection), [stamp])
            return
        for start in range(0, len(page_ids), BATCH):
            batch = page_ids[start : start + BATCH]
            DirectoryListing.objects.filter(page_id__in=batch).delete()
            placeholders = ", ".join(["%s"] * len(batch))
            where = f"AND o.page_ptr_id IN ({placeholders})"
            cursor.execute(_insert_sql(connection, where), [stamp, *batch])


def update_listing(page_ids):
    """Write the listing rows of these organisation pages; the bitmaps are then out of date
    (`index_for` patches them), again once the transaction commits, so that a process that
    patched them meanwhile from rows it could not see yet patches them again."""
    page_ids = sorted(set(page_ids))
    if not page_ids:
        return
    write_rows(page_ids)
    organisation_cache.invalidate()
    transaction.on_commit(organisation_cache.invalidate)


def rebuild_listing():
    """Every row again, from the pages (after a bulk change made without signals)."""
    write_rows()
    organisation_cache.invalidate_bulk()
    return DirectoryListing.objects.count()


# --- Bitmaps ---
def bitmap_of_positions(positions, size):
    """An integer with the bit of each position set (built in a bytearray: OR-ing into a big
    integer one bit at a time would copy it each time)."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def insert_bit(bitmap, position, bit):
    """The bitmap with a bit inserted at `position` (the bits above move up one)."""
    low = bitmap & ((1 << position) - 1)
    return low | (bitmap >> position << (position + 1)) | (int(bit) << position)


def remove_bit(bitmap, position):
    """The bitmap without its bit at `position` (the bits above move down one)."""
    return bitmap & ((1 << position) - 1) | (bitmap >> (position + 1) << position)


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
    stamps: array = field(default_factory=lambda: array("q"))  # each row's `stamp`, by position
    state: tuple = ()  # (organisations version, day, bulk version) it reflects
    _positions: dict = field(default=None, repr=False)
    _terms: dict = field(default_factory=dict, repr=False)

    @property
    def key(self):
        """Its search words' key prefix in the shared cache."""
        return "directory:listing:{}:{}".format(self.directory_id, ":".join(self.state))

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

    def _term_key(self, term):
        return f"{self.key}:term:{hashlib.sha256(repr(term).encode()).hexdigest()[:24]}"

    def term_bitmap(self, term, word, name_only):
        """The bitmap of the rows matching a search word (`word.matching_ids(name_only)`):
        fetched once, then kept in this process and in the shared cache, and carried through
        patches (`patched`)."""
        found = self._terms.pop(term, None)
        if found is None:
            data = cache.get(self._term_key(term))
            if data is not None:
                found = (int.from_bytes(data, "little"), word, name_only)
            else:
                found = (self.of_ids(word.matching_ids(name_only=name_only)), word, name_only)
                self._share_term(term, found[0])
        if len(self._terms) >= MAX_TERMS:
            self._terms.pop(next(iter(self._terms)))
        self._terms[term] = found  # the most recently used last
        return found[0]

    def _share_term(self, term, bitmap):
        data = bitmap.to_bytes((self.size + 7) // 8, "little")
        cache.set(self._term_key(term), data, CACHE_TIMEOUT)

    def _patched_terms(self, index, removed, added):
        """The most recently used search words' bitmaps, patched like the facets' (one query
        per word for the rows added), so that a publish does not send the next search for a
        common word back to the full-text index for all its rows (seconds at 100,000)."""
        added_ids = [index.ids[position] for position in added]
        for term, (bitmap, word, name_only) in list(self._terms.items())[-CARRIED_TERMS:]:
            matching = set(word.matching_ids(name_only=name_only, among=added_ids))
            for position in reversed(removed):
                bitmap = remove_bit(bitmap, position)
            for position in added:
                bitmap = insert_bit(bitmap, position, index.ids[position] in matching)
            index._terms[term] = (bitmap, word, name_only)
            index._share_term(term, bitmap)
        return index

    def of_values(self, name, values):
        bitmaps = self.bitmaps.get(name, {})
        result = 0
        for value in values:
            result |= bitmaps.get(value, 0)
        return result

    def rows(self, bitmap, start, count, order="name", first=None):
        """(page id, stamp) of each row of a page of results (see `positions_of`)."""
        return [
            (self.ids[position], self.stamps[position])
            for position in self.positions_of(bitmap, start, count, order, first)
        ]

    def positions_of(self, bitmap, start, count, order="name", first=None):
        """The positions of a page of results: by name, by last update, or by name with the
        rows of `first` (the name matches of a search) before the others."""
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
        return positions

    # --- Building, patching, caching ---
    @classmethod
    def build(cls, directory_id, specs, state=()):
        """From the whole listing of the directory (seconds at 100,000 rows)."""
        rows = (
            DirectoryListing.objects.filter(directory_id=directory_id)
            .order_by("title", "page_id")
            .values_list(*ROW_FIELDS, "stamp")
        )
        ids, stamps = array("q"), array("q")
        positions_by_value = {spec.name: defaultdict(list) for spec in specs if spec.values}
        published = []
        for position, values in enumerate(rows):
            row = dict(zip(ROW_FIELDS, values, strict=False))
            ids.append(row["page_id"])
            stamps.append(values[-1])
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
        return cls(directory_id, ids, bitmaps, by_updated, stamps, state)

    def _orders(self):
        """(page ids in name order, their stamps, positions most recently published first),
        as a build gives them, in one query over the listing's ids and stamps alone."""
        connection = connections[DirectoryListing.objects.db]
        table = connection.ops.quote_name(DirectoryListing._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT page_id, stamp, ROW_NUMBER() OVER (ORDER BY title, page_id) - 1 "
                f"FROM {table} WHERE directory_id = %s "
                "ORDER BY last_published_at DESC NULLS LAST, page_id",
                [self.directory_id],
            )
            rows = cursor.fetchall()
        ids, stamps = array("q", bytes(8 * len(rows))), array("q", bytes(8 * len(rows)))
        for page_id, stamp, position in rows:
            ids[position] = page_id
            stamps[position] = stamp
        return ids, stamps, array("l", (row[2] for row in rows))

    def patched(self, specs, state):
        """This index brought up to date with the listing: the rows written since it was built
        (their stamps differ) or gone are taken out and put back where they now are, by one
        query over the ids and stamps, one for the changed rows and a few bit shifts per facet
        value. None when more than PATCH_LIMIT rows changed (an import): then build."""
        ids, stamps, by_updated = self._orders()
        before = dict(zip(self.ids, self.stamps, strict=True))
        changed = {pk for pk, stamp in zip(ids, stamps, strict=True) if before.get(pk) != stamp}
        changed.update(before.keys() - set(ids))
        if len(changed) > PATCH_LIMIT:
            return None
        if not changed:
            bitmaps = self._daily(specs, state, ids, self.bitmaps)
            if bitmaps is None:
                return None
            index = ListingIndex(self.directory_id, ids, bitmaps, by_updated, stamps, state)
            return self._patched_terms(index, [], [])
        # The rows not changed keep their order (their names did not change).
        if array("q", (pk for pk in self.ids if pk not in changed)) != array(
            "q", (pk for pk in ids if pk not in changed)
        ):
            return None
        removed = [position for position, pk in enumerate(self.ids) if pk in changed]
        added = [position for position, pk in enumerate(ids) if pk in changed]
        rows = {
            values[0]: dict(zip(ROW_FIELDS, values, strict=True))
            for values in DirectoryListing.objects.filter(
                directory_id=self.directory_id, page_id__in=[ids[p] for p in added]
            ).values_list(*ROW_FIELDS)
        }
        if len(rows) != len(added):
            return None  # written again meanwhile
        bitmaps = {}
        for spec in specs:
            if not spec.values:
                continue
            row_values = [set(spec.values(rows[ids[position]])) for position in added]
            by_value = {}
            for value in set(self.bitmaps.get(spec.name, {})).union(*row_values):
                bitmap = self.bitmaps.get(spec.name, {}).get(value, 0)
                for position in reversed(removed):
                    bitmap = remove_bit(bitmap, position)
                for position, values in zip(added, row_values, strict=True):
                    bitmap = insert_bit(bitmap, position, value in values)
                if bitmap:
                    by_value[value] = bitmap
            bitmaps[spec.name] = by_value
        bitmaps = self._daily(specs, state, ids, bitmaps)
        if bitmaps is None:
            return None
        index = ListingIndex(self.directory_id, ids, bitmaps, by_updated, stamps, state)
        return self._patched_terms(index, removed, added)

    def _daily(self, specs, state, ids, bitmaps):
        """On a new day, the bitmaps of the facets that depend on the date (`FilterSpec.daily`)
        computed again from the fields they read (one query), the others kept; None if the
        rows moved meanwhile."""
        daily = [spec for spec in specs if spec.values and spec.daily]
        if self.state[1:2] == state[1:2] or not daily:
            return bitmaps
        fields = sorted({name for spec in daily for name in spec.daily})
        rows = (
            DirectoryListing.objects.filter(directory_id=self.directory_id)
            .order_by("title", "page_id")
            .values_list("page_id", *fields)
        )
        positions = {spec.name: defaultdict(list) for spec in daily}
        count = 0
        for position, values in enumerate(rows):
            if position >= len(ids) or values[0] != ids[position]:
                return None
            row = dict(zip(fields, values[1:], strict=True))
            for spec in daily:
                for value in spec.values(row):
                    positions[spec.name][value].append(position)
            count += 1
        if count != len(ids):
            return None
        size = len(ids)
        return {
            **bitmaps,
            **{
                name: {value: bitmap_of_positions(found, size) for value, found in by_value.items()}
                for name, by_value in positions.items()
            },
        }

    def dumps(self):
        return pickle.dumps(
            (
                self.directory_id,
                self.ids.tobytes(),
                self.bitmaps,
                self.by_updated.tobytes(),
                self.stamps.tobytes(),
                self.state,
            ),
            protocol=pickle.HIGHEST_PROTOCOL,
        )

    @classmethod
    def loads(cls, data):
        directory_id, ids, bitmaps, by_updated, stamps, state = pickle.loads(data)  # noqa: S301
        return cls(
            directory_id,
            array("q", ids),
            bitmaps,
            array("l", by_updated),
            array("q", stamps),
            state,
        )


_memo = {}


def _state():
    """What the bitmaps must reflect: the organisations' version (bumped by every change of
    the listing), the day (the freshness facet depends on it) and the bulk version (imports:
    what the cards show, `directory.cards`), in one round trip to the cache."""
    keys = [organisation_cache.VERSION_KEY, organisation_cache.BULK_VERSION_KEY]
    found = cache.get_many(keys)
    version = found.get(keys[0]) or organisation_cache.version()
    return (version, timezone.localdate().isoformat(), found.get(keys[1]) or "")


def index_for(directory_id, specs):
    """The directory's bitmaps for the current version of the organisations: from this
    process's memory, else the shared cache; out of date, they are patched with the rows
    changed since (a publish costs a patch, not a build; a new day, its date-dependent facets
    computed again), else built (the first time, an import of more than PATCH_LIMIT rows). The
    process that patched or built them shares them (one at a time: the others meanwhile keep
    their own rather than wait)."""
    state = _state()
    memo = _memo.get(directory_id)
    if memo is not None and memo.state == state:
        return memo
    base = memo
    data = cache.get(SNAPSHOT_KEY.format(directory=directory_id))
    if data is not None:
        shared = ListingIndex.loads(data)
        # The shared one if it is up to date, or of today when this process's is not.
        if (
            base is None
            or shared.state == state
            or (shared.state[1] == state[1] and base.state[1] != state[1])
        ):
            base = shared
    index = base if base is not None and base.state == state else None
    if index is None and base is not None:
        index = base.patched(specs, state)
    if index is None:
        index = ListingIndex.build(directory_id, specs, state)
    if index is not base:
        lock, token = LOCK_KEY.format(directory=directory_id), uuid.uuid4().hex
        if cache.add(lock, token, LOCK_TIMEOUT):
            try:
                cache.set(SNAPSHOT_KEY.format(directory=directory_id), index.dumps(), CACHE_TIMEOUT)
            finally:
                cache.delete(lock)
    _memo[directory_id] = index
    return index


def warm(specs):
    """Build every directory's bitmaps now (after a bulk change: an import, the seed), so that
    no reader waits for a build."""
    for directory_id in DirectoryListing.objects.values_list("directory_id", flat=True).distinct():
        index_for(directory_id, specs)


def clear_memo():
    _memo.clear()
