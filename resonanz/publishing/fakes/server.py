"""A small threaded HTTP server on 127.0.0.1 that the network fakes build on.

Each fake answers like the real network for the calls resonanz makes, records every request, and can be
told to misbehave for the next request(s): answer with a status (5xx, 429 with the network's rate-limit
headers), or answer slowly — before acting on the request, or after (the post exists, but the client times
out: the "unknown outcome" case). Use as a context manager::

    with LinkedInFake() as fake:
        connector.publish(Credentials(..., base_url=fake.base_url), message)
        assert len(fake.posts) == 1
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

MAX_BODY = 32 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Request:
    method: str
    path: str  # without the query
    query: dict[str, list[str]]
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def bearer(self) -> str:
        value = self.headers.get("authorization", "")
        return value[7:] if value.startswith("Bearer ") else ""


@dataclasses.dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def json(cls, status: int, body: object, headers: Mapping[str, str] | None = None) -> Reply:
        return cls(status, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})})


@dataclasses.dataclass
class Fault:
    reply: Reply | None = None  # answer this instead of handling the request
    delay: float = 0.0  # seconds to wait before answering
    after_handling: bool = False  # handle the request first (a post is created), then wait
    path: str = ""  # only requests whose path starts with this
    method: str = ""  # only requests with this method ("" = any)


class FakeServer:
    """Subclasses implement ``handle``; the rest (threads, faults, the record) lives here."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._faults: list[Fault] = []
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- what subclasses provide -------------------------------------------------------------------
    def handle(self, request: Request) -> Reply:
        raise NotImplementedError

    def rate_limit_reply(self, reset_in: float) -> Reply:
        return Reply.json(429, {"error": "Too many requests"}, {"Retry-After": str(int(reset_in))})

    # --- scripting --------------------------------------------------------------------------------
    def fail_next(self, status: int = 503, *, path: str = "", method: str = "", times: int = 1) -> None:
        """The next ``times`` matching requests get ``status`` without being handled."""
        reply = Reply.json(status, {"status": status, "message": "scripted failure"})
        with self._lock:
            self._faults.extend(Fault(reply=reply, path=path, method=method) for _ in range(times))

    def rate_limit_next(
        self, *, reset_in: float = 60, path: str = "", method: str = "", times: int = 1
    ) -> None:
        """The next ``times`` matching requests get 429 with the network's rate-limit headers."""
        with self._lock:
            self._faults.extend(
                Fault(reply=self.rate_limit_reply(reset_in), path=path, method=method) for _ in range(times)
            )

    def slow_next(
        self, seconds: float, *, after_handling: bool = True, path: str = "", method: str = ""
    ) -> None:
        """The next matching request is answered ``seconds`` late (after acting on it, by default)."""
        with self._lock:
            self._faults.append(Fault(delay=seconds, after_handling=after_handling, path=path, method=method))

    def _take_fault(self, request: Request) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if request.path.startswith(fault.path) and fault.method in ("", request.method):
                    return self._faults.pop(index)
        return None

    # --- serving ----------------------------------------------------------------------------------
    def dispatch(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
        fault = self._take_fault(request)
        if fault is None:
            return self._handle_safely(request)
        if fault.reply is not None:
            self._stopping.wait(fault.delay)
            return fault.reply
        if fault.after_handling:
            reply = self._handle_safely(request)
            self._stopping.wait(fault.delay)
            return reply
        self._stopping.wait(fault.delay)
        return self._handle_safely(request)

    def _handle_safely(self, request: Request) -> Reply:
        with self._lock:  # one request at a time: the fakes' state stays simple and duplicates are exact
            try:
                return self.handle(request)
            except (ValueError, KeyError, TypeError) as error:  # a malformed body the handler did not expect
                return Reply.json(
                    400, {"status": 400, "message": f"malformed request: {type(error).__name__}"}
                )

    def start(self) -> Self:
        if self._server is not None:
            return self
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: the bench sends thousands of requests
            # One write per answer and no Nagle delay: unbuffered header and body writes meet the client's
            # delayed ACK and cost 40 ms per request.
            wbufsize = 64 * 1024
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self.send_error(413)
                    return
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = Request(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query),
                    headers={key.lower(): value for key, value in self.headers.items()},
                    body=body,
                )
                reply = fake.dispatch(request)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self._stopping.clear()
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
