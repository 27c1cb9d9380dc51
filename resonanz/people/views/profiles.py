"""A person's profile: reading it, changing it (one's own, or anyone's as administrator), social profiles.

"My profile" (``me/``) is for every member who takes part; a colleague's profile for those who see
people; changing another person's profile and marking a leaver for those who manage people.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.people import access
from resonanz.people.actions import leavers, profiles
from resonanz.people.forms import MAX_TOPIC_CHOICES, ProfileForm, SocialProfileForm
from resonanz.people.models import Profile

READ_WRITE = require_http_methods(["GET", "POST"])


def _initial(person: Membership) -> dict[str, Any]:
    profile = access.profile_of(person)
    if profile is None:
        return {
            "languages": "",
            "time_zone": Profile._meta.get_field("time_zone").default,
            "program_role": "none",
        }
    return {
        "languages": ", ".join(profile.languages),
        "time_zone": profile.time_zone,
        "expertise_topics": [topic.pk for topic in profile.expertise_topics.all()],
        "program_role": profile.program_role,
    }


def _profile_form(member: Membership, person: Membership, data: Any = None) -> ProfileForm:
    topics = list(access.topics_for(member).values_list("pk", "name")[:MAX_TOPIC_CHOICES])
    return ProfileForm(
        data, initial=_initial(person), topics=topics, sets_role=member.can(Capability.MANAGE_PEOPLE)
    )


def _save_profile(request: MemberRequest, person: Membership, form: ProfileForm) -> bool:
    if not form.is_valid():
        return False
    changes = dict(form.cleaned_data)
    try:
        profiles.update_profile(request.member, person, **changes)
    except ActionRefused as error:
        error.show_on(form)
        return False
    messages.success(request, _("The profile has been saved."))
    return True


def _add_social(request: MemberRequest, person: Membership, form: SocialProfileForm) -> bool:
    if not form.is_valid():
        return False
    try:
        profiles.add_social_profile(request.member, person, **form.cleaned_data)
    except ActionRefused as error:
        error.show_on(form)
        return False
    messages.success(request, _("The social profile has been added."))
    return True


def _remove_social(request: MemberRequest) -> list[str]:
    social = access.get_social_profile_to_change(request.member, request.POST.get("social_profile_id"))
    try:
        profiles.remove_social_profile(request.member, social)
    except ActionRefused as error:
        return list(error.messages)
    messages.success(request, _("The social profile has been removed."))
    return []


def _edit(request: MemberRequest, person: Membership, done: str) -> HttpResponse:
    """The edit page of a profile; a POST names what it does in ``form`` (profile, social, remove)."""
    member = request.member
    posted = request.method == "POST"
    which = request.POST.get("form", "profile") if posted else ""
    profile_form = _profile_form(member, person, request.POST if which == "profile" else None)
    social_form = SocialProfileForm(request.POST if which == "social" else None)
    errors: list[str] = []
    status = 200
    if posted:
        status = 400
        if which == "profile" and _save_profile(request, person, profile_form):
            return redirect(done)
        if which == "social" and _add_social(request, person, social_form):
            return redirect(done)
        if which == "remove":
            errors = _remove_social(request)
            if not errors:
                return redirect(done)
        if which not in ("profile", "social", "remove"):
            errors = [_("This request cannot be handled. Reload the page and try again.")]
    context = {
        "person": person,
        "profile": access.profile_of(person),
        "profile_form": profile_form,
        "social_form": social_form,
        "errors": errors,
        "own": person.pk == member.pk,
    }
    return render(request, "people/profile_edit.html", context, status=status)


@org_view(Capability.TAKE_PART)
@READ_WRITE
def my_profile(request: MemberRequest) -> HttpResponse:
    member = request.member
    person = access.get_person_to_change(member, member.pk)
    return _edit(request, person, request.path)


@org_view(Capability.MANAGE_PEOPLE)
@READ_WRITE
def edit_profile(request: MemberRequest, membership_id: int) -> HttpResponse:
    person = access.get_person_to_change(request.member, membership_id)
    return _edit(request, person, request.path)


@org_view(Capability.VIEW_PEOPLE)
@require_http_methods(["GET"])
def profile_detail(request: MemberRequest, membership_id: int) -> HttpResponse:
    member = request.member
    person = access.get_person_for(member, membership_id)
    context = {
        "person": person,
        "profile": access.profile_of(person),
        "can_manage": member.can(Capability.MANAGE_PEOPLE),
        "own": person.pk == member.pk,
    }
    return render(request, "people/profile_detail.html", context)


@org_view(Capability.MANAGE_PEOPLE)
@READ_WRITE
def mark_leaver(request: MemberRequest, membership_id: int) -> HttpResponse:
    """Confirm, then mark the person as having left (deactivated; their profile stays until anonymised)."""
    member = request.member
    person = access.get_person_to_change(member, membership_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            leavers.deactivate_leaver(member, person)
        except ActionRefused as error:
            errors = list(error.messages)
        else:
            messages.success(
                request, _("%(name)s has been marked as having left.") % {"name": person.user.full_name}
            )
            return redirect("people:people_profile", member.organization.slug, person.pk)
    context = {"person": person, "errors": errors}
    return render(request, "people/leaver_confirm.html", context, status=400 if errors else 200)
