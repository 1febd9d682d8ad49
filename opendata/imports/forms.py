"""Admin forms of the open data app."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from opendata.imports.readers import FORMAT_BY_EXTENSION, detect_format
from opendata.models import DataSource

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
