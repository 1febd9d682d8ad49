"""Which sources an organisation's data comes from, for the "Data from …" line of its profile."""

from dataclasses import dataclass

from directory.choices import SOURCE_LABELS
from opendata.models import DataSource


@dataclass(frozen=True)
class Credit:
    name: str
    licence: str = ""
    licence_url: str = ""
    website: str = ""
    attribution: str = ""


def credits_for(page):
    """Every source of the organisation: each data source a record of it was imported (or merged)
    from, then the source named on the page itself when it is none of them (a record of another
    atlas's export, say). One query."""
    sources = DataSource.objects.filter(records__translation_key=page.translation_key).distinct()
    credits = [
        Credit(
            name=source.name,
            licence=source.licence,
            licence_url=source.licence_url,
            website=source.website,
            attribution=source.attribution,
        )
        for source in sources.order_by("name")
    ]
    if page.data_source and page.data_source not in {credit.name for credit in credits}:
        name = SOURCE_LABELS.get(page.data_source, page.data_source)
        credits.insert(0, Credit(name=name, licence=page.source_licence))
    return credits
