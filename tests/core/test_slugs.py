"""Slugs from titles: the bulk helper numbers pages exactly as Wagtail's find_available_slug."""

from wagtail.coreutils import find_available_slug

from core.slugs import available_slug, slug_from_title
from directory.factories import OrganisationPageFactory


def test_a_title_gives_a_short_ascii_slug_or_the_fallback():
    assert slug_from_title("Coopérative Numérique d'Île-de-France") == (
        "cooperative-numerique-dile-de-france"
    )
    assert len(slug_from_title("word " * 40)) <= 60
    assert not slug_from_title("word " * 40).endswith("-")
    assert slug_from_title("???") == "organisation"
    assert slug_from_title("!!!", fallback="story") == "story"


def test_taken_slugs_get_the_next_free_number_and_are_remembered():
    taken = {"coop", "coop-1"}
    assert available_slug("coop", taken) == "coop-2"
    assert available_slug("coop", taken) == "coop-3"
    assert available_slug("libre", taken) == "libre"
    assert {"coop-2", "coop-3", "libre"} <= taken


def test_the_bulk_helper_and_wagtail_choose_the_same_slug(site_tree):
    directory = site_tree.directory
    for slug in ("coop-libre", "coop-libre-1", "coop-libre-3"):
        OrganisationPageFactory(parent=directory, title=slug, slug=slug)
    siblings = set(directory.get_children().values_list("slug", flat=True))
    assert available_slug("coop-libre", siblings) == "coop-libre-2"
    assert find_available_slug(directory, "coop-libre") == "coop-libre-2"
