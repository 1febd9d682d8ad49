from .imports import DuplicateCandidate, ImportedRecord, ImportLock, ImportRun
from .pages import OpenDataPage, OpenDataSettings
from .sources import DataSource, FieldMapping, ValueMapping

__all__ = [
    "DataSource",
    "DuplicateCandidate",
    "FieldMapping",
    "ImportLock",
    "ImportRun",
    "ImportedRecord",
    "OpenDataPage",
    "OpenDataSettings",
    "ValueMapping",
]
