"""Tasks queued before the code was layered point at modules that moved: rewrite their paths so
that the worker still finds them (the import task went to `opendata.imports`, the indexing task
to `directory`, the geocoding task with the rest of the imports)."""

from django.db import migrations

MOVED = {
    "opendata.tasks.run_import": "opendata.imports.tasks.run_import",
    "opendata.tasks.index_organisations": "directory.indexing.index_organisations",
    "opendata.geocoding.geocode_organisations": "opendata.imports.geocoding.geocode_organisations",
}


def rewrite(apps, schema_editor, moves):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in moves.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0004_import_run_times"),
        (
            "django_tasks_database",
            "0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more",
        ),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, editor: rewrite(apps, editor, MOVED),
            lambda apps, editor: rewrite(apps, editor, {new: old for old, new in MOVED.items()}),
        )
    ]
