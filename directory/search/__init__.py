"""Full-text search of organisations in each language: stemmed and accent-folded in the
language each field is written in, matched by prefix for search-as-you-type, the same on
SQLite and PostgreSQL.

Wagtail's database search backend has one text-search configuration for the whole site (one
language) and matches whole words only. Here every field is reduced to its terms in Python
(`terms`: folded words and their Snowball stems in the field's own language), stored in one row
per organisation page (`OrganisationSearchEntry`), and matched by prefix by each database's own
full-text index (FTS5 on SQLite, a GIN index over a 'simple' tsvector on PostgreSQL), so both
databases give the same results.
"""

from directory.search.query import SearchQuery, matching
from directory.search.terms import query_terms, terms

__all__ = ["SearchQuery", "matching", "query_terms", "terms"]
