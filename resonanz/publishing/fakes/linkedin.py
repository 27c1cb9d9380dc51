"""A strict stand-in for LinkedIn's Posts and Images APIs, userinfo and OAuth.

Enforced as LinkedIn documents it: ``Authorization: Bearer``; ``LinkedIn-Version: YYYYMM`` of an active
version (426 NONEXISTENT_VERSION otherwise); ``X-Restli-Protocol-Version: 2.0.0``; JSON bodies; the
required post fields (422 listing every missing field as ``inputErrors``); the author must be the member
or an organization they administer (403 ACCESS_DENIED); images must be initialised and uploaded by that
author; identical commentary by the same author is 422 DUPLICATE_POST. Success is 201 with the URN in
``x-restli-id``. The commentary is rendered the way LinkedIn reads little text: an unescaped reserved
character ends the visible text, which is how posts get silently truncated (``posts[i]["rendered"]``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import secrets
import time
from typing import Any
from urllib.parse import parse_qs, unquote

from resonanz.publishing.fakes.server import FakeServer, Reply, Request

RESERVED = set("|{}@[]()<>#\\*_~")
HASHTAG_TEMPLATE = re.compile(r"\{hashtag\|\\#\|([^{}|]*)\}")
REQUIRED = ("author", "commentary", "visibility", "distribution", "lifecycleState")


def render_little_text(commentary: str) -> str:
    """What LinkedIn shows for a commentary: escapes resolved, hashtag templates as #tag, cut at a bare
    reserved character."""
    shown: list[str] = []
    position = 0
    while position < len(commentary):
        character = commentary[position]
        template = HASHTAG_TEMPLATE.match(commentary, position)
        if template:
            shown.append("#" + render_little_text(template.group(1)))
            position = template.end()
        elif character == "\\" and position + 1 < len(commentary):
            shown.append(commentary[position + 1])
            position += 2
        elif character in RESERVED:
            break
        else:
            shown.append(character)
            position += 1
    return "".join(shown)


@dataclasses.dataclass
class Member:
    sub: str
    name: str
    organizations: tuple[str, ...] = ()

    @property
    def urn(self) -> str:
        return f"urn:li:person:{self.sub}"


def _error(status: int, code: str, message: str, service_code: int = 0) -> Reply:
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if service_code:
        body["serviceErrorCode"] = service_code
    return Reply.json(status, body)


def _input_errors(problems: list[tuple[str, str, str]]) -> Reply:
    """LinkedIn's 422 for a body that fails validation: one inputError per field."""
    body = {
        "errorDetailType": "com.linkedin.common.error.BadRequest",
        "message": "Field Value validation failed in REQUEST_BODY: "
        + "Data Processing Exception while processing fields "
        + ", ".join(f"[/{path}]" for path, _, _ in problems),
        "errorDetails": {
            "inputErrors": [
                {"description": description, "input": {"inputPath": {"fieldPath": path}}, "code": code}
                for path, code, description in problems
            ]
        },
        "status": 422,
    }
    return Reply.json(422, body)


MEMBER_SCOPE = "openid profile w_member_social"
ALL_SCOPES = "openid profile w_member_social w_organization_social r_organization_admin"
ADMIN_SCOPES = frozenset({"r_organization_admin", "rw_organization_admin"})


