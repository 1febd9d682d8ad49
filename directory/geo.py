"""The `bbox` of a view: `bbox=west,south,east,north` in decimal degrees (WGS 84), as in
GeoJSON and OpenSearch Geo. The map writes it when a reader pans; the directory, the API, the
downloads and the embed read it, so that one query string means one set of organisations.

A box crossing the antimeridian has west > east. A malformed box is `None`: the pages ignore it
(a shared link still opens), the API and the downloads answer 400 (see `BBoxError`).
"""

import math
from dataclasses import dataclass

from django.db.models import Q

MAX_LENGTH = 200  # "-179.99999,-89.99999,179.99999,89.99999" is 39 characters


class BBoxError(ValueError):
    """A `bbox` parameter that is not four numbers within the Earth's bounds."""


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    def __str__(self):
        return ",".join(f"{value:.5f}".rstrip("0").rstrip(".") for value in self)

    def __iter__(self):
        return iter((self.west, self.south, self.east, self.north))

    def q(self, latitude="latitude", longitude="longitude"):
        """Organisations located inside the box (the unlocated ones are outside every box)."""
        inside = Q(**{f"{latitude}__gte": self.south, f"{latitude}__lte": self.north})
        if self.west <= self.east:
            inside &= Q(**{f"{longitude}__gte": self.west, f"{longitude}__lte": self.east})
        else:  # across the antimeridian
            inside &= Q(**{f"{longitude}__gte": self.west}) | Q(**{f"{longitude}__lte": self.east})
        return inside


def parse_bbox(value):
    """`"west,south,east,north"` → BBox; raises BBoxError when it is not one."""
    if not value or len(value) > MAX_LENGTH:
        raise BBoxError("bbox must be west,south,east,north in decimal degrees.")
    parts = value.split(",")
    if len(parts) != 4:
        raise BBoxError("bbox must have four numbers: west,south,east,north.")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError as error:
        raise BBoxError("bbox must have four numbers: west,south,east,north.") from error
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise BBoxError("bbox numbers must be finite.")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise BBoxError("bbox longitudes must be between -180 and 180.")
    if not (-90 <= south <= north <= 90):
        raise BBoxError("bbox latitudes must be between -90 and 90, south first.")
    return BBox(west, south, east, north)


def bbox_from_params(params):
    """The params' bbox, or None when there is none or it is malformed (pages ignore it)."""
    try:
        return parse_bbox(params.get("bbox", ""))
    except BBoxError:
        return None


def bbox_error(params):
    """The error message of a malformed bbox in params, or None (for 400 answers)."""
    if "bbox" not in params:
        return None
    try:
        parse_bbox(params.get("bbox", ""))
    except BBoxError as error:
        return str(error)
    return None
