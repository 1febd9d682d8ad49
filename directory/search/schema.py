"""The full-text index over the search entries, per database (run by migration 0006)."""

ENTRIES = "directory_organisationsearchentry"
FTS = "directory_organisationsearchentry_fts"

SQLITE = [
    # An external-content FTS5 table: the terms are stored once, in the entries table, and
    # triggers keep the index in step. Prefix indexes make 'co*', 'coo*', 'coop*' cheap.
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        name_terms, body_terms, content='{ENTRIES}', content_rowid='page_id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')""",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {ENTRIES} BEGIN
        INSERT INTO {FTS}(rowid, name_terms, body_terms)
        VALUES (new.page_id, new.name_terms, new.body_terms);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {ENTRIES} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, name_terms, body_terms)
        VALUES ('delete', old.page_id, old.name_terms, old.body_terms);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {ENTRIES} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, name_terms, body_terms)
        VALUES ('delete', old.page_id, old.name_terms, old.body_terms);
        INSERT INTO {FTS}(rowid, name_terms, body_terms)
        VALUES (new.page_id, new.name_terms, new.body_terms);
    END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRESQL = [
    # Stored tsvectors of the terms (the terms are already stemmed and folded: the 'simple'
    # configuration only splits them), so that matching never recomputes them, GIN-indexed.
    f"""ALTER TABLE {ENTRIES}
        ADD COLUMN document tsvector GENERATED ALWAYS AS
            (to_tsvector('simple'::regconfig, name_terms || ' ' || body_terms)) STORED,
        ADD COLUMN name_document tsvector GENERATED ALWAYS AS
            (to_tsvector('simple'::regconfig, name_terms)) STORED""",
    f"CREATE INDEX {ENTRIES}_document ON {ENTRIES} USING gin (document)",
    f"CREATE INDEX {ENTRIES}_name_document ON {ENTRIES} USING gin (name_document)",
]
POSTGRESQL_REVERSE = [
    f"DROP INDEX IF EXISTS {ENTRIES}_document",
    f"DROP INDEX IF EXISTS {ENTRIES}_name_document",
    f"ALTER TABLE {ENTRIES} DROP COLUMN IF EXISTS document, DROP COLUMN IF EXISTS name_document",
]


def create(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    for statement in statements or ():
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(
        schema_editor.connection.vendor
    )
    for statement in statements or ():
        schema_editor.execute(statement)
