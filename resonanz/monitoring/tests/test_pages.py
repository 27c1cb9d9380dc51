"""The monitoring pages and API: who sees what, the import form, and other organizations' data unseen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.monitoring.actions import import_mentions
from resonanz.monitoring.models import Mention, MentionImport, MonitoringSettings

NOW = timezone.now().replace(minute=5, second=0, microsecond=0)


def csv_of(*rows: tuple[str, str, str]) -> bytes:
    lines = ["id,network,author,created_at,lang,text"]
    lines += [
        f"{mid},bsky,{author},{(NOW - dt.timedelta(hours=2)).isoformat()},de,{text}"
        for mid, author, text in rows
    ]
    return ("\n".join(lines) + "\n").encode()


def test_the_overview_shows_figures_and_the_works_council_sees_no_authors_or_texts(
    manager: Membership, org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    import_mentions(manager, data=csv_of(("1", "anna", "Nie wieder eine Katastrophe"), ("2", "ben", "Hallo")))
    council = client_for(make_member(org, ["works_council"]))

    overview = council.get(f"/o/{org.slug}/monitoring/")
    assert overview.status_code == 200
    page = overview.content.decode()
    assert "data:image/svg+xml;base64," in page and 'data-table="hours"' in page
    assert "anna" not in page and "Katastrophe" not in page
    assert council.get(f"/o/{org.slug}/monitoring/mentions/").status_code == 403
    assert council.get(f"/o/{org.slug}/monitoring/alarms/").status_code == 403

    auditor = client_for(make_member(org, ["auditor"]))
    assert auditor.get(f"/o/{org.slug}/monitoring/alarms/").status_code == 200
    assert auditor.get(f"/o/{org.slug}/monitoring/mentions/").status_code == 403

    mentions = client_for(manager).get(f"/o/{org.slug}/monitoring/mentions/", {"tone": "negative"})
    assert mentions.status_code == 200
    assert "anna" in mentions.content.decode() and "ben" not in mentions.content.decode()


def test_the_import_form_stores_a_good_file_and_refuses_garbage_with_its_line(
    manager: Membership, org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(manager)
    url = f"/o/{org.slug}/monitoring/import/"

    good = client.post(url, {"file": SimpleUploadedFile("a.csv", csv_of(("1", "anna", "Hallo")))})
    assert good.status_code == 302 and Mention.objects.count() == 1

    garbage = csv_of(("2", "ben", "ok")) + b"3,bsky,cem,gestern,de,text\n"
    refused = client.post(url, {"file": SimpleUploadedFile("b.csv", garbage)}, HTTP_ACCEPT_LANGUAGE="de")
    assert refused.status_code == 400
    assert "Zeile 3: „created_at“ ist keine Zeitangabe nach ISO 8601" in refused.content.decode()
    assert Mention.objects.count() == 1 and MentionImport.objects.count() == 1


def test_the_settings_name_the_on_call_manager_and_the_playbook(
    manager: Membership, org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(manager)
    url = f"/o/{org.slug}/monitoring/settings/"
    ambassador = make_member(org, ["ambassador"])

    refused = client.post(url, {"on_call": ambassador.pk, "playbook": "Lage bewerten"})
    assert refused.status_code == 400
    saved = client.post(url, {"on_call": manager.pk, "playbook": "Lage bewerten\r\n\r\nStellungnahme"})
    assert saved.status_code == 302
    stored = MonitoringSettings.objects.get(organization=org)
    assert stored.on_call == manager and stored.playbook == ["Lage bewerten", "Stellungnahme"]


def test_other_organizations_mentions_are_not_seen(
    manager: Membership, other_org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    stranger = make_member(other_org, ["communications_manager"])
    import_mentions(stranger, data=csv_of(("1", "geheim", "fremde Erwähnung")))

    page = client_for(manager).get(f"/o/{manager.organization.slug}/monitoring/mentions/")
    assert "geheim" not in page.content.decode()
    assert client_for(manager).get(f"/o/{other_org.slug}/monitoring/").status_code == 404
    api = ApiCaller(manager, "/api/v1/monitoring")
    assert api.get("/mentions").json()["items"] == []


def test_the_api_imports_all_or_nothing_and_lists_mentions(manager: Membership, org: Organization) -> None:
    api = ApiCaller(manager, "/api/v1/monitoring")

    created = api.send(
        "post", "/imports", {"file_name": "a.csv", "content": csv_of(("1", "anna", "Hallo")).decode()}
    )
    assert created.status_code == 201 and created.json()["stored"] == 1
    again = api.send(
        "post",
        "/imports",
        {"file_name": "a.csv", "content": csv_of(("1", "anna", "Hallo"), ("2", "b", "x")).decode()},
    )
    assert again.json()["duplicates"] == 1 and again.json()["stored"] == 1
    garbage = api.send("post", "/imports", {"file_name": "b.jsonl", "content": "{nope\n"})
    assert garbage.status_code in (400, 422)
    assert "1" in garbage.json()["detail"]
    assert Mention.objects.count() == 2

    assert sorted(item["author"] for item in api.get("/mentions").json()["items"]) == ["anna", "b"]
    figures = api.get("/figures").json()
    assert sum(hour["mentions"] for hour in figures) == 2

    council = ApiCaller(make_member(org, ["works_council"]), "/api/v1/monitoring", scope="read")
    assert council.get("/figures").status_code == 200
    assert council.get("/mentions").status_code == 403
    assert council.get("/alarms").status_code == 403
