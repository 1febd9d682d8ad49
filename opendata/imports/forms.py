"""Admin forms of the open data app."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from opendata.imports.readers import FORMAT_BY_EXTENSION, detect_format
from opendata.models import DataSource
from opendata.schema import FIELD_LABELS, mappable_choices

MAX_UPLOAD_MB = 25


class ImportUploadForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Data source"),
        queryset=DataSource.objects.all(),
        help_text=_("Its column and value mappings are used to read the file."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=lazy(
            lambda: _("CSV, XLSX, JSON or GeoJSON, at most %(size)s MB.") % {"size": MAX_UPLOAD_MB},
            str,
        )(),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in FORMAT_BY_EXTENSION:
            raise forms.ValidationError(
                _("Choose a .csv, .xlsx, .json or .geojson file (this one is %(name)s).")
                % {"name": upload.name}
            )
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_MB}
            )
        return upload

    @property
    def file_format(self):
        return detect_format(self.cleaned_data["file"].name)


# --- Mapping a file's columns and values to the Atlas ---
NOT_IMPORTED = ""
# Roles a source without a role column may give all its records.
ROLE_DEFAULTS = {
    "supports_transition": ["supports_transition"],
    "provides_tools": ["provides_tools"],
    "both": ["supports_transition", "provides_tools"],
}
# Fields whose absence makes a draft to complete, and that a source may default.
DEFAULTED_FIELDS = ("sector", "legal_form", "country")


def atlas_value_choices(name, vocabulary_choices):
    """The Atlas values a source value of field `name` may stand for."""
    from directory.fields import BY_NAME, Kind

    spec = BY_NAME[name]
    if spec.kind == Kind.BOOLEAN:
        return [("true", _("Yes")), ("false", _("No"))]
    if spec.kind in (Kind.COUNTRY, Kind.COUNTRIES):
        from django_countries import countries

        return [(code, name) for code, name in countries]
    if spec.kind == Kind.CHOICE:
        return list(spec.choices.choices)
    return vocabulary_choices.get(spec.kind, [])


class MappingForm(forms.Form):
    """The file's columns → Atlas fields, the values the import cannot read by themselves →
    Atlas values, and defaults for what the file does not say (see the mapping template)."""

    def __init__(self, *args, columns, initial_fields, value_rows, defaults, value_choices,
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)

        field_choices = [(NOT_IMPORTED, _("— not imported —")), *mappable_choices()]
        self.column_names = []
        for index, column in enumerate(columns):
            name = f"column-{index}"
            self.fields[name] = forms.ChoiceField(
                label=column,
                choices=field_choices,
                required=False,
                initial=initial_fields.get(column, NOT_IMPORTED),
            )
            self.column_names.append((name, column))
        self.value_names = []
        for index, (atlas_field, source_value, suggested) in enumerate(value_rows):
            name = f"value-{index}"
            self.fields[name] = forms.ChoiceField(
                label=source_value,
                choices=[
                    (NOT_IMPORTED, _("— none: leave it to complete —")),
                    *atlas_value_choices(atlas_field, value_choices),
                ],
                required=False,
                initial=suggested or NOT_IMPORTED,
            )
            self.value_names.append((name, atlas_field, source_value))
        for atlas_field in DEFAULTED_FIELDS:
            self.fields[f"default-{atlas_field}"] = forms.ChoiceField(
                label=FIELD_LABELS[atlas_field],
                choices=[
                    (NOT_IMPORTED, _("— none: records without one are drafts to complete —")),
                    *atlas_value_choices(atlas_field, value_choices),
                ],
                required=False,
                initial=defaults.get(atlas_field, NOT_IMPORTED),
            )
        self.fields["default-role"] = forms.ChoiceField(
            label=_("Role"),
            choices=[
                (NOT_IMPORTED, _("— none: records without one are drafts to complete —")),
                ("supports_transition", _("Supports the digital transition")),
                ("provides_tools", _("Provides open digital tools")),
                ("both", _("Both")),
            ],
            required=False,
            initial=defaults.get("role", NOT_IMPORTED),
        )

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for name, column in self.column_names:
            atlas_field = cleaned.get(name)
            if not atlas_field:
                continue
            if atlas_field in seen:
                self.add_error(
                    name,
                    _("“%(other)s” already fills this field: choose one column for it.")
                    % {"other": seen[atlas_field]},
                )
            seen[atlas_field] = column
        if "name" not in seen and not self.errors:
            raise forms.ValidationError(_("Choose the column that holds the organisations' names."))
        return cleaned

    def mapping(self):
        """(columns → fields, [(field, source value, Atlas value)]) as chosen."""
        fields = {
            column: self.cleaned_data[name]
            for name, column in self.column_names
            if self.cleaned_data.get(name)
        }
        values = [
            (atlas_field, source_value, self.cleaned_data[name])
            for name, atlas_field, source_value in self.value_names
            if self.cleaned_data.get(name)
        ]
        for atlas_field in DEFAULTED_FIELDS:
            default = self.cleaned_data.get(f"default-{atlas_field}")
            if default and atlas_field not in fields.values():
                values.append((atlas_field, "", default))
        role = self.cleaned_data.get("default-role")
        if role:
            values += [(name, "", "true") for name in ROLE_DEFAULTS[role]]
        return fields, values
