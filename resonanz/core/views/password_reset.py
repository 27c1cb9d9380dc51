"""Asking for a link to choose a new password: built from ``RESONANZ_SITE_URL``, and rate-limited.

The link is never built from the request's Host header (any port on an allowed host would do), so a
forged request cannot send a real user a link to somebody else's server. Links are limited per address
and per client (a keyed hash of its IP address, see ``rate_limit``), and the answer is the same whether
a link was sent, the address is unknown or a limit was reached.
"""

from __future__ import annotations

import logging

from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect

from resonanz.core import rate_limit
from resonanz.core.forms import PasswordResetInUserLanguageForm

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60 * 60
LINKS_PER_ADDRESS = 3  # an hour: enough to retry after a lost mail, too few to flood a mailbox
REQUESTS_PER_CLIENT = 20  # an hour: generous, since clients behind one proxy share an address


def may_send(request_client: str, email: str) -> bool:
    """Count this request against both limits; whether a link may be sent."""
    by_client = rate_limit.count(f"password-reset:client:{request_client}", WINDOW_SECONDS)
    by_address = rate_limit.count(
        f"password-reset:address:{rate_limit.address_digest(email)}", WINDOW_SECONDS
    )
    return by_client <= REQUESTS_PER_CLIENT and by_address <= LINKS_PER_ADDRESS


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetInUserLanguageForm

    def form_valid(self, form: PasswordResetInUserLanguageForm) -> HttpResponse:  # type: ignore[override]
        if may_send(rate_limit.client_digest(self.request), form.cleaned_data["email"]):
            form.send_links()
        else:
            logger.info("password reset not sent: rate limit reached")
        return HttpResponseRedirect(self.get_success_url())
