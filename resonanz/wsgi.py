"""WSGI entry point; granian serves it (``resonanz serve``).

Tracked links (``/r/<code>``) are answered by a bare WSGI callable before Django's request cycle
(``resonanz.links.hot``); every other path goes to Django.
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resonanz.settings")
django_application = get_wsgi_application()

from resonanz.links import hot  # noqa: E402  (needs the apps loaded above)

application = hot.in_front_of(django_application)
