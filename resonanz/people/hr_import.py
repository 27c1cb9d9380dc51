"""The people import's columns and its dry run: each row of an HR export checked against the organization.

A row is keyed by its e-mail address (case-insensitive). It becomes one of

* ``new``: nobody of the organization has the address; the person is added (see
  ``resonanz.people.actions.imports`` for how),
* ``update``: a member has it and the row changes their unit, location, job title or profile,
* ``unchanged``: a member has it and the row changes nothing,
* ``leave``: the row says the person left (status “leaver”, or a leaving date that has passed),
* ``skip``: nothing to do (a leaver the organization does not know, a member who left earlier).

An empty cell changes nothing: an HR export that lacks a value does not wipe what people entered
themselves. Names are taken only for new people: an existing account's name is the person's own
(``core.actions.update_profile``). Languages, time zones and programme roles are cleaned by
``profile_values``, the same rules the profile form and the API use.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.imports.checking import (
    ERROR,
    WARNING,
    CheckResult,
    Problem,
    SheetChecker,
    cell_text,
    split_list,
)
from resonanz.core.imports.columns import Column, ColumnSet, normalize_header
from resonanz.core.imports.reading import Cell, Sheet
from resonanz.core.models import Membership
from resonanz.people.models import MAX_EXPERTISE_TOPICS, PeopleImportJob, Profile, ProgramRole
from resonanz.people.profile_values import clean_languages, clean_program_role, clean_time_zone
from resonanz.plan.models import Topic
from resonanz.plan.transfer.when import parse_date

NEW, UPDATE, UNCHANGED, LEAVE, SKIP = "new", "update", "unchanged", "leave", "skip"
MEMBER_FIELDS = ("job_title", "unit", "location")
PROFILE_FIELDS = ("languages", "time_zone", "expertise_topics", "program_role")
# Bounds of the account and membership fields (core.User, core.Membership).
LIMITS = {"title": 40, "given_name": 60, "family_name": 80, "job_title": 150, "unit": 150, "location": 150}
MAX_LISTED_LEAVERS = 500

COLUMNS = ColumnSet(
    (
        Column(
            "email",
            gettext_lazy("E-mail address"),
            (
                "e-mail",
                "email",
                "mail",
                "e-mail-adresse",
                "email address",
                "dienstliche e-mail",
                "work email",
            ),
            required=True,
        ),
        Column("title", gettext_lazy("Title"), ("titel", "akademischer grad", "title", "academic title")),
        Column(
            "given_name",
            gettext_lazy("Given name"),
            ("vorname", "vornamen", "rufname", "first name", "given name"),
        ),
        Column(
            "family_name",
            gettext_lazy("Family name"),
            ("nachname", "familienname", "name", "surname", "last name", "family name"),
        ),
        Column(
            "job_title",
            gettext_lazy("Job title"),
            ("stellenbezeichnung", "position", "funktion", "berufsbezeichnung", "job title"),
        ),
        Column(
            "unit",
            gettext_lazy("Unit"),
            ("abteilung", "bereich", "organisationseinheit", "team", "department", "unit", "division"),
        ),
        Column("location", gettext_lazy("Location"), ("standort", "ort", "niederlassung", "office", "site")),
        Column("languages", gettext_lazy("Languages"), ("sprache", "sprachen", "language", "languages")),
        Column("time_zone", gettext_lazy("Time zone"), ("zeitzone", "timezone", "time zone")),
        Column(
            "expertise_topics",
            gettext_lazy("Expertise topics"),
            ("expertise", "themen", "fachthemen", "fachgebiete", "topics", "expertise topics"),
        ),
        Column(
            "program_role",
            gettext_lazy("Programme role"),
            ("programmrolle", "rolle im programm", "program role", "programme role"),
        ),
        Column(
            "leaving_date",
            gettext_lazy("Leaving date"),
            ("austrittsdatum", "austritt", "letzter arbeitstag", "leaving date", "exit date", "end date"),
        ),
        Column("status", gettext_lazy("Status"), ("status", "beschaeftigungsstatus", "employment status")),
    )
)
# What the status column may say (compared as ``normalize_header`` keys); anything else is an error.
LEAVER_WORDS = frozenset(
    {"leaver", "left", "inactive", "ausgeschieden", "ausgetreten", "inaktiv", "austritt", "verlassen"}
)
ACTIVE_WORDS = frozenset({"active", "aktiv", "employed", "beschaeftigt"})
ROLE_WORDS = {
    "botschafter": ProgramRole.AMBASSADOR,
    "botschafterin": ProgramRole.AMBASSADOR,
    "social media buddy": ProgramRole.BUDDY,
    "keine": ProgramRole.NONE,
    "kein": ProgramRole.NONE,
    "nein": ProgramRole.NONE,
    "no": ProgramRole.NONE,
}


def _role_names() -> dict[str, str]:
    names = {normalize_header(word): role.value for word, role in ROLE_WORDS.items()}
    for role in ProgramRole:
        names[normalize_header(role.value)] = role.value
        for language in ("de", "en"):
            with override(language):
                names.setdefault(normalize_header(str(role.label)), role.value)
    return names


class PeopleChecker(SheetChecker):
    """Checks an HR export row by row against one organization's members, profiles and topics."""

    columns = COLUMNS

    def __init__(self, member: Membership, sheet: Sheet, job: PeopleImportJob) -> None:
        super().__init__(sheet, job.mapping)
        self.member = member
        self.missing_are_leavers = job.missing_are_leavers
        self.today = timezone.localdate(timezone.now(), member.organization.zone)
        people = Membership.objects.filter(organization_id=member.organization_id).select_related("user")
        self.people = {person.user.email.lower(): person for person in people}
        self.profiles = {
            profile.membership_id: profile
            for profile in Profile.objects.filter(membership__organization_id=member.organization_id)
        }
        self.topics_of: dict[int, set[int]] = {}
        through = Profile.expertise_topics.through.objects.filter(
            profile__membership__organization_id=member.organization_id
        ).values_list("profile__membership_id", "topic_id")
        for membership_id, topic_id in through:
            self.topics_of.setdefault(membership_id, set()).add(topic_id)
        topics = Topic.objects.filter(organization_id=member.organization_id, is_active=True)
        self.topics = {" ".join(topic.name.casefold().split()): topic.pk for topic in topics}
        self.roles = _role_names()
        self.first_line: dict[str, int] = {}
        self.duplicate_lines: set[int] = set()

    # ------------------------------------------------------------------ one row

    def check_row(self, line: int, cells: list[Cell], result: CheckResult) -> dict[str, Any] | None:
        problems: list[Problem] = []

        def text(key: str) -> str:
            return cell_text(self.cell(cells, key)) if key in self.mapping else ""

        def problem(key: str, message: str, level: str = ERROR, value: str | None = None) -> None:
            shown = text(key) if value is None else value
            problems.append(Problem(line, self.column_name(key), shown[:120], message, level))

        email = self._email(text("email"), line, problem, result)
        given = {key: text(key) for key in ("title", "given_name", "family_name", *MEMBER_FIELDS)}
        for key, value in given.items():
            if len(value) > LIMITS[key]:
                problem(
                    key, _("Use at most %(limit)s characters.") % {"limit": LIMITS[key]}, value=value[:60]
                )
        profile = self._profile_values(text, problem)
        leaving = self._leaving(self.cell(cells, "leaving_date"), text, problem)
        for item in problems:
            result.add(item)
        if email is None or any(item.level == ERROR for item in problems):
            return None
        person = self.people.get(email)
        values: dict[str, Any] = {"email": email, "membership_id": person.pk if person else None}
        if leaving:
            return {**values, "action": self._leaver_action(line, person, result)}
        if person is None:
            if not (given["given_name"] or given["family_name"]):
                result.add(
                    Problem(
                        line,
                        self.column_name("family_name"),
                        "",
                        _("%(email)s is not a member yet: give the new person's given or family name.")
                        % {"email": email},
                        ERROR,
                    )
                )
                return None
            names = {key: given[key] for key in ("title", "given_name", "family_name")}
            member = {key: given[key] for key in MEMBER_FIELDS}
            return {**values, "action": NEW, "names": names, "member": member, "profile": profile}
        if not person.is_active:
            result.add(
                Problem(
                    line,
                    self.column_name("email"),
                    email,
                    _(
                        "%(email)s has left the organization, so the row is left out. Reactivate the "
                        "membership under Members first if the person is back."
                    )
                    % {"email": email},
                    WARNING,
                )
            )
            return {**values, "action": SKIP}
        member_changes = {
            key: given[key] for key in MEMBER_FIELDS if given[key] and given[key] != getattr(person, key)
        }
        profile_changes = self._profile_changes(person, profile)
        changed = bool(member_changes or profile_changes)
        return {
            **values,
            "action": UPDATE if changed else UNCHANGED,
            "member": member_changes,
            "profile": profile_changes,
        }

    def _email(self, text: str, line: int, problem: Any, result: CheckResult) -> str | None:
        email = text.lower()
        if not email:
            problem("email", _("Every row needs the person's e-mail address."))
            return None
        try:
            validate_email(email)
        except ValidationError:
            problem("email", _("“%(value)s” is not an e-mail address.") % {"value": text[:60]})
            return None
        first = self.first_line.get(email)
        if first is None:
            self.first_line[email] = line
            return email
        message = _(
            "Lines %(first)s and %(line)s both have the address %(email)s. Each person may appear only once."
        ) % {"first": first, "line": line, "email": email}
        problem("email", message)
        if first not in self.duplicate_lines:
            self.duplicate_lines.add(first)
            result.add(Problem(first, self.column_name("email"), email, message, ERROR))
        return None

    def _profile_values(self, text: Any, problem: Any) -> dict[str, Any]:
        values: dict[str, Any] = {}
        cleaners = {"languages": clean_languages, "time_zone": clean_time_zone}
        for key, clean in cleaners.items():
            if text(key):
                try:
                    values[key] = clean(text(key))
                except ActionRefused as refusal:
                    problem(key, str(refusal.messages[0]))
        if text("program_role"):
            role = self.roles.get(normalize_header(text("program_role")), text("program_role"))
            try:
                values["program_role"] = clean_program_role(role)
            except ActionRefused:
                labels = ", ".join(str(choice.label) for choice in ProgramRole)
                problem("program_role", _("Write one of: %(roles)s.") % {"roles": labels})
        if text("expertise_topics"):
            found: list[int] = []
            for part in split_list(text("expertise_topics").replace(",", ";")):
                pk = self.topics.get(" ".join(part.casefold().split()))
                if pk is None:
                    problem(
                        "expertise_topics",
                        _(
                            "There is no active topic “%(name)s”. Add it under Topics first or "
                            "correct the name."
                        )
                        % {"name": part[:60]},
                    )
                elif pk not in found:
                    found.append(pk)
            if len(found) > MAX_EXPERTISE_TOPICS:
                problem(
                    "expertise_topics", _("Name at most %(limit)s topics.") % {"limit": MAX_EXPERTISE_TOPICS}
                )
            values["expertise_topics"] = found
        return values

    def _leaving(self, leaving_cell: Cell, text: Any, problem: Any) -> bool:
        status = normalize_header(text("status"))
        leaver = status in LEAVER_WORDS
        if status and not leaver and status not in ACTIVE_WORDS:
            problem("status", _("Write “leaver” for a person who has left, or leave the cell empty."))
        if text("leaving_date"):
            day = parse_date(leaving_cell)
            if day is None:
                problem("leaving_date", _("Enter the date as 31.12.2026 or 2026-12-31."))
                return leaver
            try:
                refuse_far_date(day, "leaving_date")
            except ActionRefused as refusal:
                problem("leaving_date", str(refusal.messages[0]))
                return leaver
            if day <= self.today:
                return True
            if not leaver:
                problem(
                    "leaving_date",
                    _(
                        "Leaves on %(date)s: not marked as having left yet. Import the file again "
                        "after that day."
                    )
                    % {"date": date_format(day, "SHORT_DATE_FORMAT")},
                    WARNING,
                )
        return leaver

    def _leaver_action(self, line: int, person: Membership | None, result: CheckResult) -> str:
        if person is None:
            result.add(
                Problem(
                    line,
                    self.column_name("email"),
                    "",
                    _(
                        "Nobody of the organization has this address, so there is nobody to mark as "
                        "having left."
                    ),
                    WARNING,
                )
            )
            return SKIP
        if not person.is_active:
            return UNCHANGED
        if person.pk == self.member.pk:
            result.add(
                Problem(
                    line, self.column_name("email"), "", _("You cannot mark yourself as having left."), ERROR
                )
            )
        return LEAVE

    def _profile_changes(self, person: Membership, values: dict[str, Any]) -> dict[str, Any]:
        profile = self.profiles.get(person.pk)
        current: dict[str, Any] = {
            "languages": list(profile.languages) if profile else [],
            "time_zone": profile.time_zone if profile else Profile._meta.get_field("time_zone").default,
            "program_role": profile.program_role if profile else ProgramRole.NONE,
        }
        changes = {key: value for key, value in values.items() if key in current and value != current[key]}
        if "expertise_topics" in values and set(values["expertise_topics"]) != self.topics_of.get(
            person.pk, set()
        ):
            changes["expertise_topics"] = values["expertise_topics"]
        return changes

    # ------------------------------------------------------------------ across rows

    def finish(self, result: CheckResult) -> None:
        """Drop rows a later duplicate made faulty, list the members the file lacks, count the outcome."""
        result.rows = [row for row in result.rows if row.line not in result.error_lines]
        missing: list[Membership] = []
        if self.missing_are_leavers:
            missing = sorted(
                (
                    person
                    for email, person in self.people.items()
                    if person.is_active and email not in self.first_line
                ),
                key=lambda person: (person.user.full_name.casefold(), person.pk),
            )
            if any(person.pk == self.member.pk for person in missing):
                result.add(
                    Problem(
                        0,
                        self.column_name("email"),
                        self.member.user.email,
                        _(
                            "You are not in the file: as members missing from the file count as having "
                            "left, you would mark yourself as having left. Add yourself to the file."
                        ),
                        ERROR,
                    )
                )
        counts = {action: 0 for action in (NEW, UPDATE, UNCHANGED, LEAVE, SKIP)}
        for row in result.rows:
            counts[row.values["action"]] += 1
        result.summary = {
            "new": counts[NEW],
            "updated": counts[UPDATE],
            "unchanged": counts[UNCHANGED],
            "leavers": counts[LEAVE] + len(missing),
            "skipped": counts[SKIP],
            "missing_count": len(missing),
            "missing": [
                {"email": person.user.email, "name": person.user.full_name}
                for person in missing[:MAX_LISTED_LEAVERS]
            ],
            "missing_ids": [person.pk for person in missing],
        }
