"""The matrix pages: the published plan for every member, any version for those who read every version."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import Audience, Channel, ChannelKind, Topic, WhenKind
from resonanz.plan.tests.factories import complete_row_values, first
from resonanz.plan.tests.page_helpers import Office, de, htmx, make_office, signed_in


@pytest.fixture
def office(org: Organization) -> Office:
    return make_office(org)


def _rows_shown(response: Any) -> int:
    text: str = response.content.decode()
    return text.count('<tr id="row-')


@pytest.mark.parametrize(
    "roles",
    [["ambassador"], ["works_council"], ["buddy"], ["data_protection_officer"], ["auditor"], ["admin"]],
)
def test_every_member_reads_the_published_matrix(office: Office, roles: list[str]) -> None:
    member = make_member(office.organization, roles)

    response = signed_in(member).get(office.url(f"{office.plan.pk}/"))

    assert response.status_code == 200
    text = response.content.decode()
    assert _rows_shown(response) == 2
    assert "Eintrag 1" in text and "Eintrag 2" in text
    # The recurrence in words, German by default, and the five questions as columns.
    assert "jeden zweiten Dienstag" in text
    for heading in ("What", "When", "With whom", "How", "Who"):
        assert f'<th scope="col">{de(heading)}</th>' in text
    assert 'lang="de"' in text


def test_a_rule_outside_the_known_patterns_reads_as_words_in_the_matrix(office: Office) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Eigene Regel")
    actions.add_row(
        office.manager,
        draft,
        description="Halbmonatlich",
        when_kind="recurrence",
        rrule="FREQ=MONTHLY;BYMONTHDAY=1,15",
    )

    text = signed_in(office.auditor).get(office.url(f"versions/{draft.pk}/")).content.decode()

    assert "monatlich, nach eigener Regel" in text
    assert "FREQ=" not in text


def test_the_plan_list_leads_straight_to_the_only_plan(office: Office) -> None:
    response = signed_in(office.ambassador).get(office.url())

    assert response.status_code == 302
    assert response["Location"] == office.url(f"{office.plan.pk}/")
    listing = signed_in(office.ambassador).get(office.url() + "?all=1")
    assert listing.status_code == 200 and "KP-01" in listing.content.decode()


def test_an_ambassador_neither_sees_nor_reaches_a_draft(office: Office) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Neue Zeile")
    actions.add_row(office.manager, draft, description="Geheimer Entwurf")
    client = signed_in(office.ambassador)

    matrix = client.get(office.url(f"{office.plan.pk}/"))
    version_page = client.get(office.url(f"versions/{draft.pk}/"))
    draft_row = draft.rows.get(description="Geheimer Entwurf")
    row_page = client.get(office.url(f"rows/{draft_row.pk}/"))

    assert "Geheimer Entwurf" not in matrix.content.decode()
    assert version_page.status_code == 403
    assert row_page.status_code == 404


@pytest.mark.parametrize("roles", [["auditor"], ["communications_manager"], ["quality_officer"], ["admin"]])
def test_those_who_read_every_version_open_a_superseded_one(office: Office, roles: list[str]) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Neue Zeile")
    actions.submit_for_review(office.manager, draft)
    actions.approve_version(office.officer, draft)
    actions.publish_version(office.officer, draft)

    response = signed_in(make_member(office.organization, roles)).get(
        office.url(f"versions/{office.published.pk}/")
    )

    assert response.status_code == 200
    assert de("superseded") in response.content.decode()
    assert de("Submit for review") not in response.content.decode()


def test_a_plan_of_another_organization_is_not_found(office: Office, other_org: Organization) -> None:
    stranger = make_member(other_org, ["quality_officer"])

    foreign = signed_in(stranger).get(f"/o/{other_org.slug}/plan/{office.plan.pk}/")
    inside = signed_in(stranger).get(office.url(f"{office.plan.pk}/"))

    assert foreign.status_code == 404
    assert inside.status_code == 404


def test_filters_narrow_the_matrix_and_stay_in_the_address(office: Office) -> None:
    organization = office.organization
    draft = actions.start_new_draft(office.manager, office.plan, "Intern ergänzt")
    internal = Audience.objects.get(organization=organization, name="Mitarbeitende")
    intranet = Channel.objects.get(organization=organization, name="Intranet")
    topic = Topic.objects.filter(organization=organization).order_by("-position").first()
    assert topic is not None
    actions.add_row(
        office.manager,
        draft,
        **complete_row_values(
            organization,
            office.manager,
            description="Intranet-Meldung",
            audiences=[internal],
            channels=[intranet],
            topic=topic,
            direction="internal",
            sender_roles=["quality_officer"],
            senders=[office.officer],
        ),
    )
    actions.submit_for_review(office.manager, draft)
    actions.approve_version(office.officer, draft)
    actions.publish_version(office.officer, draft)
    client = signed_in(office.ambassador)
    url = office.url(f"{office.plan.pk}/")

    cases = {
        "channel": str(intranet.pk),
        "audience": str(internal.pk),
        "topic": str(topic.pk),
        "sender": f"member:{office.officer.pk}",
        "direction": "internal",
    }
    for name, value in cases.items():
        response = client.get(url, {name: value}, **htmx("matrix-results"))
        text = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in text, "an htmx filter request gets the table only"
        assert _rows_shown(response) == 1 and "Intranet-Meldung" in text, name
    by_role = client.get(url, {"sender": "role:communications_manager"})
    assert _rows_shown(by_role) == 2 and "Intranet-Meldung" not in by_role.content.decode()
    full = client.get(url, {"channel": str(intranet.pk)})
    assert "<html" in full.content.decode() and f'value="{intranet.pk}" selected' in full.content.decode()


def test_unknown_filter_values_are_ignored(office: Office, other_org: Organization) -> None:
    foreign_channel = first(Channel, other_org)

    response = signed_in(office.ambassador).get(
        office.url(f"{office.plan.pk}/"),
        {"channel": foreign_channel.pk, "audience": "x'; DROP", "sender": "role:x"},
    )

    assert response.status_code == 200
    assert _rows_shown(response) == 2
    assert (
        foreign_channel.name not in response.content.decode()
        or foreign_channel.name == first(Channel, office.organization).name
    )


def _add_rows(office: Office, draft: Any, up_to: int) -> None:
    """Rows with audiences, channels and senders, so every relation of the matrix is exercised."""
    audiences = list(Audience.objects.filter(organization=office.organization)[:3])
    channels = list(Channel.objects.filter(organization=office.organization)[:2])
    for number in range(draft.rows.count(), up_to):
        actions.add_row(
            office.manager,
            draft,
            **complete_row_values(
                office.organization,
                office.manager,
                description=f"Zeile {number + 1}",
                audiences=audiences,
                channels=channels,
                senders=[office.manager, office.officer],
                when_kind=WhenKind.FIXED if number % 3 == 0 else WhenKind.RECURRENCE,
                rrule="" if number % 3 == 0 else f"FREQ=MONTHLY;BYDAY={1 + number % 4}MO",
            ),
        )


def _publish(office: Office, draft: Any) -> None:
    actions.submit_for_review(office.manager, draft)
    actions.approve_version(office.officer, draft)
    actions.publish_version(office.officer, draft)


def _count(get: Callable[[], Any]) -> int:
    get()  # the first request of a session also records the organization last used
    with CaptureQueriesContext(connection) as captured:
        response = get()
    assert response.status_code == 200
    return len(captured)


def test_the_matrix_needs_no_more_queries_for_200_rows_than_for_10(
    org: Organization, django_assert_max_num_queries: Any
) -> None:
    office = make_office(org, rows=1)
    draft = actions.start_new_draft(office.manager, office.plan, "Zehn Zeilen")
    _add_rows(office, draft, 10)
    _publish(office, draft)
    reader, editor = signed_in(office.ambassador), signed_in(office.manager)
    matrix_url = office.url(f"{office.plan.pk}/")
    draft = actions.start_new_draft(office.manager, office.plan, "Zweihundert Zeilen")
    draft_url = office.url(f"versions/{draft.pk}/")
    with_ten = _count(lambda: reader.get(matrix_url))
    draft_with_ten = _count(lambda: editor.get(draft_url))
    assert with_ten <= 20, "the matrix should need only a handful of queries"

    _add_rows(office, draft, 200)
    with django_assert_max_num_queries(draft_with_ten):
        response = editor.get(draft_url)
    assert _rows_shown(response) == 200
    assert response.content.decode().count("/edit/") == 2 * 200, "every draft row has its edit link"
    _publish(office, draft)
    with django_assert_max_num_queries(with_ten):
        response = reader.get(matrix_url)
    assert _rows_shown(response) == 200


def test_the_matrix_offers_its_exports_and_a_draft_the_import(office: Office) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Import")

    published = signed_in(office.ambassador).get(office.url(f"{office.plan.pk}/")).content.decode()
    editing = signed_in(office.manager).get(office.url(f"versions/{draft.pk}/")).content.decode()
    reading = signed_in(office.auditor).get(office.url(f"versions/{draft.pk}/")).content.decode()

    for suffix in ("xlsx", "csv", "pdf"):
        assert office.url(f"versions/{office.published.pk}/export.{suffix}") in published
    assert office.url(f"{office.plan.pk}/import/") in editing
    assert office.url(f"{office.plan.pk}/import/") not in reading


HOSTILE = '<script>alert("x")</script> & Co'


def _inline_scripts(html: str) -> int:
    """The ``<script>`` elements without ``src``: the page itself has none."""
    found: list[str] = []

    class Scripts(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "script" and "src" not in dict(attrs):
                found.append(tag)

    Scripts().feed(html)
    return len(found)


@pytest.mark.parametrize("when_kind", [WhenKind.RECURRENCE, WhenKind.TRIGGER])
def test_names_and_texts_are_escaped_in_the_matrix_cells(office: Office, when_kind: str) -> None:
    organization, manager = office.organization, office.manager
    person = make_member(organization, ["communications_manager"], full_name=HOSTILE)
    draft = actions.start_new_draft(manager, office.plan, "Namen mit Zeichen")
    values = complete_row_values(
        organization,
        person,
        topic=actions.create_topic(manager, name=f"Thema {HOSTILE}"),
        audiences=[actions.create_audience(manager, name=f"Zielgruppe {HOSTILE}")],
        channels=[actions.create_channel(manager, name=f"Kanal {HOSTILE}", kind=ChannelKind.OWNED_MEDIUM)],
        description=f"Erste Zeile {HOSTILE}\nZweite Zeile",
        key_messages=f"Botschaft {HOSTILE}",
        format=f"Format {HOSTILE}",
        when_kind=when_kind,
    )
    if when_kind == WhenKind.TRIGGER:
        values.update(rrule="", start_date=None, start_time=None, trigger=f"Anlass {HOSTILE}")
    row = actions.add_row(manager, draft, **values)

    client = signed_in(manager)
    page = client.get(office.url(f"versions/{draft.pk}/"))
    fragment = client.get(office.url(f"rows/{row.pk}/"), **htmx(f"row-{row.pk}"))

    assert page.status_code == fragment.status_code == 200
    for html in (page.content.decode(), fragment.content.decode()):
        _assert_escaped(html, when_kind)


def _assert_escaped(html: str, when_kind: str) -> None:
    assert "<script>alert" not in html
    assert _inline_scripts(html) == 0
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"
    for text in ("Thema", "Zielgruppe", "Kanal", "Botschaft", "Format"):
        assert f"{text} {escaped}" in html, text
    assert f"Erste Zeile {escaped}<br>Zweite Zeile" in html
    assert html.count(escaped) >= 8  # the person is owner and approver too
    if when_kind == WhenKind.TRIGGER:
        assert f"Anlass {escaped}" in html
