"""Certificates per person (add one with its evidence file) and the guarded download of that file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resonanz.competence import access, actions
from resonanz.competence.forms import CertificateForm
from resonanz.competence.matrix import state_of
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability

C = Capability
MAX_CERTIFICATES_SHOWN = 300


@org_view(C.VIEW_COMPETENCE)
@require_http_methods(["GET", "POST"])
def competence_person(request: MemberRequest, membership_id: int) -> HttpResponse:
    """One person's certificates, with their state today; the quality officer adds one here."""
    member = request.member
    person = access.get_person_for(member, membership_id)
    can_manage = member.can(C.MANAGE_COMPETENCE)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(C.MANAGE_COMPETENCE)
    form = None
    if can_manage:
        form = CertificateForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            organization_id=member.organization_id,
        )
    status = 200
    if request.method == "POST" and form is not None:
        status = 400
        if form.is_valid():
            try:
                actions.record_certificate(member, person=person, **form.cleaned_data)
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("The certificate has been recorded."))
                return redirect("competence:competence_person", member.organization.slug, person.pk)
    today = timezone.localdate()
    certificates = list(
        access.certificate_queryset(member)
        .filter(membership=person)
        .order_by("competence__name", "-issued_on", "pk")[:MAX_CERTIFICATES_SHOWN]
    )
    shown = [
        (certificate, state_of([(certificate.issued_on, certificate.expires_on)], today)[0])
        for certificate in certificates
    ]
    context = {"person": person, "certificates": shown, "form": form, "can_manage": can_manage}
    return render(request, "competence/person.html", context, status=status)


@org_view(C.VIEW_COMPETENCE)
@require_GET
def competence_certificate_file(request: MemberRequest, certificate_id: int) -> FileResponse:
    """The evidence file, always as a download (never rendered in the page's origin)."""
    member = request.member
    handle, name = actions.open_certificate_file(member, access.get_certificate_for(member, certificate_id))
    return FileResponse(handle, as_attachment=True, filename=name)
