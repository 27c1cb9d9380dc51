"""The demo communication plans: Rheinblick Consulting's own, and a smaller one for each client company.

Everything is made through the plan's actions, as people would make it: the communications manager
writes the draft, the quality officer sends one version back with a comment, approves and publishes;
a second version follows, a third is in draft. Dates are relative to today, so the past occurrences
that carry evidence are always in the past. Registered in ``resonanz.core.demo.DEMO_LOADERS`` by the
app's ``ready()``; an organization that already has a plan is left as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Role
from resonanz.plan import actions
from resonanz.plan.models import (
    Audience,
    Channel,
    ChannelKind,
    CommunicationPlan,
    Direction,
    PlanRow,
    PlanVersion,
    Topic,
    WhenKind,
)
from resonanz.plan.schedule import row_occurrences

CONSULTANCY_SLUG = "rheinblick"
WORKING_DAYS = "MO,TU,WE,TH,FR"
CM, QB, BUDDY, AMB, DPO, WC = (
    Role.COMMUNICATIONS_MANAGER,
    Role.QUALITY_OFFICER,
    Role.BUDDY,
    Role.AMBASSADOR,
    Role.DATA_PROTECTION_OFFICER,
    Role.WORKS_COUNCIL,
)
EXT, INT, BOTH = Direction.EXTERNAL, Direction.INTERNAL, Direction.BOTH


@dataclass(frozen=True)
class Line:
    """One row of a demo plan. ``when`` is an RRULE, ``fixed:<month>-<day>`` or ``trigger:<text>``."""

    key: str
    topic: str
    description: str
    when: str
    audiences: tuple[str, ...]
    channels: tuple[str, ...]
    roles: tuple[Role, ...] = (CM,)
    people: tuple[Role, ...] = ()  # named senders, by the role of the demo login who sends
    owner: Role = CM
    approver: Role = CM
    direction: str = EXT
    start: tuple[int, int] = (1, 5)  # month and day in the year before this one
    time: tuple[int, int] | None = (9, 0)
    key_messages: str = ""
    format: str = ""
    languages: tuple[str, ...] = ("de",)
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# A table reads better as a table.
# fmt: off
LINES: tuple[Line, ...] = (
    Line("newsletter", "Fachwissen und Meinungsführerschaft",
         "Kundennewsletter „Rheinblick Impulse“ mit Praxisbeispielen aus Projekten",
         "FREQ=MONTHLY;BYDAY=2TH", ("Kunden", "Interessenten"), ("Newsletter",),
         key_messages="Wir machen Prozesse messbar besser.", format="HTML-Newsletter",
         languages=("de", "en"), start=(1, 8), time=(10, 0)),
    Line("linkedin", "Fachwissen und Meinungsführerschaft",
         "LinkedIn-Fachbeiträge der Beraterinnen und Berater",
         "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", ("Kunden", "Interessenten", "Bewerber"), ("LinkedIn",),
         roles=(BUDDY, AMB), people=(BUDDY,), key_messages="Erfahrung aus über 1.000 Projekten.",
         format="Beitrag mit Grafik oder Karussell", start=(1, 13), time=(8, 30)),
    Line("quarterly", "Qualitätspolitik und -ziele",
         "Quartalsbericht an die Geschäftsführung: Qualitätsziele, Kennzahlen, Beschwerden",
         f"FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY={WORKING_DAYS};BYSETPOS=1", ("Geschäftsführung",),
         ("Besprechung", "E-Mail"), roles=(QB,), people=(QB,), owner=QB, approver=QB, direction=INT,
         start=(1, 2), format="Bericht (PDF) und Termin, 60 Minuten"),
    Line("complaints", "Kundenzufriedenheit", "Reaktion auf Beschwerden in sozialen Netzwerken",
         "trigger:Binnen 24 Stunden nach einer Beschwerde oder einem kritischen Kommentar",
         ("Kunden", "Öffentlichkeit / Nachbarschaft"), ("LinkedIn", "Instagram", "Facebook"), people=(CM,),
         key_messages="Wir nehmen jede Rückmeldung ernst und melden uns persönlich.",
         notes="Eskalation an die Qualitätsmanagementbeauftragte, wenn ein Mangel vorliegt.", time=None),
    Line("fair", "Veranstaltungen", "Messeauftritt auf der Zukunft Personal Europe, Köln", "fixed:09-15",
         ("Kunden", "Interessenten", "Bewerber"), ("Messe / Veranstaltung", "LinkedIn"), roles=(CM, BUDDY),
         format="Stand, Vortrag und Nachbericht"),
    Line("fair_report", "Veranstaltungen", "Nachbericht zu jeder Messe und Konferenz",
         "trigger:Binnen einer Woche nach jeder Messe oder Konferenz", ("Kunden", "Interessenten"),
         ("Unternehmensblog", "LinkedIn"), roles=(CM, BUDDY), time=None),
    Line("staff_meeting", "Unternehmensnachrichten", "Betriebsversammlung (§ 43 BetrVG)",
         "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=WE;BYSETPOS=-1", ("Mitarbeitende",), ("Betriebsversammlung",),
         roles=(WC,), people=(WC,), owner=WC, approver=WC, direction=INT, start=(3, 25), time=(14, 0),
         notes="Tagesordnung zwei Wochen vorher im Intranet."),
    Line("press", "Unternehmensnachrichten",
         "Pressemitteilungen zu Großprojekten, Personalien und Auszeichnungen",
         "trigger:Bei Großaufträgen, Wechseln in der Geschäftsführung und Auszeichnungen", ("Presse",),
         ("Pressemitteilung", "Website"), people=(CM,), approver=QB, time=None),
    Line("intranet", "Interne Organisation", "Intranet-News aus Standorten und Projekten",
         "FREQ=WEEKLY;BYDAY=MO", ("Mitarbeitende",), ("Intranet",), direction=INT, time=(8, 0)),
    Line("audit_body", "Zertifizierung und Audits",
         "Abstimmung des Überwachungsaudits mit der Zertifizierungsstelle", "FREQ=YEARLY;BYMONTH=2;BYDAY=1TU",
         ("Zertifizierungsstelle",), ("E-Mail", "Telefon"), roles=(QB,), people=(QB,), owner=QB, approver=QB,
         start=(2, 3), time=(10, 0), format="Auditplan, Terminabstimmung"),
    Line("audit_staff", "Zertifizierung und Audits", "Information der Belegschaft über das anstehende Audit",
         "FREQ=YEARLY;BYMONTH=3;BYDAY=1MO", ("Mitarbeitende", "Führungskräfte"), ("Intranet", "E-Mail"),
         roles=(QB,), owner=QB, approver=QB, direction=INT, start=(3, 2)),
    Line("survey", "Interne Organisation", "Mitarbeiterbefragung: Einladung, Erinnerung und Ergebnisse",
         "FREQ=YEARLY;BYMONTH=10;BYDAY=1MO", ("Mitarbeitende", "Betriebsrat"), ("E-Mail", "Intranet"),
         roles=(CM, WC), approver=QB, direction=INT, start=(10, 5),
         notes="Auswertung nur für Gruppen ab zehn Personen (Vereinbarung mit dem Betriebsrat)."),
    Line("instagram", "Arbeitgebermarke", "Arbeitgebermarke auf Instagram: Einblicke in Teams und Projekte",
         "FREQ=WEEKLY;BYDAY=TH", ("Bewerber",), ("Instagram",), roles=(CM, BUDDY), people=(BUDDY,),
         format="Foto-Beitrag oder Reel", start=(1, 8), time=(12, 0)),
    Line("crisis", "Krisenkommunikation",
         "Krisenkommunikation bei Vorfällen, Ausfällen und negativer Berichterstattung",
         "trigger:Sofort bei einem Vorfall; erste Stellungnahme binnen 4 Stunden",
         ("Presse", "Kunden", "Mitarbeitende"), ("Pressemitteilung", "E-Mail", "Website"), people=(CM, QB),
         approver=QB, direction=BOTH, time=None,
         key_messages="Was ist passiert, was tun wir, wann informieren wir wieder."),
    Line("policy", "Qualitätspolitik und -ziele", "Qualitätspolitik und Qualitätsziele bekannt machen",
         "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=15", ("Mitarbeitende", "Führungskräfte"),
         ("Intranet", "Aushang / Schwarzes Brett"), roles=(QB,), owner=QB, approver=QB, direction=INT,
         start=(2, 15)),
    Line("review", "Qualitätspolitik und -ziele", "Ergebnisse der Managementbewertung an die Führungskräfte",
         "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=20", ("Führungskräfte",), ("Besprechung",), roles=(QB,), owner=QB,
         approver=QB, direction=INT, start=(3, 20), time=(10, 0)),
    Line("satisfaction", "Kundenzufriedenheit", "Ergebnisse der Kundenzufriedenheitsbefragung",
         "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=10", ("Kunden",), ("Newsletter", "Website"), approver=QB,
         start=(5, 10), time=(10, 0)),
    Line("onboarding", "Interne Organisation", "Begrüßung neuer Mitarbeitender mit Kommunikationsleitlinie",
         "trigger:Am ersten Arbeitstag jeder neuen Kollegin und jedes neuen Kollegen", ("Mitarbeitende",),
         ("E-Mail", "Besprechung"), roles=(BUDDY,), people=(BUDDY,), direction=INT, time=None),
    Line("buddy_hour", "Fachwissen und Meinungsführerschaft", "Sprechstunde der Social-Media-Buddys",
         "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", ("Mitarbeitende",), ("Besprechung",), roles=(BUDDY,),
         people=(BUDDY,), owner=BUDDY, direction=INT, start=(1, 15), time=(16, 0),
         format="Videokonferenz, 45 Minuten"),
    Line("webinar", "Fachwissen und Meinungsführerschaft", "Webinar-Reihe „Prozesse im Griff“",
         "FREQ=MONTHLY;BYDAY=-1WE", ("Kunden", "Interessenten"), ("Webinar", "LinkedIn"), roles=(CM, BUDDY),
         start=(1, 28), time=(11, 0), format="Webinar, 45 Minuten mit Fragerunde"),
    Line("blog", "Fachwissen und Meinungsführerschaft", "Fachartikel im Unternehmensblog",
         "FREQ=MONTHLY;BYDAY=3TU", ("Kunden", "Interessenten"), ("Unternehmensblog",), roles=(CM, AMB),
         start=(1, 20)),
    Line("sustainability", "Unternehmensnachrichten", "Nachhaltigkeitsbericht",
         "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30", ("Kunden", "Öffentlichkeit / Nachbarschaft", "Partner"),
         ("Website", "Pressemitteilung"), approver=QB, start=(6, 30), time=(10, 0)),
    Line("privacy_info", "Interne Organisation",
         "Datenschutz-Unterweisung und Hinweise zu sozialen Netzwerken",
         "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=15",
         ("Mitarbeitende",), ("Intranet", "E-Mail"), roles=(DPO,), people=(DPO,), owner=DPO, approver=QB,
         direction=INT, start=(4, 15)),
    Line("safety", "Arbeitsschutz und Umwelt", "Jährliche Unterweisung Arbeitsschutz und Bildschirmarbeit",
         "FREQ=YEARLY;BYMONTH=1;BYDAY=3MO", ("Mitarbeitende",), ("Intranet",), roles=(QB,), owner=QB,
         approver=QB, direction=INT, start=(1, 19)),
    Line("suppliers", "Qualitätspolitik und -ziele", "Ergebnis der Lieferantenbewertung an die Lieferanten",
         "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15", ("Lieferanten",), ("E-Mail", "Brief"), roles=(QB,), owner=QB,
         approver=QB, start=(11, 15)),
    Line("partners", "Unternehmensnachrichten", "Partnertreffen mit Kooperationspartnern",
         "FREQ=MONTHLY;INTERVAL=3;BYDAY=2WE", ("Partner",), ("Besprechung",), people=(CM,), start=(1, 14),
         time=(15, 0)),
    Line("jobs", "Arbeitgebermarke", "Stellenanzeigen teilen",
         "trigger:Bei jeder neu ausgeschriebenen Stelle",
         ("Bewerber",), ("LinkedIn", "Website"), roles=(AMB, BUDDY), time=None),
    Line("fediverse", "Fachwissen und Meinungsführerschaft", "Kurzbeiträge im Fediverse und auf Bluesky",
         "FREQ=WEEKLY;BYDAY=WE", ("Interessenten", "Presse"), ("Mastodon", "Bluesky"), roles=(BUDDY, AMB),
         start=(1, 7), time=(10, 0)),
    Line("video", "Fachwissen und Meinungsführerschaft", "Erklärvideo zu einem Beratungsthema",
         "FREQ=MONTHLY;INTERVAL=2;BYDAY=1FR", ("Interessenten", "Kunden"), ("YouTube", "LinkedIn"),
         start=(1, 2), time=(12, 0)),
    Line("forum", "Veranstaltungen", "Kundenveranstaltung „Rheinblick Forum“", "fixed:11-19",
         ("Kunden", "Partner"), ("Messe / Veranstaltung", "E-Mail"), roles=(CM, QB), people=(CM,),
         time=(17, 0), format="Abendveranstaltung mit Fachvorträgen"),
    Line("campus", "Arbeitgebermarke", "Hochschulmesse und Karrieretag", "FREQ=YEARLY;BYMONTH=5;BYDAY=2TH",
         ("Bewerber",), ("Messe / Veranstaltung", "Instagram"), roles=(BUDDY, AMB), start=(5, 14)),
    Line("team_meetings", "Interne Organisation", "Wochenbesprechung in den Standorten",
         "FREQ=WEEKLY;BYDAY=MO", ("Mitarbeitende",), ("Besprechung",), roles=(QB, CM), direction=INT,
         time=(9, 30)),
    Line("leaders", "Interne Organisation", "Führungskräfte-Briefing", "FREQ=MONTHLY;BYDAY=1MO",
         ("Führungskräfte",), ("Besprechung",), people=(CM,), direction=INT, time=(8, 0)),
    Line("complaint_mail", "Kundenzufriedenheit", "Antwort auf Reklamationen per E-Mail oder Telefon",
         "trigger:Binnen zwei Werktagen nach Eingang einer Reklamation", ("Kunden",), ("E-Mail", "Telefon"),
         roles=(QB, CM), owner=QB, approver=QB, time=None),
    Line("breach", "Krisenkommunikation", "Meldung von Datenschutzverletzungen an die Aufsichtsbehörde",
         "trigger:Binnen 72 Stunden nach Bekanntwerden (Art. 33 DSGVO)", ("Behörden",), ("Brief", "E-Mail"),
         roles=(DPO,), people=(DPO,), owner=DPO, approver=QB, time=None),
    Line("works_council", "Interne Organisation", "Unterrichtung des Betriebsrats über geplante Änderungen",
         "trigger:Rechtzeitig vor jeder Betriebsänderung (§ 111 BetrVG)", ("Betriebsrat",), ("Besprechung",),
         roles=(QB,), people=(WC,), owner=QB, approver=QB, direction=INT, time=None),
    Line("case_studies", "Fachwissen und Meinungsführerschaft",
         "Referenzprojekte (Case Studies) auf der Website",
         "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", ("Interessenten",), ("Website", "LinkedIn"), start=(1, 1)),
    Line("greetings", "Unternehmensnachrichten", "Jahresgruß an Kunden und Partner",
         "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", ("Kunden", "Partner"), ("E-Mail", "Brief"), start=(12, 15),
         time=(10, 0)),
)
# Added in version 2.
VERSION_2_LINES: tuple[Line, ...] = (
    Line("x_posts", "Unternehmensnachrichten", "Kurzmeldungen auf X", "FREQ=WEEKLY;BYDAY=FR", ("Presse",),
         ("X",), start=(1, 9), time=(11, 0)),
    Line("notice_board", "Arbeitsschutz und Umwelt", "Aushang zu Arbeitsschutz und Ersthelfern",
         "FREQ=MONTHLY;BYMONTHDAY=1", ("Mitarbeitende",), ("Aushang / Schwarzes Brett",), roles=(QB,),
         owner=QB, approver=QB, direction=INT, start=(1, 1), time=None),
)
# Added in version 3, the open draft.
VERSION_3_LINES: tuple[Line, ...] = (
    Line("podcast", "Fachwissen und Meinungsführerschaft", "Podcast „Rheinblick Gespräche“",
         "FREQ=MONTHLY;BYDAY=1TH", ("Kunden", "Interessenten", "Bewerber"), ("Podcast", "LinkedIn"),
         roles=(CM, BUDDY), start=(1, 1), time=(7, 0), format="Audio, 30 Minuten"),
)
# The smaller plan of each client company.
CLIENT_LINES: tuple[Line, ...] = (
    Line("newsletter", "Produktneuheiten", "Kundennewsletter", "FREQ=MONTHLY;BYDAY=1TU", ("Kunden",),
         ("Newsletter",), start=(1, 6), time=(10, 0)),
    Line("linkedin", "Fachwissen und Meinungsführerschaft", "LinkedIn-Beiträge aus dem Betrieb",
         "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", ("Kunden", "Bewerber"), ("LinkedIn",), roles=(CM, AMB),
         start=(1, 13)),
    Line("staff_meeting", "Unternehmensnachrichten", "Betriebsversammlung",
         "FREQ=MONTHLY;INTERVAL=3;BYDAY=2WE", ("Mitarbeitende",), ("Betriebsversammlung",), roles=(WC,),
         people=(WC,), direction=INT, start=(1, 14), time=(14, 0)),
    Line("complaints", "Kundenzufriedenheit", "Antwort auf Reklamationen",
         "trigger:Binnen zwei Werktagen nach Eingang einer Reklamation", ("Kunden",), ("E-Mail", "Telefon"),
         roles=(QB,), owner=QB, approver=QB, time=None),
    Line("quality", "Qualitätspolitik und -ziele", "Qualitätsziele und Kennzahlen im Aushang",
         f"FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY={WORKING_DAYS};BYSETPOS=1", ("Mitarbeitende",),
         ("Aushang / Schwarzes Brett", "Intranet"), roles=(QB,), owner=QB, approver=QB, direction=INT,
         start=(1, 2)),
    Line("audit", "Qualitätspolitik und -ziele", "Abstimmung des Audits mit der Zertifizierungsstelle",
         "FREQ=YEARLY;BYMONTH=2;BYDAY=1TU", ("Zertifizierungsstelle",), ("E-Mail",), roles=(QB,), owner=QB,
         approver=QB, start=(2, 3)),
    Line("crisis", "Krisenkommunikation", "Krisenkommunikation", "trigger:Sofort bei einem Vorfall",
         ("Presse", "Kunden", "Mitarbeitende"), ("Pressemitteilung", "E-Mail"), approver=QB, direction=BOTH,
         time=None),
    Line("jobs", "Arbeitgebermarke", "Stellenanzeigen teilen",
         "trigger:Bei jeder neu ausgeschriebenen Stelle",
         ("Bewerber",), ("LinkedIn", "Website"), roles=(AMB,), time=None),
)
# fmt: on
LINE = {line.key: line for line in (*LINES, *VERSION_2_LINES, *VERSION_3_LINES)}
EXTRA_REFERENCES = {
    "channels": (("Webinar", ChannelKind.OWNED_MEDIUM), ("Podcast", ChannelKind.OWNED_MEDIUM)),
    "audiences": (("Geschäftsführung", INT, "Verlässliche Kennzahlen und frühe Hinweise auf Risiken."),),
    "topics": (("Zertifizierung und Audits", "Überwachungs- und Rezertifizierungsaudits, interne Audits."),),
}


class DemoPeople:
    """The members who act in the demo plan, found by role (the first member holding it)."""

    def __init__(self, members: list[Membership]) -> None:
        self.by_role: dict[str, Membership] = {}
        for member in members:
            for role in sorted(member.roles):
                self.by_role.setdefault(role, member)
        self.author = self.get(CM)
        self.approver = self.get(QB)

    def get(self, role: str) -> Membership:
        found = self.by_role.get(role) or self.by_role.get(CM) or self.by_role.get(QB)
        assert found is not None, "a demo organization has a communications manager or quality officer"
        return found


class Lookup:
    def __init__(self, organization: Organization) -> None:
        self.topics = {item.name: item for item in Topic.objects.filter(organization=organization)}
        self.audiences = {item.name: item for item in Audience.objects.filter(organization=organization)}
        self.channels = {item.name: item for item in Channel.objects.filter(organization=organization)}


def _add_references(member: Membership) -> None:
    for name, kind in EXTRA_REFERENCES["channels"]:
        actions.create_channel(member, name=str(name), kind=str(kind), direction=EXT)
    for name, direction, expectations in EXTRA_REFERENCES["audiences"]:
        actions.create_audience(member, name=name, direction=direction, expectations=expectations)
    for name, description in EXTRA_REFERENCES["topics"]:
        actions.create_topic(member, name=name, description=description)


def _start(line: Line, first_year: int, today: dt.date) -> dt.date:
    if line.when.startswith("fixed:"):
        month, day = (int(part) for part in line.when[6:].split("-"))
        upcoming = dt.date(today.year, month, day)
        return upcoming if upcoming >= today else dt.date(today.year + 1, month, day)
    return dt.date(first_year, *line.start)


def row_values(
    line: Line, people: DemoPeople, lookup: Lookup, first_year: int, today: dt.date
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "topic": lookup.topics[line.topic],
        "description": line.description,
        "key_messages": line.key_messages,
        "audiences": [lookup.audiences[name] for name in line.audiences],
        "channels": [lookup.channels[name] for name in line.channels],
        "format": line.format,
        "languages": list(line.languages),
        "sender_roles": [role.value for role in line.roles],
        "senders": list({people.get(role).pk: people.get(role) for role in line.people}.values()),
        "owner": people.get(line.owner),
        "approver": people.get(line.approver),
        "direction": line.direction,
        "notes": line.notes,
    }
    if line.when.startswith("trigger:"):
        values.update(when_kind=WhenKind.TRIGGER, trigger=line.when[8:])
    elif line.when.startswith("fixed:"):
        values.update(when_kind=WhenKind.FIXED, start_date=_start(line, first_year, today))
    else:
        values.update(
            when_kind=WhenKind.RECURRENCE, rrule=line.when, start_date=_start(line, first_year, today)
        )
    if not line.when.startswith("trigger:") and line.time is not None:
        values["start_time"] = dt.time(*line.time)
    return values


def _publish(people: DemoPeople, version: PlanVersion, comment: str = "") -> PlanVersion:
    actions.submit_for_review(people.author, version)
    actions.approve_version(people.approver, version, comment=comment)
    return actions.publish_version(people.approver, version)


def _rows_by_description(version: PlanVersion) -> dict[str, PlanRow]:
    return {row.description: row for row in version.rows.all()}


def _record_evidence(people: DemoPeople, version: PlanVersion, descriptions: dict[str, int]) -> None:
    """Mark the last few past occurrences of some rows as done, as the team would have."""
    zone = version.plan.organization.zone
    now = timezone.now()
    rows = _rows_by_description(version)
    notes = ("Erledigt wie geplant.", "Durchgeführt, Protokoll im Intranet.", "Versendet, Öffnungsrate 41 %.")
    for description, count in descriptions.items():
        row = rows[description]
        past = row_occurrences(row, zone, now - dt.timedelta(days=200), now)
        for index, occurrence in enumerate(past[-count:]):
            actions.mark_occurrence_done(
                people.author, row, planned_for=occurrence.start, note=notes[index % len(notes)]
            )


def load_plan_demo(organization: Organization, members: list[Membership]) -> None:
    """The demo plan of ``organization``: Rheinblick's own, or a smaller one for a client company."""
    if CommunicationPlan.objects.filter(organization=organization).exists():
        return
    people = DemoPeople(members)
    if organization.slug == CONSULTANCY_SLUG:
        _consultancy_plan(organization, people)
    else:
        _client_plan(organization, people)


