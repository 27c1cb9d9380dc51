"""The digest setting: a person chooses how often to get newly offered posts by e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.digests.actions import choose_digest_frequency
from resonanz.digests.forms import FrequencyForm
from resonanz.digests.models import DigestSubscription, Frequency


@org_view(Capability.SHARE_CONTENT)
@require_http_methods(["GET", "POST"])
def digest_settings(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    subscription = DigestSubscription.objects.filter(membership=member).first()
    current = subscription.frequency if subscription else Frequency.OFF
    form = FrequencyForm(request.POST or None, initial={"frequency": current})
    if request.method == "POST" and form.is_valid():
        try:
            choose_digest_frequency(member, form.cleaned_data["frequency"])
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect("digests:settings", org=member.organization.slug)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "subscription": subscription}
    response: HttpResponse = render(request, "digests/settings.html", context, status=status)
    return response
