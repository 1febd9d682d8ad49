"""Matching a query against the organisations' search entries, on SQLite (FTS5) or PostgreSQL
(a GIN-indexed tsvector), with the same terms and the same results."""

from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

from directory.search.schema import ENTRIES, FTS
from directory.search.terms import MIN_PREFIX, query_terms


def _as_prefix(form, position, terms):
    """Words are matched as prefixes; a short word only when it is the last one, the word being
    typed (so "h" finds "hosting" as one types, but "a b hosting" does not match every "a…")."""
    return len(form) >= MIN_PREFIX or position == len(terms) - 1


def _sqlite_match(terms, column=None):
    groups = []
    for position, forms in enumerate(terms):
        alternatives = " OR ".join(
            f'"{form}"*' if _as_prefix(form, position, terms) else f'"{form}"' for form in forms
        )
        groups.append(f"({alternatives})")
    expression = " AND ".join(groups)
    return f"{{{column}}} : ({expression})" if column else expression


def _postgres_query(terms):
    groups = []
    for position, forms in enumerate(terms):
        alternatives = " | ".join(
            f"'{form}':*" if _as_prefix(form, position, terms) else f"'{form}'" for form in forms
        )
        groups.append(f"({alternatives})")
    return " & ".join(groups)


@dataclass
class SearchQuery:
    """A reader's query in their language, as SQL giving the matching organisation page ids."""

    text: str
    language: str

    def __post_init__(self):
        self.terms = query_terms(self.text, self.language)

    def __bool__(self):
        return bool(self.terms)

    def ids(self, name_only=False):
        """A subquery of the ids of the pages whose entry matches every word (in the name
        only, with `name_only`)."""
        if connection.vendor == "sqlite":
            match = _sqlite_match(self.terms, "name_terms" if name_only else None)
            return RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [match])
        column = "name_document" if name_only else "document"
        return RawSQL(
            f"SELECT page_id FROM {ENTRIES} WHERE {column} @@ to_tsquery('simple'::regconfig, %s)",
            [_postgres_query(self.terms)],
        )

    def matching_ids(self, name_only=False, among=None):
        """The ids of the matching pages (of those `among` when given), fetched in one query."""
        raw = self.ids(name_only=name_only)
        sql, params = raw.sql, list(raw.params)
        if among is not None:
            if not among:
                return []
            column = "rowid" if connection.vendor == "sqlite" else "page_id"
            sql += f" AND {column} IN ({', '.join(['%s'] * len(among))})"
            params += list(among)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def words(self):
        """One query per word of this one (its forms), to match each word on its own."""
        queries = []
        for forms in self.terms:
            word = SearchQuery("", self.language)
            word.terms = [forms]
            queries.append(word)
        return queries


def matching(queryset, query):
    """`queryset` narrowed to the organisations matching `query` (a SearchQuery)."""
    return queryset.filter(pk__in=query.ids())
