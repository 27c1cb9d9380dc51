"""The dry run of an import: every row of the sheet turned into the values ``actions.add_row`` takes,
with row-level findings in the user's language.

Errors (an unknown audience, an invalid recurrence, a bad date, text too long) stop the import;
warnings (a question of clause 7.4 left open, a “when” read as a trigger) do not: the row comes into
the draft and the draft cannot be submitted until it is complete, as with rows typed in by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

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
from resonanz.core.imports.reading import Cell, Sheet
from resonanz.core.models import Membership
from resonanz.core.roles import Role
from resonanz.plan import row_fields
from resonanz.plan.completeness import Question, answers_who
from resonanz.plan.models import Audience, Channel, Direction, Topic, WhenKind, fitting_timing
from resonanz.plan.recurrence import RecurrenceError, normalize_rrule
from resonanz.plan.row_fields import TEXT_LIMITS
from resonanz.plan.transfer.columns import COLUMN_SET
from resonanz.plan.transfer.when import parse_date, parse_time, phrase_key, read_when

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
LANGUAGE_NAMES = {
    "deutsch": "de",
    "german": "de",
    "englisch": "en",
    "english": "en",
    "franzoesisch": "fr",
    "french": "fr",
    "spanisch": "es",
    "spanish": "es",
    "italienisch": "it",
    "italian": "it",
    "niederlaendisch": "nl",
    "dutch": "nl",
    "polnisch": "pl",
    "polish": "pl",
    "tuerkisch": "tr",
    "turkish": "tr",
}
DIRECTION_WORDS = {
    "intern": Direction.INTERNAL,
    "internal": Direction.INTERNAL,
    "i": Direction.INTERNAL,
    "extern": Direction.EXTERNAL,
    "external": Direction.EXTERNAL,
    "e": Direction.EXTERNAL,
    "beides": Direction.BOTH,
    "both": Direction.BOTH,
    "intern und extern": Direction.BOTH,
    "intern extern": Direction.BOTH,
    "internal and external": Direction.BOTH,
    "internal external": Direction.BOTH,
}
# German role names as people write them, besides the translated labels (which come from the catalogue).
ROLE_WORDS = {
    "kommunikation": Role.COMMUNICATIONS_MANAGER,
    "kommunikationsleitung": Role.COMMUNICATIONS_MANAGER,
    "kommunikationsmanager": Role.COMMUNICATIONS_MANAGER,
    "kommunikationsmanagerin": Role.COMMUNICATIONS_MANAGER,
    "unternehmenskommunikation": Role.COMMUNICATIONS_MANAGER,
    "qmb": Role.QUALITY_OFFICER,
    "qb": Role.QUALITY_OFFICER,
    "qualitaetsmanagementbeauftragte": Role.QUALITY_OFFICER,
    "qualitaetsmanagementbeauftragter": Role.QUALITY_OFFICER,
    "qualitaetsbeauftragte": Role.QUALITY_OFFICER,
    "qualitaetsbeauftragter": Role.QUALITY_OFFICER,
    "datenschutzbeauftragte": Role.DATA_PROTECTION_OFFICER,
    "datenschutzbeauftragter": Role.DATA_PROTECTION_OFFICER,
    "botschafter": Role.AMBASSADOR,
    "botschafterin": Role.AMBASSADOR,
    "botschafterinnen": Role.AMBASSADOR,
    "mitarbeitende": Role.AMBASSADOR,
    "social media buddy": Role.BUDDY,
    "buddy": Role.BUDDY,
    "buddies": Role.BUDDY,
    "betriebsrat": Role.WORKS_COUNCIL,
    "administrator": Role.ADMIN,
    "auditor": Role.AUDITOR,
    "auditorin": Role.AUDITOR,
}


class References:
    """The organization's channels, audiences, topics and members, looked up by name (one query each)."""

    def __init__(self, member: Membership) -> None:
        organization_id = member.organization_id
        self.topics = self._by_name(Topic.objects.filter(organization_id=organization_id))
        self.audiences = self._by_name(Audience.objects.filter(organization_id=organization_id))
        self.channels = self._by_name(Channel.objects.filter(organization_id=organization_id))
        self.people_by_email: dict[str, Membership] = {}
        self.people_by_name: dict[str, list[Membership]] = defaultdict(list)
        members = Membership.objects.filter(organization_id=organization_id, is_active=True).select_related(
            "user"
        )
        for person in members:
            self.people_by_email[person.user.email.lower()] = person
            if person.user.full_name:
                self.people_by_name[_name_key(person.user.full_name)].append(person)
        self.roles: dict[str, str] = {phrase_key(word): role.value for word, role in ROLE_WORDS.items()}
        for role in Role:
            self.roles[phrase_key(role.value)] = role.value
        for language in ("de", "en"):
            with override(language):
                for role in Role:
                    self.roles.setdefault(phrase_key(str(role.label)), role.value)

    @staticmethod
    def _by_name(items: Any) -> dict[str, Any]:
        return {_name_key(item.name): item for item in items}


