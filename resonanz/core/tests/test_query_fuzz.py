"""Every query parameter of every page and API operation, fuzzed with odd values: never a 500.

The routes come from the URL resolver and ninja's routers (``url_walk``); a page's query parameters
from the pages (the fields of GET forms and the query keys of links to it) and from the source
(every name a view reads from ``request.GET``), an operation's from the OpenAPI schema. A page or a
parameter added later is fuzzed without touching this test.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import resolve

import resonanz
from resonanz.core.tasks import beat
from resonanz.core.tests.outsider_seed import SeedContext, build_organization
from resonanz.core.tests.url_walk import (
    Tenant,
    api_operations,
    api_prefix,
    models_for_param,
    page_routes,
    sample_value,
    walk_schema,
)

ODD_VALUES = [
    "²",  # passes str.isdigit(), fails int()
    "9" * 5000,  # more digits than int() converts
    "99999999999999999999",  # more than a database integer
    "-1",
    "0001-01-01",
    "9999-12-31",
    "9000-01-01T00:00",
    "0001-01-01T00:00:00+14:00",
    "1e309",
    "\x00",
    "%",
]


class _QueryNames(HTMLParser):
    """Query names a page sends, by the path they go to: its GET forms' fields and its links' keys."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.names: dict[str, set[str]] = {}
        self._form_target: str | None = None

    def _add(self, target: str, names: Any) -> None:
        self.names.setdefault(target or self.path, set()).update(names)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            get = attr.get("method", "get").lower() == "get" and not attr.get("hx-post")
            self._form_target = urlsplit(attr.get("action", "")).path if get else None
        elif tag in ("input", "select", "textarea") and self._form_target is not None and attr.get("name"):
            self._add(self._form_target, [attr["name"]])
        for key in ("href", "hx-get"):
            link = urlsplit(attr.get(key, ""))
            if link.query and not link.netloc:
                self._add(link.path, (name for name, _value in parse_qsl(link.query, keep_blank_values=True)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form_target = None


# How a view reads a query parameter: request.GET.get("name"), request.GET["name"], "name" in request.GET.
_READ = re.compile(
    r"""request\.GET(?:\.get\(|\[)\s*["']([A-Za-z_][\w-]*)["']|["']([A-Za-z_][\w-]*)["'] in request\.GET"""
)


def names_the_code_reads(*packages: Path) -> set[str]:
    """Every query name the views of resonanz read, found in the source (also those no page links to);
    only those read in ``packages`` (folders of resonanz) when given."""
    root = Path(resonanz.__file__).parent
    found: set[str] = set()
    for source in root.rglob("*.py"):
        if "tests" in source.parts or (packages and not any(source.is_relative_to(p) for p in packages)):
            continue
        found.update(a or b for a, b in _READ.findall(source.read_text(encoding="utf-8")))
    return found


def names_read_for(url: str) -> set[str]:
    """The query names the view of ``url`` may read: those read in its app's package or in the shared
    ``core`` and top-level modules (a view reads ``request.GET`` itself or through such a helper)."""
    root = Path(resonanz.__file__).parent
    module = sys.modules[resolve(urlsplit(url).path).func.__module__]
    source = Path(module.__file__ or root)
    app = root / source.relative_to(root).parts[0] if source.is_relative_to(root) else root
    shared = [root / "core"] + [path for path in root.glob("*.py")]
    return names_the_code_reads(app, *shared)


def page_query_names(html: str, path: str) -> dict[str, set[str]]:
    """``{path: names}`` for every page the HTML sends a query to (its own path for relative links)."""
    parser = _QueryNames(path)
    parser.feed(html)
    return {target: names - {"csrfmiddlewaretoken"} for target, names in parser.names.items()}


@pytest.fixture
def seeded(db: None) -> SeedContext:
    beat("query-fuzz")
    return build_organization("Muster GmbH", "muster-fuzz", "FUZZ")


def _page_urls(seeded: SeedContext) -> list[str]:
    tenant = Tenant(seeded.organization, seeded.admin)
    urls = []
    for route in page_routes():
        if route.name in ("logout",):
            continue
        ids = {param: models_for_param(param) for param in route.id_params}
        chosen = tenant.consistent(ids) if ids else {}
        if chosen is None:
            continue
        values: dict[str, object] = {name: row.pk for name, row in chosen.items()}
        for param in route.params:
            if param == "org":
                values[param] = seeded.organization.slug
            elif param not in values:
                values[param] = route.default_kwargs.get(param, sample_value(route, param))
        urls.append(route.url(values))
    return urls


def _fuzz(
    client: Client,
    url: str,
    names: set[str],
    found: list[str],
    tried: list[str],
    values: list[str] = ODD_VALUES,
) -> None:
    for name in sorted(names):
        for value in values:
            query = urlencode({name: value})
            response = client.get(f"{url}?{query}")
            tried.append(name)
            if response.status_code >= 500:
                found.append(f"{url}?{name}={value[:20]!r} -> {response.status_code}")


# The pages are fuzzed in shards, each a test of its own, so that the test workers share the walk.
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_query_value_makes_a_page_fail(seeded: SeedContext, shard: int) -> None:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(seeded.admin.user)
    found: list[str] = []
    tried: list[str] = []
    names: dict[str, set[str]] = {}
    urls = []
    for url in _page_urls(seeded):  # first every page once: which names does it send where?
        beat("query-fuzz")
        page = client.get(url)
        if page.status_code >= 500:
            found.append(f"{url} -> {page.status_code}")
        if page.status_code == 200:
            urls.append(url)  # what refuses a plain GET (405, 302, 404) has no query to read
        if (
            page.status_code < 500
            and not page.streaming
            and page.get("Content-Type", "").startswith("text/html")
        ):
            for target, sent in page_query_names(page.content.decode("utf-8", errors="replace"), url).items():
                names.setdefault(target, set()).update(sent)
    for url in urls[shard::SHARDS]:
        # A worker beats every minute; the walk can outlast /healthz's three minutes on a busy machine.
        beat("query-fuzz")
        _fuzz(client, url, names.get(url, set()), found, tried)
        # What a view reads without a page linking to it, with fewer values to keep the walk short.
        hidden = names_read_for(url) - names.get(url, set())
        _fuzz(client, url, hidden, found, tried, ODD_VALUES[:2] + ODD_VALUES[4:6])

    assert not found, "\n".join(found)
    assert len(set(tried)) >= 3, "each shard fuzzes parameters"
    # The pages' own parameters are found on the pages that read them (each fuzzed in that page's shard).
    fuzzed = set().union(*(names.get(url, set()) | names_read_for(url) for url in urls))
    assert {"version", "start", "end", "date_from", "date_to", "page"} <= fuzzed, "the pages' own parameters"


def test_no_query_value_makes_an_api_operation_fail(seeded: SeedContext) -> None:
    from resonanz.core import actions

    _token, plain = actions.create_api_token(seeded.admin, name="Fuzz", scope="write")
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {plain}")
    schema = walk_schema()
    tenant = Tenant(seeded.organization, seeded.admin)
    found: list[str] = []
    tried: list[str] = []
    for operation in api_operations(schema):
        names = {p["name"] for p in operation.operation.get("parameters", []) if p.get("in") == "query"}
        if operation.method != "get" or not names:
            continue
        ids = {param: models_for_param(param) for param in operation.path_params}
        chosen = tenant.consistent(ids) if ids else {}
        if chosen is None:
            continue
        url = operation.url({name: row.pk for name, row in chosen.items()})
        _fuzz(client, url, names, found, tried)

    assert not found, "\n".join(found)
    assert {"start", "end", "since", "until"} <= set(tried)
    assert api_prefix() == "/api/v1/"


def test_the_hidden_parameters_come_from_the_code() -> None:
    assert {"version", "page", "start", "end", "planned_for", "next"} <= names_the_code_reads()


def test_the_page_parameters_come_from_the_pages() -> None:
    html = (
        '<form method="get"><input name="start"><select name="end"></select></form>'
        '<form method="post"><input name="csrfmiddlewaretoken"><input name="note"></form>'
        '<a href="?version=3&amp;tab=x">v3</a><a href="/elsewhere/?other=1">x</a>'
        '<a href="https://example.com/?outside=1">x</a>'
    )

    assert page_query_names(html, "/here/") == {
        "/here/": {"start", "end", "version", "tab"},
        "/elsewhere/": {"other"},
    }
