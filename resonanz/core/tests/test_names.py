"""Names: a title, a given name and a family name, or one display name; the greeting uses the given name."""

from __future__ import annotations

import pytest
from django.test import Client

from resonanz.core import actions
from resonanz.core.models import Organization, User
from resonanz.core.names import PersonName, split_name
from resonanz.core.tests.factories import make_member


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Dr. Katharina Wetzlar", ("Dr.", "Katharina", "Wetzlar")),
        ("Prof. Dr. Anna Maier", ("Prof. Dr.", "Anna", "Maier")),
        ("Dipl.-Ing. Jörg van Dussen", ("Dipl.-Ing.", "Jörg", "van Dussen")),
        ("Dr.-Ing. Max Mustermann", ("Dr.-Ing.", "Max", "Mustermann")),
        ("Prof. Dr. med. Eva Lang", ("Prof. Dr. med.", "Eva", "Lang")),
        ("Ronald van Dussen", ("", "Ronald", "van Dussen")),
        ("Aylin  Demir", ("", "Aylin", "Demir")),
        ("Vertrieb", ("", "", "")),
    ],
)
def test_a_name_in_one_piece_is_split_into_title_given_and_family_name(
    text: str, parts: tuple[str, str, str]
) -> None:
    assert split_name(text) == PersonName(*parts)


def test_a_new_account_named_in_one_piece_gets_its_parts_and_keeps_the_title_in_lists(db: None) -> None:
    user = User.objects.create_user("kw@example.org", "x", full_name="Dr. Katharina Wetzlar")

    assert (user.title, user.given_name, user.family_name) == ("Dr.", "Katharina", "Wetzlar")
    assert user.full_name == "Dr. Katharina Wetzlar"
    assert user.get_short_name() == "Katharina"


def test_the_greeting_uses_the_given_name_not_the_title(org: Organization) -> None:
    member = make_member(org, ["quality_officer"], full_name="Prof. Dr. Anna Maier")
    client = Client()
    client.force_login(member.user)

    text = client.get(f"/o/{org.slug}/").content.decode()

    assert "Willkommen, Anna" in text and "Willkommen, Prof." not in text


def test_the_profile_takes_the_parts_or_one_display_name(org: Organization) -> None:
    member = make_member(org, ["ambassador"], full_name="Hans Meier")
    client = Client()
    client.force_login(member.user)

    client.post(
        "/accounts/profile/",
        {
            "title": "Dr.",
            "given_name": "Hans-Peter",
            "family_name": "Meier",
            "full_name": "",
            "language": "de",
        },
    )
    user = User.objects.get(pk=member.user_id)
    assert (user.full_name, user.given_name) == ("Dr. Hans-Peter Meier", "Hans-Peter")

    actions.update_profile(user, full_name="Team Vertrieb", language="de")
    user.refresh_from_db()
    assert (user.full_name, user.title, user.given_name, user.family_name) == ("Team Vertrieb", "", "", "")
    assert user.get_short_name() == "Team Vertrieb"

    refused = client.post("/accounts/profile/", {"title": "Dr.", "language": "de"})
    assert refused.status_code == 400
    user.refresh_from_db()
    assert user.full_name == "Team Vertrieb"
