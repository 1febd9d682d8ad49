"""What the open data is, in one place: its name, page, licence, publisher, dates, sources and
downloads. The open data page, its Dataset/DataCatalog JSON-LD, the JSON-LD export and the
Frictionless data package all describe the dataset from here."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from opendata.export import FORMATS, dataset_summary, licence_info, source_attributions
from opendata.vocabularies import site_root

DATASET_NAME = "Social Tech Atlas organisations"
DATASET_DESCRIPTION = (
    "The social and solidarity economy organisations of the Social Tech Atlas that help SSE "
    "structures through their digital transition or offer open, alternative digital tools: "
    "every published profile, with its sector, legal form, services, location and sources."
)
PUBLISHER = "Social Tech Atlas"
KEYWORDS = ["social and solidarity economy", "social tech", "cooperatives", "digital commons"]
DATAPACKAGE_MEDIA_TYPE = "application/json"
# The downloads, in the order the open data page lists them.
DOWNLOADS = (
    ("csv", _("CSV (spreadsheet, UTF-8)"), "CSV"),
    ("xlsx", _("Excel workbook (XLSX)"), "XLSX"),
    ("geojson", _("GeoJSON (maps)"), "GeoJSON"),
    ("jsonld", _("JSON-LD (schema.org, linked data)"), "JSON-LD"),
)


def open_data_page(request=None):
    """The open data page in the default language (the dataset's landing page), if any."""
    from opendata.models import OpenDataPage

    return OpenDataPage.objects.live().public().filter(locale=Locale.get_default()).first()


def downloads(root=""):
    """The downloads: format, label, media type and address (absolute when `root` is given)."""
    items = [
        {
            "format": fmt,
            "label": label,
            "name": name,
            "media_type": FORMATS[fmt][0].split(";")[0],
            "url": root + reverse("opendata_export", args=[fmt]),
        }
        for fmt, label, name in DOWNLOADS
    ]
    items.append(
        {
            "format": "datapackage",
            "label": _("Data package (Frictionless: column types and licence)"),
            "name": "Frictionless Data Package",
            "media_type": DATAPACKAGE_MEDIA_TYPE,
            "url": root + reverse("opendata_datapackage"),
        }
    )
    return items


def dataset_description(request=None):
    """Everything the catalogue says about the dataset."""
    root = site_root(request)
    page = open_data_page(request)
    licence = licence_info(request)
    summary = dataset_summary()
    return {
        "root": root,
        "name": DATASET_NAME,
        "description": DATASET_DESCRIPTION,
        "publisher": PUBLISHER,
        "keywords": KEYWORDS,
        "page_url": page.get_full_url(request) if page else "",
        "licence": licence["licence"],
        "licence_url": licence["licence_url"],
        "attribution": licence["attribution"],
        "first_published": summary["first_published"],
        "last_updated": summary["last_updated"],
        "organisations": summary["organisations"],
        "sources": source_attributions(),
        "downloads": downloads(root),
    }
