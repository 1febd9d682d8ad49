"""`manage.py db_worker`: django-tasks-db's worker, kept alive through database restarts.

django-tasks-db's worker ignores only SQLite's "database is locked"; any other database error
(PostgreSQL restarting, a dropped connection) leaves its loop and the process exits, and
imports and indexing would stop silently. This command (found before django-tasks-db's, as
atlas_site comes first in INSTALLED_APPS) runs the same worker, and when the database fails it
closes the broken connections, waits (0.5 s, doubling up to 5 s) and starts polling again.
`--batch` (tests, one-off runs) still stops at the first database error.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections

from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

FIRST_WAIT = 0.5
LONGEST_WAIT = 5.0


def close_broken_connections():
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # a dead connection may fail to close; it is dropped either way
            logger.debug("Closing a broken connection failed", exc_info=True)
            connection.connection = None


class ResilientWorker(db_worker.Worker):
    def run(self):
        wait = FIRST_WAIT
        while self.running:
            started = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if self.batch or not self.running:
                    raise
                if time.monotonic() - started > 60:
                    wait = FIRST_WAIT  # a new outage after a good while: start short again
                logger.warning(
                    "The database is unreachable (%s); the worker tries again in %.1f s",
                    str(error).strip().splitlines()[0] if str(error).strip() else error,
                    wait,
                )
                close_broken_connections()
                self.startup_delay = False
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
        return None


class Command(db_worker.Command):
    help = db_worker.Command.help + " Survives database restarts."

    def handle(self, **options):
        # The parent builds its worker from the module's `Worker`: the resilient one here.
        original, db_worker.Worker = db_worker.Worker, ResilientWorker
        try:
            return super().handle(**options)
        finally:
            db_worker.Worker = original