def _name_key(text: str) -> str:
    return " ".join(text.casefold().split())


class RowChecker(SheetChecker):
    """Checks one sheet row by row against one organization's reference data."""

    columns = COLUMN_SET

    def __init__(self, member: Membership, sheet: Sheet, mapping: dict[str, int]) -> None:
        super().__init__(sheet, mapping)
        self.member = member
        self.refs = References(member)
        self.today = timezone.localdate(timezone.now(), member.organization.zone)

    # ------------------------------------------------------------------ one row

    def check_row(self, line: int, cells: list[Cell], result: CheckResult) -> dict[str, Any] | None:
        problems: list[Problem] = []

        def cell(key: str) -> Cell:
            return self.cell(cells, key)

        def text(key: str) -> str:
            return cell_text(cell(key))

        def problem(key: str, message: str, level: str = ERROR, value: str | None = None) -> None:
            shown = text(key) if value is None else value
            problems.append(Problem(line, self.column_name(key), shown[:120], message, level))

        values: dict[str, Any] = {}
        for key, limit in TEXT_LIMITS.items():
            if key in self.mapping and key != "trigger":
                content = text(key)
                if len(content) > limit:
                    problem(
                        key, _("Use at most %(limit)s characters.") % {"limit": limit}, value=content[:60]
                    )
                values[key] = content
        values["topic"] = self._one(text("topic"), self.refs.topics, "topic", problem)
        values["audiences"] = self._many(text("audiences"), self.refs.audiences, "audiences", problem)
        values["channels"] = self._many(text("channels"), self.refs.channels, "channels", problem)
        values["languages"] = self._languages(text("languages"), problem)
        roles, people = self._senders(problem)(text("sender_roles"), "sender_roles")
        more_roles, more_people = self._senders(problem)(text("senders"), "senders")
        values["sender_roles"] = sorted(set(roles) | set(more_roles))
        values["senders"] = list({item.pk: item for item in people + more_people}.values())
        values["owner"] = self._person(text("owner"), "owner", problem)
        values["approver"] = self._person(text("approver"), "approver", problem)
        values["direction"] = self._direction(text("direction"), problem)
        values.update(self._when(cell, text, problem))
        for item in problems:
            result.add(item)
        if any(item.level == ERROR for item in problems):
            return None
        for warning in self._open_questions(line, values):
            result.add(warning)
        return values

    # ------------------------------------------------------------------ references

    def _one(self, name: str, table: dict[str, Any], key: str, problem: Any) -> Any:
        if not name:
            return None
        found = table.get(_name_key(name))
        if found is None:
            if key == "topic":
                message = _("There is no topic “%(name)s”. Add it under Topics first or correct the name.")
            elif key == "audiences":
                message = _(
                    "There is no audience “%(name)s”. Add it under Audiences first or correct the name."
                )
            else:
                message = _(
                    "There is no channel “%(name)s”. Add it under Channels first or correct the name."
                )
            problem(key, message % {"name": name[:60]}, value=name)
            return None
        if not found.is_active:
            problem(
                key,
                _("“%(name)s” is deactivated. Activate it first or choose another.") % {"name": name[:60]},
                value=name,
            )
            return None
        return found

    def _many(self, text: str, table: dict[str, Any], key: str, problem: Any) -> list[Any]:
        found: list[Any] = []
        for part in split_list(text):
            # A list may use commas too, unless a name itself has one (“Kunden, Bestand”).
            pieces = [part] if _name_key(part) in table else [p.strip() for p in part.split(",") if p.strip()]
            for piece in pieces:
                item = self._one(piece, table, key, problem)
                if item is not None and item not in found:
                    found.append(item)
        return found

    def _languages(self, text: str, problem: Any) -> list[str]:
        codes: list[str] = []
        for part in re.split(r"[;,/\n]+", text):
            word = phrase_key(part)
            if not word:
                continue
            code = LANGUAGE_NAMES.get(word, word)
            if not _LANGUAGE_CODE.match(code):
                problem(
                    "languages",
                    _("“%(value)s” is not a language. Use codes like de, en.") % {"value": part.strip()[:20]},
                )
                continue
            if code not in codes:
                codes.append(code)
        return codes

    def _person(self, text: str, key: str, problem: Any) -> Membership | None:
        if not text:
            return None
        if "@" in text:
            found = self.refs.people_by_email.get(text.lower())
            if found is None:
                problem(
                    key, _("Nobody in the organization has the address “%(value)s”.") % {"value": text[:60]}
                )
            return found
        matches = self.refs.people_by_name.get(_name_key(text), [])
        if len(matches) > 1:
            problem(
                key,
                _("Several members are called “%(value)s”. Give the e-mail address.") % {"value": text[:60]},
            )
            return None
        if not matches:
            problem(key, _("“%(value)s” is not an active member of the organization.") % {"value": text[:60]})
            return None
        return matches[0]

    def _senders(self, problem: Any) -> Callable[[str, str], tuple[list[str], list[Membership]]]:
        def read(text: str, key: str) -> tuple[list[str], list[Membership]]:
            roles: list[str] = []
            people: list[Membership] = []
            for part in split_list(text):
                role = self.refs.roles.get(phrase_key(part))
                if role is not None:
                    roles.append(role)
                    continue
                if "@" not in part and not self.refs.people_by_name.get(_name_key(part)):
                    problem(
                        key,
                        _("“%(value)s” is neither a role nor an active member of the organization.")
                        % {"value": part[:60]},
                    )
                    continue
                person = self._person(part, key, problem)
                if person is not None:
                    people.append(person)
            return roles, people

        return read

    def _direction(self, text: str, problem: Any) -> str:
        if not text:
            return Direction.EXTERNAL
        key = phrase_key(text)
        for choice in Direction:
            if key in (phrase_key(choice.value), phrase_key(str(choice.label))):
                return choice.value
        if key in DIRECTION_WORDS:
            return DIRECTION_WORDS[key].value
        problem("direction", _("Write internal, external or both."))
        return Direction.EXTERNAL

    # ------------------------------------------------------------------ when

    def _when(self, cell: Callable[[str], Cell], text: Callable[[str], str], problem: Any) -> dict[str, Any]:
        start_date: dt.date | None = None
        start_time: dt.time | None = None
        if text("start_date"):
            start_date = parse_date(cell("start_date"))
            if start_date is None:
                problem("start_date", _("Enter the date as 31.12.2026 or 2026-12-31."))
            else:
                try:
                    refuse_far_date(start_date, "start_date")
                except ActionRefused as refusal:
                    problem("start_date", str(refusal.messages[0]))
                    start_date = None
        if text("start_time"):
            start_time = parse_time(cell("start_time"))
            if start_time is None:
                problem("start_time", _("Enter the time as 09:30."))
        trigger = text("trigger")
        if len(trigger) > TEXT_LIMITS["trigger"]:
            problem("trigger", _("Use at most %(limit)s characters.") % {"limit": TEXT_LIMITS["trigger"]})
        rule_text = text("rrule").upper().removeprefix("RRULE:")
        if len(rule_text) > row_fields.limit("rrule"):
            problem("rrule", _("Use at most %(limit)s characters.") % {"limit": row_fields.limit("rrule")})
            rule_text = ""
        when_text = text("when")
        kind = ""
        rrule = ""
        if rule_text:
            kind, rrule = WhenKind.RECURRENCE, rule_text
        elif trigger:
            kind = WhenKind.TRIGGER
        elif when_text:
            read = read_when(when_text)
            if read is None:
                kind, trigger = WhenKind.TRIGGER, when_text[: TEXT_LIMITS["trigger"]]
                problem(
                    "when",
                    _("No recurrence resonanz can read, so it is imported as a trigger."),
                    WARNING,
                )
            else:
                kind, rrule = read.kind, read.rrule
                trigger = read.trigger or (
                    when_text if read.kind == WhenKind.TRIGGER and not read.trigger else ""
                )
                start_date = start_date or read.start_date
                start_time = start_time or read.start_time
                if read.kind == WhenKind.TRIGGER and not read.trigger:
                    problem(
                        "when", _("Describe the trigger, for example “Trigger: complaint received”."), WARNING
                    )
        elif start_date is not None:
            kind = WhenKind.FIXED
        if kind == WhenKind.RECURRENCE:
            if start_date is None and not text("start_date"):
                start_date = self.today
                problem(
                    "start_date",
                    _("No start date: the recurrence starts on %(date)s.")
                    % {"date": date_format(self.today, "SHORT_DATE_FORMAT")},
                    WARNING,
                )
            try:
                rrule = normalize_rrule(rrule, start_date)
            except RecurrenceError as error:
                problem(
                    "rrule" if rule_text else "when", str(error.messages[0]), value=rule_text or when_text
                )
        if kind == WhenKind.FIXED and start_date is None:
            problem("start_date", _("A row on a fixed date needs the date."))
        timing = {"rrule": rrule, "start_date": start_date, "start_time": start_time, "trigger": trigger}
        return {"when_kind": kind, **fitting_timing(kind, timing)}

    def _open_questions(self, line: int, values: dict[str, Any]) -> list[Problem]:
        """Warnings for the questions a row leaves open. A missing "when" and a missing approver are
        named in their own column: a row without either cannot be planned or released."""
        found = []
        if not values.get("when_kind"):
            found.append(
                Problem(
                    line,
                    self.column_name("when"),
                    "",
                    _(
                        "No “when”: give a recurrence, a date or a trigger. The row is imported; "
                        "complete it before submitting the plan."
                    ),
                    WARNING,
                )
            )
        if values.get("approver") is None:
            found.append(
                Problem(
                    line,
                    self.column_name("approver"),
                    "",
                    _(
                        "No approver: name who approves this communication. The row is imported; "
                        "complete it before submitting the plan."
                    ),
                    WARNING,
                )
            )
        missing = []
        if values.get("topic") is None:
            missing.append(Question.WHAT)
        if not values.get("audiences"):
            missing.append(Question.WITH_WHOM)
        if not values.get("channels"):
            missing.append(Question.HOW)
        # The approver has its own warning above; "who" also needs a sender and someone responsible.
        if not answers_who(
            values.get("owner"), True, bool(values.get("sender_roles") or values.get("senders"))
        ):
            missing.append(Question.WHO)
        if missing:
            questions = ", ".join(str(Question(item).label) for item in missing)
            message = _(
                "Leaves open: %(questions)s. The row is imported; complete it before submitting the plan."
            ) % {"questions": questions}
            found.append(Problem(line, "", "", message, WARNING))
        return found
