"""Uploaded files are not kept forever: `prune_imports` drops stale previews and failed files."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from opendata.models import ImportRun


def make_run(source, status, days_ago):
    run = ImportRun.objects.create(
        source=source, filename=f"{status}.csv", content=b"Nom\nJean Dupont\n", status=status
    )
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return run.pk


def test_stale_previews_are_deleted_and_failed_runs_lose_their_file(partner):
    old_preview = make_run(partner, "preview", 40)
    new_preview = make_run(partner, "preview", 3)
    old_failed = make_run(partner, "failed", 40)
    done = make_run(partner, "done", 40)

    out = StringIO()
    call_command("prune_imports", "--dry-run", stdout=out)
    assert "Would delete 1 unconfirmed previews and the files of 1 failed" in out.getvalue()
    assert ImportRun.objects.count() == 4

    call_command("prune_imports", stdout=StringIO())
    assert not ImportRun.objects.filter(pk=old_preview).exists()
    assert ImportRun.objects.filter(pk=new_preview, content__isnull=False).exists()
    failed = ImportRun.objects.get(pk=old_failed)
    assert failed.content is None and failed.status == "failed"  # its report and error stay
    assert ImportRun.objects.filter(pk=done).exists()
