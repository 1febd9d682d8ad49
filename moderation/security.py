"""Brute-force protection of the logins (django-axes), without personal data in the logs."""

import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from axes.backends import AxesStandaloneBackend


class AtlasAxesBackend(AxesStandaloneBackend):
    """Axes' lockout for every login made through a request (the admin's and the invitation's
    forms). A login without a request (the test client, a script) has no client to lock out,
    where axes would otherwise raise."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # A session may name this backend (some helpers log in with the first one listed).
        return ModelBackend().get_user(user_id)


def anonymous_client_str(username, ip_address, user_agent, path_info, request):
    """How axes names a client in its log lines: a short keyed hash instead of the username
    and IP address, so that repeated failures can be correlated without personal data."""
    raw = f"{username}|{ip_address}".encode()
    digest = hashlib.sha256(settings.SECRET_KEY.encode() + raw).hexdigest()[:12]
    path = path_info[0] if isinstance(path_info, (list, tuple)) else path_info
    return f"{{client: {digest}, path_info: {path}}}"
