"""The organisation form's widgets: multi-choice lists that show their selection, and a location
picker that shows the saved point."""

import json
import re

from django_countries import countries

from directory.validators import format_geo_point
from directory.widgets import LocalLeafletField, MultiChoiceWidget


def leaflet_options(value, site_tree):
    html = LocalLeafletField(address_field="address", id_prefix="id_").render(
        "location", value, attrs={"id": "id_location"}
    )
    raw = re.search(r'data-leaflet-field-options-value="([^"]*)"', html)[1]
    return json.loads(raw.replace("&quot;", '"').replace("&amp;", "&"))


def test_location_picker_shows_the_saved_point_at_once(site_tree):
    options = leaflet_options(format_geo_point(45.764, 4.8357), site_tree)
    assert options["showEmptyLocation"] is False
    assert options["defaultLocation"] == {"lat": 45.764, "lng": 4.8357}


def test_location_picker_shows_an_out_of_range_point_next_to_its_error(site_tree):
    options = leaflet_options("SRID=4326;POINT(2.35 95)", site_tree)
    assert options["showEmptyLocation"] is False
    assert options["defaultLocation"]["lat"] == 95


def test_location_picker_without_a_point_waits_for_the_editor(site_tree):
    assert leaflet_options("", site_tree)["showEmptyLocation"] is True


def test_multi_choice_lists_the_chosen_values_before_the_long_list():
    widget = MultiChoiceWidget(choices=list(countries))
    html = widget.render("countries_served", ["AT", "CY", "SE"], attrs={"id": "id_cs"})
    chosen = html[: html.index('class="atlas-multichoice__options')]
    for name in ("Austria", "Cyprus", "Sweden"):
        assert f"<li>{name}</li>" in chosen
    assert html.count('type="checkbox"') == len(countries)
    assert html.count("checked") == 3
    assert 'type="search"' in html  # a long list can be searched


def test_multi_choice_escapes_labels_and_says_when_nothing_is_chosen():
    widget = MultiChoiceWidget(choices=[("x", "<script>alert(1)</script>")])
    html = widget.render("services", [], attrs={"id": "id_services"})
    assert "<script>alert" not in html
    assert "None chosen yet." in html
    assert 'type="search"' not in html  # a short list needs no search box
