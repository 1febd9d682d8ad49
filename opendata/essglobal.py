"""ESSGlobal codes of the Atlas's legal form families and sectors, where one exists.

ESSGlobal (RIPESS / DigitalCommons, the vocabulary Mykomap maps and the ESSGlobal standard CSV
use) codes organisational structures (OS…) and ICA activities (ICA…). A family or sector with
no faithful equivalent has no code: nothing is said rather than something wrong.
"""

ORGANISATIONAL_STRUCTURE = "https://dev.lod.coop/essglobal/2.1/standard/organisational-structure/"
ACTIVITIES_ICA = "https://dev.lod.coop/essglobal/2.1/standard/activities-ica/"

LEGAL_FORM_CODES = {
    "cooperative": "OS115",  # Co-operative
    "mutual": "OS170",  # Mutual
    "association": "OS20",  # Not-for-profit organisation
    "social_enterprise": "OS30",  # Social enterprise
    # foundation, other: no ESSGlobal structure says the same
}
SECTOR_CODES = {
    "training": "ICA160",  # Education
    "digital-inclusion": "ICA190",  # Social
    "consulting": "ICA110",  # Professional
    "design": "ICA110",  # Professional
    "hosting": "ICA120",  # Service
}


def legal_form_iri(family):
    code = LEGAL_FORM_CODES.get(family or "")
    return f"{ORGANISATIONAL_STRUCTURE}{code}" if code else None


def sector_iri(slug):
    code = SECTOR_CODES.get(slug or "")
    return f"{ACTIVITIES_ICA}{code}" if code else None
