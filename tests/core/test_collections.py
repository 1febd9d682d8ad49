"""Top-level collections made from data migrations: found or created once, in a page tree that
Wagtail's own tree operations (and `fixtree`) still find consistent."""

from django.apps import apps

from wagtail.models import Collection, Page

import pytest

from core.collections import child_path, top_level_collection

pytestmark = pytest.mark.django_db


def root():
    return Collection.get_first_root_node()


def test_top_level_collection_creates_the_collection_under_the_root():
    collection = top_level_collection(apps, "Partner logos")
    assert collection.name == "Partner logos"
    assert "Partner logos" in [child.name for child in root().get_children()]


def test_top_level_collection_returns_the_existing_collection_the_second_time():
    first = top_level_collection(apps, "Partner logos")
    second = top_level_collection(apps, "Partner logos")
    assert second.pk == first.pk
    assert Collection.objects.filter(name="Partner logos").count() == 1


def test_wagtail_keeps_a_consistent_tree_around_a_collection_made_by_a_migration():
    top_level_collection(apps, "Partner logos")
    assert all(not problems for problems in Collection.find_problems())
    root().add_child(instance=Collection(name="Added in the admin"))
    assert {"Partner logos", "Added in the admin"} <= {
        child.name for child in root().get_children()
    }
    assert all(not problems for problems in Collection.find_problems())


def test_without_a_root_collection_nothing_is_created():
    Collection.objects.all().delete()
    assert top_level_collection(apps, "Partner logos") is None
    assert not Collection.objects.exists()


def test_child_path_is_the_path_add_child_gives_in_a_tree_kept_in_insertion_order():
    # Collections are kept sorted by name, so their add_child may insert before the last child;
    # pages are not, which shows the path treebeard gives a child appended last.
    parent = Page.get_first_root_node()
    expected = child_path(parent.path, parent.get_children())
    assert parent.add_child(instance=Page(title="Next", slug="next")).path == expected


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ([], "00010001"),
        (["00010009"], "0001000A"),
        (["00010001", "0001000Z"], "00010010"),
    ],
)
def test_child_path_counts_in_base_36_like_treebeard(children, expected):
    class Child:
        def __init__(self, path):
            self.path = path

    assert child_path("0001", [Child(path) for path in children]) == expected
