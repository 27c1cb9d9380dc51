"""Editing a draft in place: add, edit, delete and reorder rows, with htmx and without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import Audience, Channel, PlanRow, PlanVersion, Topic, WhenKind
from resonanz.plan.tests.factories import first
from resonanz.plan.tests.page_helpers import Office, de, htmx, make_office, signed_in
from resonanz.plan.transfer.when import When, read_when


@pytest.fixture
def office(org: Organization) -> Office:
    return make_office(org)


@pytest.fixture
def draft(office: Office) -> PlanVersion:
    return actions.start_new_draft(office.manager, office.plan, "Ergänzungen")


def row_data(office: Office, **overrides: Any) -> dict[str, Any]:
    organization = office.organization
    data: dict[str, Any] = {
        "topic": first(Topic, organization).pk,
        "description": "Rückblick auf die Hannover Messe",
        "key_messages": "Wir waren da.",
        "when_kind": "recurrence",
        "preset": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "rule_words": "",
        "rrule": "",
        "start_date": "2026-03-03",
        "start_time": "09:30",
        "trigger": "",
        "audiences": [first(Audience, organization).pk],
        "channels": [first(Channel, organization).pk],
        "format": "Beitrag mit Bild",
        "languages": "de, en",
        "sender_roles": ["communications_manager"],
        "senders": [office.manager.pk],
        "approver": office.officer.pk,
        "owner": office.manager.pk,
        "direction": "external",
        "quality_objective": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_the_add_form_arrives_as_a_table_row_for_htmx(office: Office, draft: PlanVersion) -> None:
    response = signed_in(office.manager).get(
        office.url(f"versions/{draft.pk}/rows/new/"), **htmx("matrix-body")
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert text.startswith('<tr id="row-new"') and "<html" not in text
    assert 'name="when_kind"' in text and 'name="preset"' in text and 'name="rrule"' in text


def test_a_new_row_is_added_in_place_and_the_matrix_comes_back(office: Office, draft: PlanVersion) -> None:
    response = signed_in(office.manager).post(
        office.url(f"versions/{draft.pk}/rows/new/"), row_data(office), **htmx("row-new")
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#matrix-results"
    row = draft.rows.get(description="Rückblick auf die Hannover Messe")
    assert row.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert row.languages == ["de", "en"]
    assert list(row.senders.all()) == [office.manager]
    text = response.content.decode()
    assert f'id="row-{row.pk}"' in text and "jeden zweiten Dienstag" in text
    assert AuditRecord.objects.filter(action="plan.row_added", object_id=str(row.pk)).exists()


def test_without_javascript_adding_a_row_redirects_to_the_draft(office: Office, draft: PlanVersion) -> None:
    client = signed_in(office.manager)

    page = client.get(office.url(f"versions/{draft.pk}/rows/new/"))
    response = client.post(office.url(f"versions/{draft.pk}/rows/new/"), row_data(office))

    assert page.status_code == 200 and "<html" in page.content.decode()
    row = draft.rows.get(description="Rückblick auf die Hannover Messe")
    assert response.status_code == 302
    assert response["Location"] == office.url(f"versions/{draft.pk}/#row-{row.pk}")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"preset": "words", "rrule": "FREQ=HOURLY"},
            "rrule",
            "A plan row recurs at most daily; FREQ=%(freq)s is not allowed.",
        ),
        ({"preset": "", "rrule": ""}, "preset", "Choose a rule or describe it in words."),
        ({"preset": "words", "rule_words": ""}, "rule_words", "Choose a rule or describe it in words."),
        (
            {"preset": "words", "rule_words": "alle heiligen Zeiten"},
            "rule_words",
            "“%(words)s” cannot be read as a rule. Write it like “jeden zweiten Dienstag” or "
            "“am letzten Mittwoch im Monat”, or choose one of the named rules.",
        ),
        (
            {"preset": "FREQ=YEARLY;BYWEEKNO=20"},
            "preset",
            "Select a valid choice. %(value)s is not one of the available choices.",
        ),
        ({"languages": "deutsch"}, "languages", "“%(value)s” is not a valid choice."),
    ],
)
def test_bad_answers_come_back_in_the_row_with_a_translated_message(
    office: Office, draft: PlanVersion, overrides: dict[str, str], field: str, message: str
) -> None:
    before = draft.rows.count()
    values = {
        "freq": "HOURLY",
        "value": overrides.get("preset", "deutsch") if field == "preset" else "deutsch",
        "words": "alle heiligen Zeiten",
    }

    response = signed_in(office.manager).post(
        office.url(f"versions/{draft.pk}/rows/new/"), row_data(office, **overrides), **htmx("row-new")
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert text.startswith('<tr id="row-new"')
    expected = de(message, **{key: value for key, value in values.items() if f"%({key})s" in message})
    assert expected.replace("“", "&ldquo;").replace("”", "&rdquo;") in text or expected in text
    assert f'id="new_{field}-error"' in text
    assert 'aria-invalid="true"' in text and f'aria-describedby="new_{field}-error' in text
    assert draft.rows.count() == before


@pytest.mark.parametrize(
    ("words", "rule"),
    [
        ("jeden zweiten Dienstag", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("am zweiten Donnerstag im Monat", "FREQ=MONTHLY;BYDAY=2TH"),
        ("monatlich am letzten Mittwoch", "FREQ=MONTHLY;BYDAY=-1WE"),
        ("Am 2. Donnerstag im Monat", "FREQ=MONTHLY;BYDAY=2TH"),
        ("montags", "FREQ=WEEKLY;BYDAY=MO"),
        ("every second Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("on the last Wednesday of every month", "FREQ=MONTHLY;BYDAY=-1WE"),
    ],
)
def test_a_rule_typed_in_words_is_read_like_the_import_reads_it(
    office: Office, draft: PlanVersion, words: str, rule: str
) -> None:
    response = signed_in(office.manager).post(
        office.url(f"versions/{draft.pk}/rows/new/"),
        row_data(office, preset="words", rule_words=words),
        **htmx("row-new"),
    )

    assert response.status_code == 200
    assert draft.rows.get(description="Rückblick auf die Hannover Messe").rrule == rule
    assert read_when(words) == When(WhenKind.RECURRENCE, rrule=rule), "one parser for the form and the import"


def test_words_typed_win_over_the_named_rule_and_the_expert_rule_over_both(
    office: Office, draft: PlanVersion
) -> None:
    client = signed_in(office.manager)

    client.post(
        office.url(f"versions/{draft.pk}/rows/new/"),
        row_data(office, description="Worte", preset="FREQ=WEEKLY;BYDAY=MO", rule_words="jeden Freitag"),
    )
    client.post(
        office.url(f"versions/{draft.pk}/rows/new/"),
        row_data(office, description="Regel", rule_words="jeden Freitag", rrule="FREQ=MONTHLY;BYDAY=4FR"),
    )

    assert draft.rows.get(description="Worte").rrule == "FREQ=WEEKLY;BYDAY=FR"
    assert draft.rows.get(description="Regel").rrule == "FREQ=MONTHLY;BYDAY=4FR"


def test_the_form_offers_named_rules_in_words_and_keeps_a_rows_own_rule(
    office: Office, draft: PlanVersion
) -> None:
    row = actions.add_row(
        office.manager,
        draft,
        description="Eigen",
        when_kind="recurrence",
        rrule="FREQ=MONTHLY;BYMONTHDAY=1,15",
    )

    text = signed_in(office.manager).get(office.url(f"rows/{row.pk}/edit/")).content.decode()

    assert "am zweiten Donnerstag des Monats" in text and "jeden zweiten Dienstag" in text
    assert (
        '<option value="FREQ=MONTHLY;BYMONTHDAY=1,15" selected>monatlich, nach eigener Regel</option>' in text
    )
    assert '<details class="expert-field">' in text, "the RFC 5545 text is an expert option, closed"
    assert 'placeholder="FREQ=MONTHLY;BYMONTHDAY=1,15"' in text


def test_an_entry_of_another_organization_is_refused(
    office: Office, draft: PlanVersion, other_org: Organization
) -> None:
    foreign = first(Channel, other_org)

    response = signed_in(office.manager).post(
        office.url(f"versions/{draft.pk}/rows/new/"), row_data(office, channels=[foreign.pk])
    )

    assert response.status_code == 400
    assert not draft.rows.filter(description="Rückblick auf die Hannover Messe").exists()


def test_a_row_is_edited_in_place(office: Office, draft: PlanVersion) -> None:
    row = draft.rows.order_by("position").last()
    assert row is not None
    client = signed_in(office.manager)

    form = client.get(office.url(f"rows/{row.pk}/edit/"), **htmx(f"row-{row.pk}"))
    saved = client.post(
        office.url(f"rows/{row.pk}/edit/"),
        row_data(office, when_kind="trigger", trigger="Nach jeder Messe", description="Messenachlese"),
        **htmx(f"row-{row.pk}"),
    )

    assert form.status_code == 200 and form.content.decode().startswith(
        f'<tr id="row-{row.pk}" class="row-editing"'
    )
    assert "Eintrag 2</textarea>" in form.content.decode(), "the form starts with the row's answers"
    assert 'type="date" name="start_date" value="2026-01-06"' in form.content.decode(), "ISO for a date input"
    assert saved.status_code == 200
    text = saved.content.decode()
    assert text.startswith(f'<tr id="row-{row.pk}"') and "Nach jeder Messe" in text
    assert '<th scope="row" class="col-number" data-label="#">2</th>' in text, "the row keeps its number"
    row.refresh_from_db()
    assert (row.when_kind, row.trigger, row.rrule, row.start_date) == (
        "trigger",
        "Nach jeder Messe",
        "",
        None,
    )


def test_cancelling_an_edit_brings_the_row_back(office: Office, draft: PlanVersion) -> None:
    row = draft.rows.order_by("position").first()
    assert row is not None

    response = signed_in(office.manager).get(office.url(f"rows/{row.pk}/"), **htmx(f"row-{row.pk}"))

    assert response.status_code == 200
    assert (
        response.content.decode().startswith(f'<tr id="row-{row.pk}"')
        and "Eintrag 1" in response.content.decode()
    )


def test_rows_of_a_published_version_cannot_be_edited(office: Office) -> None:
    row = office.published.rows.order_by("position").first()
    assert row is not None
    client = signed_in(office.manager)

    page = client.get(office.url(f"rows/{row.pk}/edit/"))
    post = client.post(office.url(f"rows/{row.pk}/edit/"), row_data(office, description="Heimlich geändert"))
    delete = client.post(office.url(f"rows/{row.pk}/delete/"))

    assert page.status_code == 302
    assert post.status_code == 400
    assert delete.status_code == 400
    row.refresh_from_db()
    assert row.description == "Eintrag 1"
    assert PlanRow.objects.filter(pk=row.pk).exists()


def test_a_row_is_deleted_and_the_matrix_renumbered(office: Office, draft: PlanVersion) -> None:
    first_row = draft.rows.order_by("position").first()
    assert first_row is not None

    response = signed_in(office.manager).post(
        office.url(f"rows/{first_row.pk}/delete/"), **htmx("matrix-results")
    )

    assert response.status_code == 200
    assert not PlanRow.objects.filter(pk=first_row.pk).exists()
    text = response.content.decode()
    assert "Eintrag 1" not in text and "Eintrag 2" in text
    assert '<th scope="row" class="col-number" data-label="#">1</th>' in text


def test_rows_move_up_and_down_by_button(office: Office, draft: PlanVersion) -> None:
    one, two = draft.rows.order_by("position")
    client = signed_in(office.manager)

    moved = client.post(office.url(f"rows/{two.pk}/move/"), {"direction": "up"}, **htmx("matrix-results"))
    at_top = client.post(office.url(f"rows/{two.pk}/move/"), {"direction": "up"})
    nonsense = client.post(office.url(f"rows/{two.pk}/move/"), {"direction": "sideways"})

    assert moved.status_code == 200
    assert [row.pk for row in draft.rows.order_by("position")] == [two.pk, one.pk]
    assert moved.content.decode().index("Eintrag 2") < moved.content.decode().index("Eintrag 1")
    assert at_top.status_code == 302, "the first row stays first"
    assert nonsense.status_code == 400
    assert de("Choose whether the row moves up or down.") in nonsense.content.decode()


@pytest.mark.parametrize("roles", [["ambassador"], ["auditor"], ["buddy"], ["admin"], ["works_council"]])
def test_members_who_may_not_edit_get_403(office: Office, draft: PlanVersion, roles: list[str]) -> None:
    row = draft.rows.order_by("position").first()
    assert row is not None
    client = signed_in(make_member(office.organization, roles))

    answers = [
        client.get(office.url(f"versions/{draft.pk}/rows/new/")).status_code,
        client.post(office.url(f"versions/{draft.pk}/rows/new/"), row_data(office)).status_code,
        client.post(office.url(f"rows/{row.pk}/edit/"), row_data(office, description="x")).status_code,
        client.post(office.url(f"rows/{row.pk}/delete/")).status_code,
        client.post(office.url(f"rows/{row.pk}/move/"), {"direction": "down"}).status_code,
    ]

    assert answers == [403] * 5
    assert draft.rows.count() == 2


def test_a_draft_offers_edit_buttons_only_to_editors(office: Office, draft: PlanVersion) -> None:
    editor_view = signed_in(office.manager).get(office.url(f"versions/{draft.pk}/")).content.decode()
    auditor_view = signed_in(office.auditor).get(office.url(f"versions/{draft.pk}/")).content.decode()

    assert "/edit/" in editor_view and de("Add a row") in editor_view
    assert "/edit/" not in auditor_view and de("Add a row") not in auditor_view
