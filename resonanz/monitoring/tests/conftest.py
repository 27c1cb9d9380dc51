from __future__ import annotations

import json
from collections.abc import Iterable

import pytest

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.monitoring.alarm import Mention


def as_jsonl(mentions: Iterable[Mention]) -> bytes:
    return "".join(
        json.dumps(
            {
                "id": mention.id,
                "network": mention.network,
                "author": mention.author,
                "created_at": mention.created_at.isoformat(),
                "lang": mention.lang,
                "text": mention.text,
            },
            ensure_ascii=False,
        )
        + "\n"
        for mention in mentions
    ).encode()


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(
        org, ["communications_manager"], email="leitung@muster.example", full_name="Kim Leitung"
    )
