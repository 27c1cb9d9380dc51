"""A person's profile: a membership (unit, location and job title live there) with what the programme needs.

There is no second people table: ``Profile`` hangs off ``core.Membership`` one to one.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.people.models.purposes import PROFILES, WHILE_MEMBER

# Bounds of what a profile holds (forms, API schemas and the import read them from here).
MAX_LANGUAGES = 10
MAX_EXPERTISE_TOPICS = 20
MAX_SOCIAL_PROFILES = 12
HANDLE_MAX_LENGTH = 300


class ProgramRole(models.TextChoices):
    NONE = "none", _("not in the programme")
    AMBASSADOR = "ambassador", _("ambassador")
    BUDDY = "buddy", _("social media buddy")
    COACH = "coach", _("coach")


class Network(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    XING = "xing", "XING"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    X = "x", "X"
    INSTAGRAM = "instagram", "Instagram"
    OTHER = "other", _("other")


@declare(
    PersonalData(
        ("membership", "languages", "time_zone", "expertise_topics", "program_role"),
        category=Category.EMPLOYMENT,
        purpose=PROFILES,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_MEMBER,
    ),
    not_personal=("created_at", "updated_at"),
)
class Profile(models.Model):
    membership = models.OneToOneField(
        "core.Membership", verbose_name=_("member"), on_delete=models.CASCADE, related_name="profile"
    )
    # ISO 639-1 codes, lower case, sorted, without duplicates (normalised by the actions).
    languages = models.JSONField(_("languages"), default=list, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    expertise_topics = models.ManyToManyField(
        "plan.Topic", verbose_name=_("expertise topics"), blank=True, related_name="expert_profiles"
    )
    program_role = models.CharField(
        _("programme role"), max_length=16, choices=ProgramRole.choices, default=ProgramRole.NONE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    organization_path = "membership__organization"

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(program_role__in=ProgramRole.values), name="people_profile_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership)


@declare(
    PersonalData(
        ("profile", "network", "handle"),
        category=Category.IDENTIFICATION,
        purpose=PROFILES,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_MEMBER,
    ),
    not_personal=("created_at",),
)
class SocialProfile(models.Model):
    """A person's account on a network: a handle (@name) or the profile's URL. resonanz never scrapes it."""

    profile = models.ForeignKey(
        Profile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="social_profiles"
    )
    network = models.CharField(_("network"), max_length=16, choices=Network.choices)
    handle = models.CharField(_("handle or URL"), max_length=HANDLE_MAX_LENGTH)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    organization_path = "profile__membership__organization"

    class Meta:
        verbose_name = _("social profile")
        verbose_name_plural = _("social profiles")
        ordering = ["network", "handle"]
        constraints = [
            models.UniqueConstraint(
                "profile", "network", Lower("handle"), name="people_socialprofile_unique_handle"
            ),
            models.CheckConstraint(
                condition=models.Q(network__in=Network.values), name="people_socialprofile_network_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()}: {self.handle}"
