"""Validators shared by the directory's models and forms."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST_AGAINST_WHITE = 3.0
# The format wagtailgeowidget's LeafletField reads and writes.
GEO_POINT_RE = re.compile(
    r"^\s*SRID=(?P<srid>\d+);\s*POINT\s*\(\s*(?P<lng>[-+]?\d+(?:\.\d+)?)\s+"
    r"(?P<lat>[-+]?\d+(?:\.\d+)?)\s*\)\s*$"
)


def relative_luminance(hex_colour):
    """WCAG 2.2 relative luminance of an sRGB colour written #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(hex_a, hex_b):
    lighter, darker = sorted((relative_luminance(hex_a), relative_luminance(hex_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_hex_colour(value):
    if not HEX_COLOUR_RE.match(value or ""):
        raise ValidationError(
            _("Enter a colour as # followed by six hexadecimal digits, for example #1f6f8b."),
            code="invalid_colour",
        )


def validate_contrast_against_white(value):
    """Map dots sit on light tiles and chips on white: WCAG 1.4.11 asks for 3:1."""
    validate_hex_colour(value)
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MIN_CONTRAST_AGAINST_WHITE:
        raise ValidationError(
            _(
                "This colour has a contrast of %(ratio).2f:1 against white; it needs at least "
                "3:1 to stay visible. Choose a darker shade."
            ),
            code="low_contrast",
            params={"ratio": ratio},
        )


def validate_latitude(value):
    if value is not None and not -90 <= value <= 90:
        raise ValidationError(
            _("Latitude must be between -90 and 90 degrees (got %(value)s)."),
            code="invalid_latitude",
            params={"value": value},
        )


def validate_longitude(value):
    if value is not None and not -180 <= value <= 180:
        raise ValidationError(
            _("Longitude must be between -180 and 180 degrees (got %(value)s)."),
            code="invalid_longitude",
            params={"value": value},
        )


def parse_geo_point(value):
    """Return (latitude, longitude) from the map widget's value, or raise ValidationError."""
    match = GEO_POINT_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("Pick the location on the map or type it as latitude, longitude (e.g. 48.85, 2.35)."),
            code="invalid_location",
        )
    lat, lng = float(match["lat"]), float(match["lng"])
    validate_latitude(lat)
    validate_longitude(lng)
    return lat, lng


def format_geo_point(latitude, longitude):
    return f"SRID=4326;POINT({longitude:.6f} {latitude:.6f})"


def validate_founded_year(value):
    if value is not None and not 1800 <= value <= date.today().year:
        raise ValidationError(
            _("Enter a year between 1800 and %(this_year)s."),
            code="invalid_year",
            params={"this_year": date.today().year},
        )
