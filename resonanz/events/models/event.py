"""Events (dates of a training, workshops, meet-ups, webinars), registrations with a waiting list, and
the private calendar feeds that carry a person's events into their calendar."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.events.models.purposes import CALENDAR, EVENTS, UNTIL_REVOKED, WITH_THE_EVENT

TITLE_MAX_LENGTH = 200
PLACE_MAX_LENGTH = 200
URL_MAX_LENGTH = 500
DESCRIPTION_MAX_LENGTH = 5000
MAX_CAPACITY = 10_000


class EventKind(models.TextChoices):
    TRAINING_DATE = "training_date", _("training date")
    WORKSHOP = "workshop", _("workshop")
    MEETUP = "meetup", _("meet-up")
    WEBINAR = "webinar", _("webinar")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not attend")


# Registrations that hold a place or wait for one (a person has at most one of these per event).
ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)
# Registrations that take a place of the capacity.
SEATED_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)


@declare(
    not_personal=(
        "organization",
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "capacity",
        "registration_open",
        "description",
        "cancelled_at",
        "created_at",
        "training",
    ),
)
class Event(models.Model):
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices, default=EventKind.WORKSHOP)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=PLACE_MAX_LENGTH, blank=True)
    online_url = models.CharField(_("online link"), max_length=URL_MAX_LENGTH, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_open = models.BooleanField(_("registration open"), default=True)
    description = models.TextField(_("description"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The training this event is a date of. PROTECT, not SET_NULL: attendance at a training's dates is
    # evidence of taking part in it (ISO 9001 7.2), and a deleted training must not silently cut that
    # link; trainings are never deleted by the product (competence keeps them with their certificates).
    training = models.ForeignKey(
        "competence.Training",
        verbose_name=_("training"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["organization", "starts_at"], name="events_event_org_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="events_event_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY), name="events_event_capacity"
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="events_event_kind_valid"),
            models.CheckConstraint(
                condition=Q(online_url="")
                | Q(online_url__startswith="https://")
                | Q(online_url__startswith="http://"),
                name="events_event_online_url_http",
            ),
        ]

    def __str__(self) -> str:
        return self.title


@declare(
    PersonalData(
        ("membership", "status", "waiting_position", "created_at", "updated_at"),
        category=Category.ACTIVITY,
        purpose=EVENTS,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_EVENT,
    ),
    not_personal=("event",),
)
class Registration(models.Model):
    organization_path = "event__organization"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    membership = models.ForeignKey(
        "core.Membership",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    # A number that only grows per event; the place in the queue is the rank among those waiting.
    waiting_position = models.PositiveIntegerField(_("waiting position"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "membership"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="events_registration_once",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values), name="events_registration_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=RegistrationStatus.WAITING) & Q(waiting_position__isnull=False))
                | (~Q(status=RegistrationStatus.WAITING) & Q(waiting_position__isnull=True)),
                name="events_registration_waiting_position",
            ),
        ]
        indexes = [models.Index(fields=["membership", "status"], name="events_reg_member_status")]

    def __str__(self) -> str:
        return f"{self.membership} – {self.event}"


@declare(
    PersonalData(
        ("membership", "token_hash", "created_at", "revoked_at"),
        category=Category.CREDENTIALS,
        purpose=CALENDAR,
        basis=LawfulBasis.CONTRACT,
        retention=UNTIL_REVOKED,
    ),
)
class CalendarFeed(models.Model):
    """A secret URL that serves one person's events as iCalendar; only the token's hash is stored."""

    organization_path = "membership__organization"

    membership = models.ForeignKey(
        "core.Membership", verbose_name=_("member"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(revoked_at__isnull=True),
                name="events_calendarfeed_one_active",
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership)
