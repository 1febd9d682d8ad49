"""Public downloads of the open data."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from opendata.export import FORMATS, get_export, licence_info


@require_safe
def export(request, fmt):
    """The whole dataset in one format, always current (rebuilt when anything changes)."""
    if fmt not in FORMATS:
        raise Http404
    content_type, filename = FORMATS[fmt]
    response = HttpResponse(get_export(fmt, request), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{licence_info(request)["licence_url"]}>; rel="license"'
    return response
