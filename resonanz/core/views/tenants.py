"""Creating an organization: a consultancy adds a client company and becomes its first administrator."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from resonanz.core import actions
from resonanz.core.errors import ActionRefused
from resonanz.core.forms import StyledForm
from resonanz.core.guards import may_create_organizations
from resonanz.core.http import SignedInRequest
from resonanz.core.roles import Role


class NewOrganizationForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    slug = forms.CharField(
        label=gettext_lazy("Short name"),
        max_length=50,
        help_text=gettext_lazy(
            "Lower-case letters, digits and hyphens; used in addresses, e.g. muster-gmbh."
        ),
    )
    time_zone = forms.CharField(label=gettext_lazy("Time zone"), max_length=64, initial="Europe/Berlin")
    default_language = forms.ChoiceField(
        label=gettext_lazy("Default language"),
        choices=[("de", gettext_lazy("German")), ("en", gettext_lazy("English"))],
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_organization(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not may_create_organizations(user):
        return render(request, "errors/403.html", status=403)
    form = NewOrganizationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                with transaction.atomic():
                    organization = actions.create_organization(user, **form.cleaned_data)
                    actions.add_member(
                        None,
                        organization,
                        email=user.email,
                        full_name=user.full_name,
                        roles=[Role.ADMIN],
                        send_invitation=False,
                    )
            except ActionRefused as error:
                field = error.field if error.field in form.fields else None
                for message in error.messages:
                    form.add_error(field, message)
            else:
                messages.success(request, _("%(name)s has been created.") % {"name": organization.name})
                return redirect("org-home", organization.slug)
    return render(request, "accounts/new_organization.html", {"form": form}, status=status)
