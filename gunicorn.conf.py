"""gunicorn's settings for the Atlas, read by `gunicorn` from the working directory (`make serve`).

Every value comes from the environment, with defaults for one small server. Background tasks
(imports, indexing) run in `manage.py db_worker`, a second service, never in a web worker.
"""

import os

wsgi_app = "atlas_site.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# Processes × threads = requests served at once. WEB_CONCURRENCY is the usual name (Heroku,
# Dokku, Scalingo…); two processes of four threads suit a 2-core machine.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# An admin upload of a large import file is the slowest request; the import itself runs in the
# task worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle a process now and then (a slow leak in any library stays bounded).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# The reverse proxy in front (its address) may say the request was HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
# Heartbeat files in memory rather than on a possibly slow disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
