"""The field registry is the one declaration of an organisation's public fields: the export
columns, the API schema, the import rules and the public form follow it."""

import pytest

from directory import fields
from directory.fields import FIELDS, Kind
from directory.models import OrganisationPage
from moderation import forms as moderation_forms
from moderation.forms import ProposalForm
from opendata.api import api
from opendata.imports.cleaning import RULES
from opendata.schema import COLUMN_NAMES, IMPORTABLE


def test_every_stored_field_of_the_registry_is_a_column_of_the_organisation_page():
    for field in FIELDS:
        if field.stored:
            OrganisationPage._meta.get_field(field.model_attribute)  # raises if missing


def test_export_columns_and_api_properties_are_the_registry_in_its_order():
    assert [field.name for field in FIELDS] == COLUMN_NAMES
    schema = api.get_openapi_schema()["components"]["schemas"]["Organisation"]
    assert list(schema["properties"]) == COLUMN_NAMES
    assert schema["properties"]["online_only"]["type"] == "boolean"
    assert schema["properties"]["services"]["type"] == "array"


def test_every_importable_field_has_an_import_rule_for_its_kind():
    across = {"atlas_id", "name", "country", "latitude", "longitude", *fields.PROVENANCE_FIELDS}
    for name in IMPORTABLE:
        field = fields.BY_NAME[name]
        assert name in across or field.kind in RULES, name


@pytest.mark.django_db
def test_the_public_form_asks_for_the_registry_public_fields():
    form = ProposalForm()
    for field in fields.PUBLIC_FORM_FIELDS:
        assert field.model_attribute in form.fields


@pytest.mark.django_db
def test_a_field_marked_public_in_the_registry_appears_on_the_form(monkeypatch):
    # What adding `public_form=True` to a registry entry does, without touching the form.
    monkeypatch.setattr(
        moderation_forms,
        "PUBLIC_FORM_ATTRIBUTES",
        [*moderation_forms.PUBLIC_FORM_ATTRIBUTES, "national_legal_form"],
    )
    form = ProposalForm()
    assert "national_legal_form" in form.fields
    assert [bound.name for bound in form.extra_organisation_fields] == ["national_legal_form"]
    assert 'name="national_legal_form"' in str(form.extra_organisation_fields[0])


def test_kinds_of_multiple_values_are_lists_in_the_api():
    multiple = {field.name for field in FIELDS if field.multiple}
    assert multiple == {"services", "countries_served", "languages", "social_links"}
    assert fields.BY_NAME["sector"].kind == Kind.SECTOR
