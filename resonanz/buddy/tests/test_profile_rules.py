"""The buddy programme takes languages and time zones by the people profile's rules (one rule, one place)."""

from __future__ import annotations

import pytest
from django.utils import translation

from resonanz.buddy import actions, normalise
from resonanz.buddy.tests.factories import make_opt_in, manager_of
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.people.profile_values import clean_languages


def test_languages_are_the_profiles_codes_and_at_least_one() -> None:
    assert normalise.languages("EN, de; de") == clean_languages("EN, de; de") == ["de", "en"]
    with translation.override("de"), pytest.raises(ActionRefused) as unknown:
        normalise.languages(["de", "xx"], "wanted_languages")
    assert unknown.value.field == "wanted_languages"  # the caller's field name is kept
    with translation.override("de"):
        assert "„xx“ ist kein zweibuchstabiger Sprachcode" in unknown.value.messages[0]
    with translation.override("de"), pytest.raises(ActionRefused) as empty:
        normalise.languages([], "languages")
    with translation.override("de"):
        assert empty.value.messages == [
            "Nennen Sie mindestens eine Sprache als zweibuchstabiges Kürzel, z. B. de, en."
        ]


def test_an_opt_in_refuses_what_the_profile_refuses(org: Organization) -> None:
    member = make_member(org)
    with translation.override("en"), pytest.raises(ActionRefused) as zone:
        actions.opt_in(member, languages=["de"], time_zone="Mars/Olympus")
    assert zone.value.field == "time_zone"
    with translation.override("en"):
        assert "Unknown time zone “Mars/Olympus”" in zone.value.messages[0]
    with pytest.raises(ActionRefused) as language:
        actions.opt_in(member, languages=["german"])
    assert language.value.field == "languages"


def test_a_buddy_takes_the_profiles_time_zone_rule(org: Organization) -> None:
    manager = manager_of(org)
    buddy = make_member(org, ["buddy"])
    saved = actions.save_buddy_profile(
        manager, buddy, capacity=2, languages="de en", time_zone=" Asia/Tokyo "
    )
    assert saved.languages == ["de", "en"] and saved.time_zone == "Asia/Tokyo"
    assert make_opt_in(org, languages=("fr",)).languages == ["fr"]
