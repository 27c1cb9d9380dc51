"""A webhook receiver that does what a careful receiver should: verify the HMAC, refuse stale timestamps,
and treat a repeated ``Idempotency-Key`` as the same delivery. Fast enough for the delivery bench."""

from __future__ import annotations

import json

from resonanz.publishing.connectors.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from resonanz.publishing.fakes.server import FakeServer, Reply, Request


class WebhookReceiver(FakeServer):
    def __init__(self, secret: str = "webhook-secret", *, answer_id: bool = True) -> None:  # noqa: S107
        super().__init__()
        self.secret = secret
        self.answer_id = answer_id  # False: answer 204 without a body, as many receivers do
        self.deliveries: list[dict[str, object]] = []  # every verified body, duplicates included
        self.by_key: dict[str, int] = {}  # idempotency key -> index of the first delivery with it

    @property
    def duplicates(self) -> int:
        """Deliveries whose idempotency key had been received before."""
        return len(self.deliveries) - len(self.by_key)

    def handle(self, request: Request) -> Reply:
        if request.method != "POST":
            return Reply.json(405, {"error": "POST only"})
        if not request.headers.get("content-type", "").startswith("application/json"):
            return Reply.json(415, {"error": "JSON only"})
        timestamp = request.headers.get(TIMESTAMP_HEADER.lower(), "")
        header = request.headers.get(SIGNATURE_HEADER.lower(), "")
        if not verify_signature(self.secret, timestamp, request.body, header):
            return Reply.json(401, {"error": "bad signature"})
        body = json.loads(request.body)
        key = request.headers.get("idempotency-key", "")
        if not isinstance(body, dict) or body.get("idempotency_key") != key:
            return Reply.json(400, {"error": "Idempotency-Key header and body disagree"})
        self.deliveries.append(body)
        first = self.by_key.setdefault(key, len(self.deliveries) - 1)
        if not self.answer_id:
            return Reply(204)
        return Reply.json(200, {"id": f"d{first + 1}", "url": f"https://intranet.example/news/{first + 1}"})