def _consultancy_plan(organization: Organization, people: DemoPeople) -> None:
    today = timezone.localdate(timezone.now(), organization.zone)
    first_year = today.year - 1
    _add_references(people.author)
    lookup = Lookup(organization)
    plan = actions.create_plan(
        people.author,
        identifier="KP-01",
        title="Kommunikationsplan Rheinblick Consulting",
        owner=people.author,
        review_interval_months=12,
        change_reason="Erstausgabe nach ISO 9001:2015, Abschnitt 7.4",
    )
    first = plan.versions.get()
    actions.update_version_header(
        people.author,
        first,
        purpose=(
            "Der Plan legt fest, was Rheinblick Consulting wann, mit wem, wie und durch wen kommuniziert "
            "(ISO 9001:2015, Abschnitt 7.4), damit Kunden, Mitarbeitende und Bewerber verlässlich "
            "informiert sind und die Kommunikation nachweisbar geplant und durchgeführt wird."
        ),
        scope=(
            "Alle sieben Standorte der Rheinblick Consulting GmbH; interne und externe Kommunikation "
            "einschließlich sozialer Medien und der Kommunikation mit Kunden im Projektgeschäft. "
            "Nicht erfasst: die Kommunikation einzelner Projekte nach deren eigenen Kommunikationsplänen."
        ),
    )
    for line in LINES:
        actions.add_row(people.author, first, **row_values(line, people, lookup, first_year, today))
    actions.submit_for_review(people.author, first)
    crisis = _rows_by_description(first)[LINE["crisis"].description]
    actions.reject_version(
        people.approver,
        first,
        "Bitte bei der Krisenkommunikation festhalten, wer die Stellungnahme freigibt.",
    )
    actions.update_row(people.author, crisis, notes="Freigabe der Stellungnahme durch die Geschäftsführung.")
    _publish(people, first, comment="Freigegeben. Die Zuständigkeiten sind vollständig beschrieben.")

    second = actions.start_new_draft(
        people.author,
        plan,
        "Jährliche Überprüfung: Kurzmeldungen auf X und Aushang zum Arbeitsschutz ergänzt.",
    )
    for line in VERSION_2_LINES:
        actions.add_row(people.author, second, **row_values(line, people, lookup, first_year, today))
    newsletter = _rows_by_description(second)[LINE["newsletter"].description]
    actions.update_row(
        people.author, newsletter, languages=["de", "en"], format="HTML-Newsletter mit Webversion"
    )
    _publish(people, second, comment="Passt. Bitte Öffnungsraten im nächsten Quartalsbericht zeigen.")
    _record_evidence(
        people,
        second,
        {
            LINE["newsletter"].description: 3,
            LINE["quarterly"].description: 2,
            LINE["staff_meeting"].description: 2,
            LINE["intranet"].description: 4,
        },
    )

    third = actions.start_new_draft(
        people.author, plan, "Bluesky statt X, Podcast ergänzt, Webinar-Reihe auf zweimonatlich umgestellt."
    )
    rows = _rows_by_description(third)
    actions.delete_row(people.author, rows[LINE["x_posts"].description])
    actions.update_row(
        people.author, rows[LINE["webinar"].description], rrule="FREQ=MONTHLY;INTERVAL=2;BYDAY=-1WE"
    )
    for line in VERSION_3_LINES:
        actions.add_row(people.author, third, **row_values(line, people, lookup, first_year, today))
    actions.add_comment(
        people.approver, third, "Bitte die Podcast-Gäste vorab mit dem Datenschutz abstimmen (Einwilligung)."
    )


def _client_plan(organization: Organization, people: DemoPeople) -> None:
    today = timezone.localdate(timezone.now(), organization.zone)
    lookup = Lookup(organization)
    plan = actions.create_plan(
        people.author,
        identifier="KP-01",
        title=f"Kommunikationsplan {organization.name}",
        owner=people.author,
        change_reason="Erstausgabe, erarbeitet mit Rheinblick Consulting",
    )
    draft = plan.versions.get()
    actions.update_version_header(
        people.author,
        draft,
        purpose=f"Geplante, nachweisbare Kommunikation der {organization.name} (ISO 9001:2015, 7.4).",
        scope="Das gesamte Unternehmen; interne und externe Kommunikation.",
    )
    for line in CLIENT_LINES:
        actions.add_row(people.author, draft, **row_values(line, people, lookup, today.year - 1, today))
    _publish(people, draft, comment="Freigegeben.")


def register() -> None:
    from resonanz.core.demo import DEMO_LOADERS

    if load_plan_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_plan_demo)
