"""One import at a time: a lock held for the import's transaction."""

from django.db import OperationalError, connection
from django.utils.translation import gettext as _

from opendata.models import ImportLock

LOCK_KEY = 604_106  # any constant: the advisory lock's id on PostgreSQL


class ImportAlreadyRunning(RuntimeError):
    """Another import holds the lock."""


def acquire_import_lock():
    """Hold the import lock until the current transaction ends, or raise ImportAlreadyRunning.

    PostgreSQL: a transaction-level advisory lock, released even if the process is killed.
    SQLite: writing the lock row takes the database's write lock for the whole transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise ImportAlreadyRunning(_("Another import is running; try again later."))
        return
    try:
        lock, created = ImportLock.objects.get_or_create(name="import")
        if not created:
            ImportLock.objects.filter(pk=lock.pk).update(name="import")
    except OperationalError as error:
        raise ImportAlreadyRunning(_("Another import is running; try again later.")) from error