class LinkedInFake(FakeServer):
    def __init__(self, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.today = today or dt.datetime.now(dt.UTC).date()
        self.member = Member(
            sub="aB3dE5fG7h", name="Jana Beispiel", organizations=("urn:li:organization:2414183",)
        )
        self.tokens: dict[str, Member] = {"li-token": self.member}
        self.scopes: dict[str, frozenset[str]] = {"li-token": frozenset(ALL_SCOPES.split())}
        self.page_names: dict[str, str] = {"urn:li:organization:2414183": "Rheinblick Consulting GmbH"}
        # Page roles besides the member's own ADMINISTRATOR roles: (organization URN, role, state).
        self.other_roles: list[tuple[str, str, str]] = []
        self.clients: dict[str, str] = {"li-client": "li-client-secret"}
        self.codes: dict[
            str, tuple[str, str, Member, str]
        ] = {}  # code -> client, redirect URI, member, scope
        self.expiry: dict[str, int] = {}  # token -> Unix time it expires
        self.posts: list[dict[str, Any]] = []  # every created post, with "urn" and "rendered"
        self.images: dict[str, dict[str, Any]] = {}  # image URN -> {"owner", "uploaded", "size"}
        self._ids = itertools.count(7100000000000000001)

    def rate_limit_reply(self, reset_in: float) -> Reply:
        return Reply.json(
            429,
            {
                "status": 429,
                "code": "TOO_MANY_REQUESTS",
                "message": "Resource level throttle APPLICATION DAY limit",
            },
            {"Retry-After": str(int(reset_in))},
        )

    # --- OAuth --------------------------------------------------------------------------------------------
    def authorize(self, client_id: str, redirect_uri: str, scope: str = MEMBER_SCOPE) -> str:
        """The member approves ``scope`` on linkedin.com: the code appended to the redirect."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = (client_id, redirect_uri, self.member, scope)
        return code

    def _oauth(self, request: Request) -> Reply:
        form = {key: values[0] for key, values in parse_qs(request.body.decode()).items()}
        if self.clients.get(form.get("client_id", "")) != form.get("client_secret"):
            return Reply.json(
                401, {"error": "invalid_client", "error_description": "Client authentication failed"}
            )
        if request.path == "/oauth/v2/revoke":
            self.tokens.pop(form.get("token", ""), None)
            return Reply(200)
        if request.path == "/oauth/v2/introspectToken":
            expires = self.expiry.get(form.get("token", ""))
            if form.get("token") not in self.tokens or expires is None:
                return Reply.json(200, {"active": False})
            return Reply.json(
                200,
                {
                    "active": True,
                    "client_id": form["client_id"],
                    "status": "active",
                    "expires_at": expires,
                    "scope": "openid,profile,w_member_social",
                    "auth_type": "3L",
                },
            )
        if form.get("grant_type") != "authorization_code":
            return Reply.json(400, {"error": "unsupported_grant_type"})
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant[:2] != (form.get("client_id"), form.get("redirect_uri")):
            return Reply.json(
                400, {"error": "invalid_request", "error_description": "Unable to retrieve access token"}
            )
        token = secrets.token_urlsafe(24)
        self.tokens[token] = grant[2]
        self.scopes[token] = frozenset(grant[3].split())
        self.expiry[token] = int(time.time()) + 5184000
        return Reply.json(
            200, {"access_token": token, "expires_in": 5184000, "scope": ",".join(grant[3].split())}
        )

    # --- the API ------------------------------------------------------------------------------------------
    def _version_problem(self, value: str) -> Reply | None:
        if not value:
            return _error(
                400,
                "VERSION_MISSING",
                "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
            )
        if not re.fullmatch(r"20[0-9]{2}(0[1-9]|1[0-2])", value):
            return _error(400, "INVALID_VERSION", f"Invalid version {value}")
        released = dt.date(int(value[:4]), int(value[4:]), 1)
        retires = dt.date(released.year + 1, released.month, 1)
        if not released <= self.today < retires:
            return _error(426, "NONEXISTENT_VERSION", f"Requested version {value} is not active")
        return None

    def handle(self, request: Request) -> Reply:
        if request.path.startswith("/oauth/v2/"):
            return self._oauth(request)
        member = self.tokens.get(request.bearer())
        if member is None:
            return _error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600)
        if request.path == "/v2/userinfo":
            return Reply.json(
                200, {"sub": member.sub, "name": member.name, "locale": {"country": "DE", "language": "de"}}
            )
        if request.method == "PUT" and request.path.startswith("/upload/"):
            return self._receive_upload(member, request)
        if not request.path.startswith("/rest/"):
            return _error(404, "NOT_FOUND", "no such resource")
        problem = self._version_problem(request.headers.get("linkedin-version", ""))
        if problem is not None:
            return problem
        if request.headers.get("x-restli-protocol-version") != "2.0.0":
            return _error(400, "INVALID_PROTOCOL_VERSION", "X-Restli-Protocol-Version 2.0.0 is required")
        if request.method == "POST" and request.headers.get("content-type") != "application/json":
            return _error(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json")
        if (
            request.method == "POST"
            and request.path == "/rest/images"
            and request.query.get("action") == ["initializeUpload"]
        ):
            return self._initialize_upload(member, request.json())
        scopes = self.scopes.get(request.bearer(), frozenset())
        if request.method == "GET" and (
            request.path == "/rest/organizationAcls" or request.path.startswith("/rest/organizations/")
        ):
            if not scopes & ADMIN_SCOPES:
                return _error(403, "ACCESS_DENIED", "Not enough permissions to access: organizationAcls", 100)
            if request.path == "/rest/organizationAcls":
                return self._page_roles(member, request.query)
            return self._page(unquote(request.path.removeprefix("/rest/organizations/")))
        if request.method == "POST" and request.path == "/rest/posts":
            body = request.json()
            author = body.get("author") if isinstance(body, dict) else None
            if (
                isinstance(author, str)
                and author.startswith("urn:li:organization:")
                and "w_organization_social" not in scopes
            ):
                return _error(
                    403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal", 100
                )
            return self._create_post(member, body)
        if request.method == "DELETE" and request.path.startswith("/rest/posts/"):
            return self._delete(member, unquote(request.path.removeprefix("/rest/posts/")))
        return _error(404, "NOT_FOUND", "no such resource")

    def _page_roles(self, member: Member, query: dict[str, list[str]]) -> Reply:
        """``q=roleAssignee``: the member's page roles, filtered by ``role`` and ``state`` when given."""
        if query.get("q") != ["roleAssignee"]:
            return _error(400, "ILLEGAL_ARGUMENT", "q=roleAssignee or q=organization is required")
        roles = [(urn, "ADMINISTRATOR", "APPROVED") for urn in member.organizations] + self.other_roles
        wanted_role, wanted_state = query.get("role", [""])[0], query.get("state", [""])[0]
        elements = [
            {"roleAssignee": member.urn, "organization": urn, "role": role, "state": state}
            for urn, role, state in roles
            if (not wanted_role or role == wanted_role) and (not wanted_state or state == wanted_state)
        ]
        return Reply.json(
            200, {"paging": {"start": 0, "count": len(elements), "links": []}, "elements": elements}
        )

    def _page(self, number: str) -> Reply:
        urn = f"urn:li:organization:{number}"
        if urn not in self.page_names:
            return _error(404, "NOT_FOUND", f"{urn} does not exist")
        return Reply.json(200, {"id": int(number), "localizedName": self.page_names[urn]})

    def _may_act_as(self, member: Member, author: object) -> bool:
        return author == member.urn or author in member.organizations

    def _initialize_upload(self, member: Member, body: Any) -> Reply:
        owner = body.get("initializeUploadRequest", {}).get("owner") if isinstance(body, dict) else None
        if not owner:
            return _input_errors(
                [("initializeUploadRequest/owner", "FIELD_VALUE_MISSING", "owner is required")]
            )
        if not self._may_act_as(member, owner):
            return _error(403, "ACCESS_DENIED", "Not enough permissions to upload images for this owner", 100)
        number = next(self._ids)
        urn = f"urn:li:image:D4E10AQ{number}"
        self.images[urn] = {"owner": owner, "uploaded": False, "size": 0, "token": f"{number}"}
        return Reply.json(
            200,
            {
                "value": {
                    "uploadUrlExpiresAt": int(time.time() * 1000) + 86400000,
                    "uploadUrl": f"{self.base_url}/upload/image/{number}",
                    "image": urn,
                }
            },
        )

    def _receive_upload(self, member: Member, request: Request) -> Reply:
        number = request.path.rsplit("/", 1)[1]
        for image in self.images.values():
            if image["token"] == number and self._may_act_as(member, image["owner"]) and request.body:
                image["uploaded"], image["size"] = True, len(request.body)
                return Reply(201)
        return _error(400, "BAD_UPLOAD", "unknown upload or empty body")

    def _content_problems(self, author: str, content: Any) -> list[tuple[str, str, str]]:
        if content is None:
            return []
        if not isinstance(content, dict):
            return [("content", "INVALID_VALUE", "content must be an object")]
        if "media" in content:
            entries = [("content/media", content["media"])]
        elif "multiImage" in content:
            images = content["multiImage"].get("images") if isinstance(content["multiImage"], dict) else None
            if not isinstance(images, list) or not 2 <= len(images) <= 20:
                return [("content/multiImage/images", "INVALID_VALUE", "2 to 20 images")]
            entries = [(f"content/multiImage/images/{n}", entry) for n, entry in enumerate(images)]
        else:
            return [("content", "INVALID_VALUE", "unsupported content")]
        problems = []
        for path, entry in entries:
            urn = entry.get("id") if isinstance(entry, dict) else None
            image = self.images.get(urn) if isinstance(urn, str) else None
            if image is None or not image["uploaded"] or image["owner"] != author:
                problems.append(
                    (f"{path}/id", "INVALID_VALUE", f"image {urn} is not uploaded for the author")
                )
            elif not isinstance(entry.get("altText", ""), str) or len(entry.get("altText", "")) > 4086:
                problems.append((f"{path}/altText", "INVALID_VALUE", "altText is too long"))
        return problems

    def _create_post(self, member: Member, body: Any) -> Reply:
        if not isinstance(body, dict):
            return _input_errors([("", "INVALID_VALUE", "the body must be an object")])
        problems = [
            (name, "FIELD_VALUE_MISSING", f"/{name} is required") for name in REQUIRED if name not in body
        ]
        distribution = body.get("distribution")
        if "distribution" in body and (
            not isinstance(distribution, dict) or "feedDistribution" not in distribution
        ):
            problems.append(
                ("distribution/feedDistribution", "FIELD_VALUE_MISSING", "feedDistribution is required")
            )
        elif isinstance(distribution, dict) and distribution["feedDistribution"] not in ("MAIN_FEED", "NONE"):
            problems.append(("distribution/feedDistribution", "INVALID_VALUE", "MAIN_FEED or NONE"))
        if "visibility" in body and body["visibility"] not in (
            "PUBLIC",
            "CONNECTIONS",
            "LOGGED_IN",
            "CONTAINER",
        ):
            problems.append(("visibility", "INVALID_VALUE", "unknown visibility"))
        if "lifecycleState" in body and body["lifecycleState"] not in ("PUBLISHED", "DRAFT"):
            problems.append(("lifecycleState", "INVALID_VALUE", "unknown lifecycleState"))
        if "commentary" in body and not isinstance(body["commentary"], str):
            problems.append(("commentary", "INVALID_VALUE", "commentary must be a string"))
        problems += self._content_problems(str(body.get("author")), body.get("content"))
        if problems:
            return _input_errors(problems)
        if not self._may_act_as(member, body["author"]):
            return _error(
                403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.CREATE", 100
            )
        for post in self.posts:
            if post["author"] == body["author"] and post["commentary"] == body["commentary"]:
                return _error(422, "DUPLICATE_POST", f"Content is a duplicate of {post['urn']}")
        urn = f"urn:li:share:{next(self._ids)}"
        self.posts.append({**body, "urn": urn, "rendered": render_little_text(body["commentary"])})
        return Reply(201, b"", {"x-restli-id": urn, "x-linkedin-id": urn})

    def _delete(self, member: Member, urn: str) -> Reply:
        for post in self.posts:
            if post["urn"] == urn and self._may_act_as(member, post["author"]):
                self.posts.remove(post)
                return Reply(204)
        return _error(404, "NOT_FOUND", f"{urn} does not exist")
