"""Importing mentions: stored once, all or nothing, and a garbage file refused with the line and problem."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.monitoring.actions import import_mentions
from resonanz.monitoring.imports import MAX_ROWS
from resonanz.monitoring.models import Mention, MentionImport, Tone

HEADER = "id,network,author,created_at,lang,text\n"
GOOD_CSV = (
    HEADER
    + "1,bsky,anna.bsky.social,2027-02-22T10:00:00+01:00,de,Danke für den tollen Service\n"
    + '2,bsky,ben.bsky.social,2027-02-22T10:05:00+01:00,de,"Nie wieder, eine Katastrophe"\n'
    + "3,mastodon,@cem@social.example,2027-02-22T10:07:00+01:00,fr,Bonjour\n"
)


def test_a_csv_import_stores_the_mentions_with_their_tone(manager: Membership) -> None:
    batch = import_mentions(manager, data=GOOD_CSV.encode(), file_name="export.csv")

    assert (batch.rows, batch.stored, batch.duplicates) == (3, 3, 0)
    tones = dict(Mention.objects.values_list("external_id", "tone"))
    assert tones == {"1": Tone.POSITIVE, "2": Tone.NEGATIVE, "3": Tone.UNSCORED}
    assert set(Mention.objects.values_list("batch", flat=True)) == {batch.pk}
    assert AuditRecord.objects.filter(action="monitoring.mentions_imported").count() == 1


def test_duplicates_are_stored_once_and_counted(manager: Membership) -> None:
    import_mentions(manager, data=GOOD_CSV.encode(), file_name="a.csv")
    again = GOOD_CSV + "4,bsky,dora.bsky.social,2027-02-22T11:00:00+01:00,en,hello\n"
    again += "4,bsky,dora.bsky.social,2027-02-22T11:00:00+01:00,en,hello\n"  # twice in the same file

    batch = import_mentions(manager, data=again.encode(), file_name="b.csv")

    assert (batch.rows, batch.stored, batch.duplicates) == (5, 1, 4)
    assert Mention.objects.count() == 4


def test_the_database_stores_a_mention_once_per_organization_and_network(
    manager: Membership, other_org: Organization
) -> None:
    import_mentions(manager, data=GOOD_CSV.encode(), file_name="a.csv")
    first = Mention.objects.get(external_id="1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(
            organization=first.organization,
            network="bsky",
            external_id="1",
            author="x",
            posted_at=first.posted_at,
            text="x",
            tone=Tone.NEUTRAL,
        )
    # The same id on another network, or at another organization, is another mention.
    import_mentions(make_member(other_org, ["quality_officer"]), data=GOOD_CSV.encode(), file_name="a.csv")
    assert Mention.objects.filter(external_id="1").count() == 2


def test_a_jsonl_import_is_read_like_the_replay_command(manager: Membership) -> None:
    data = (
        b'{"id": 7, "network": "bsky", "author": "a", "created_at": "2027-02-22T09:00:00Z", '
        b'"lang": "en", "text": "worst service ever"}\n\n'
    )

    batch = import_mentions(manager, data=data, file_name="stream.jsonl")

    assert batch.stored == 1
    assert Mention.objects.get().external_id == "7"


@pytest.mark.parametrize(
    ("data", "file_name", "expected"),
    [
        (
            GOOD_CSV + "4,bsky,x,yesterday,de,text\n",
            "a.csv",
            "Zeile 5: „created_at“ ist keine Zeitangabe nach ISO 8601",
        ),
        (
            GOOD_CSV + "4,bsky,x,2027-02-22T10:00:00,de,t\n",
            "a.csv",
            "Zeile 5: „created_at“ hat keine Angabe der Zeitzone",
        ),
        (GOOD_CSV + "5,bsky,x\n", "a.csv", "Zeile 5: 3 Zellen, wo die Kopfzeile 6 hat"),
        (GOOD_CSV + ",bsky,x,2027-02-22T10:00:00Z,de,t\n", "a.csv", "Zeile 5: „id“ ist leer"),
        ("id,author,text\n1,a,b\n", "a.csv", "Zeile 1: Die Spalte „network“ fehlt"),
        (
            GOOD_CSV + "6,bsky," + "a" * 301 + ",2027-02-22T10:00:00Z,de,t\n",
            "a.csv",
            "länger als 300 Zeichen",
        ),
        ('{"id": 1}\n', "a.jsonl", "Zeile 1: „network“ fehlt oder ist kein Text"),
        ("[1, 2]\n", "a.jsonl", "Zeile 1: kein JSON-Objekt"),
        ("{nope\n", "a.jsonl", "Zeile 1: kein JSON"),
        ("", "a.csv", "Die Datei ist leer."),
    ],
)
def test_a_garbage_file_is_refused_with_line_and_problem_and_nothing_is_stored(
    manager: Membership, data: str, file_name: str, expected: str
) -> None:
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        import_mentions(manager, data=data.encode(), file_name=file_name)

    with translation.override("de"):
        message = " ".join(refused.value.messages)
    assert expected in message
    assert Mention.objects.count() == 0
    assert MentionImport.objects.count() == 0
    assert not AuditRecord.objects.filter(action="monitoring.mentions_imported").exists()


def test_bytes_that_are_not_utf8_name_their_line(manager: Membership) -> None:
    data = GOOD_CSV.encode() + b"9,bsky,x,2027-02-22T10:00:00Z,de,\xff\xfe\n"

    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        import_mentions(manager, data=data, file_name="a.csv")

    assert "Line 5: not UTF-8" in refused.value.messages[0]
    assert Mention.objects.count() == 0


def test_too_many_rows_and_too_large_files_are_refused(manager: Membership) -> None:
    rows = "".join(f"{n},bsky,a{n},2027-02-22T10:00:00Z,de,t\n" for n in range(MAX_ROWS + 1))

    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        import_mentions(manager, data=(HEADER + rows).encode(), file_name="a.csv")
    assert f"more than {MAX_ROWS} mentions" in refused.value.messages[0]

    with translation.override("en"), pytest.raises(ActionRefused) as refused:
        import_mentions(manager, data=b"x" * (6 * 1024 * 1024), file_name="a.csv")
    assert "larger than 5 MB" in refused.value.messages[0]
    assert Mention.objects.count() == 0


def test_only_who_manages_monitoring_imports(org: Organization) -> None:
    for role in ("auditor", "works_council", "ambassador", "admin"):
        with pytest.raises(PermissionDenied):
            import_mentions(make_member(org, [role]), data=GOOD_CSV.encode(), file_name="a.csv")
    assert Mention.objects.count() == 0
