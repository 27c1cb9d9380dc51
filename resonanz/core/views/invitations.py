"""The page behind an invitation link: accept or decline, or join with a new account.

The token in the link is the key: it went to the invited address only. A signed-in person with that
address accepts or declines; someone without an account chooses their name and password here; a
person with an account signs in first. Anyone holding the link may decline it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from resonanz.core import invitations
from resonanz.core.actions import invitations as invitation_actions
from resonanz.core.errors import ActionRefused
from resonanz.core.forms import JoinForm
from resonanz.core.models import Invitation, User
from resonanz.core.roles import Role


def _state(request: HttpRequest, invitation: Invitation) -> str:
    user = request.user
    if user.is_authenticated:
        return "answer" if user.email.lower() == invitation.email.lower() else "other_address"
    return "sign_in" if User.objects.filter(email__iexact=invitation.email).exists() else "join"


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.open_invitation(token)
    if found is None:
        return render(request, "core/invitation.html", {"state": "closed"}, status=404)
    state = _state(request, found)
    form = JoinForm(request.POST if state == "join" and request.method == "POST" else None, email=found.email)
    intent = request.POST.get("intent", "") if request.method == "POST" else ""
    status = 200
    try:
        if intent == "decline":
            user = request.user if isinstance(request.user, User) else None
            invitation_actions.decline_invitation(user, token)
            messages.info(request, _("You have declined the invitation."))
            return redirect("home" if user else "login")
        if intent == "accept" and state == "answer":
            assert isinstance(request.user, User)
            membership = invitation_actions.accept_invitation(request.user, token)
            return _welcome(request, membership.organization.name, membership.organization.slug)
        if intent == "join" and state == "join":
            status = 400
            if form.is_valid():
                membership = invitation_actions.join_with_new_account(
                    token, password=form.cleaned_data["password1"], **form.name_values()
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
                return _welcome(request, membership.organization.name, membership.organization.slug)
        elif intent:
            status = 400
    except ActionRefused as error:
        status = 400
        for message in error.messages:
            messages.error(request, message)
        if error.code == "invitation_closed":
            return render(request, "core/invitation.html", {"state": "closed"}, status=404)
    context = {
        "state": state,
        "invitation": found,
        "form": form,
        "roles": [str(Role(role).label) for role in Role.values if role in found.roles],
        "login_url": f"{reverse('login')}?next={request.path}",
    }
    return render(request, "core/invitation.html", context, status=status)


def _welcome(request: HttpRequest, name: str, slug: str) -> HttpResponse:
    messages.success(request, _("Welcome to %(organization)s.") % {"organization": name})
    return redirect("org-home", slug)
