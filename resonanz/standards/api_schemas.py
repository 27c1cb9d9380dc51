"""Response bodies of the clause library's API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class ReadinessCountsOut(Schema):
    evidenced: int
    stale: int
    gap: int


class AdoptedStandardOut(Schema):
    id: int = Field(..., description="The adopted standard's id (adopted_standard_id).")
    code: str
    edition: str
    title: str = Field(..., description="In the language of the answer.")
    readiness: ReadinessCountsOut


class ClauseEvidenceOut(Schema):
    label: str
    date: dt.date | None
    url: str = Field(..., description="The page in resonanz that shows the evidence.")
    count: int


class ClauseOut(Schema):
    id: int = Field(..., description="The adopted clause's id (adopted_clause_id).")
    number: str
    label: str = Field(..., description="The number as shown, with a prefix such as 'Art.'.")
    parent: str | None = Field(None, description="The parent clause's number.")
    title: str
    readiness: str = Field(..., description="evidenced (evidence from the last 12 months), stale or gap.")
    newest_evidence: dt.date | None
    note: str = Field(..., description="The organization's readiness note.")


class MappedClauseOut(Schema):
    standard: str = Field(..., description="The other standard's code and edition.")
    number: str
    title: str
    id: int | None = Field(
        None, description="Its adopted clause's id, when the organization uses that standard."
    )


class ClauseDetailOut(ClauseOut):
    standard: str
    paraphrase: str = Field(..., description="resonanz's own short paraphrase, not the standard's text.")
    typical_evidence: str
    evidence: list[ClauseEvidenceOut]
    mapped: list[MappedClauseOut]
