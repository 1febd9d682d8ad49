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
    f"""CREATE INDEX {ENTRIES}_all ON {ENTRIES}
        USING gin (to_tsvector('simple'::regconfig, (name_terms || ' ' || body_terms)))""",
    f"""CREATE INDEX {ENTRIES}_name ON {ENTRIES}
        USING gin (to_tsvector('simple'::regconfig, name_terms))""",
]
POSTGRESQL_REVERSE = [
    f"DROP INDEX IF EXISTS {ENTRIES}_all",
    f"DROP INDEX IF EXISTS {ENTRIES}_name",
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
