"""A strict stand-in for X's API v2: posts, media upload with alt text, users/me, OAuth 2 with PKCE.

Request bodies are validated with ``xdk``'s pydantic models (generated from X's OpenAPI spec), and
unknown fields are refused. Answers have X's documented shapes: 201 ``{"data": {"id", "text"}}``; 400
``{"errors": [...], "title": "Invalid Request", ...}``; 401/403 problem objects; 403 for duplicate
content; 429 with ``x-rate-limit-limit/-remaining/-reset``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import itertools
import secrets
import time
from typing import Any
from urllib.parse import parse_qs

import pydantic
from xdk.schemas import CreateMediaMetadataRequest, CreatePostsRequest, MediaUploadRequest

from resonanz.content.checks.limits import Network, counted_length
from resonanz.publishing.connectors.oauth import pkce_challenge
from resonanz.publishing.fakes.server import FakeServer, Reply, Request

DUPLICATE = "You are not allowed to create a Tweet with duplicate content."


@dataclasses.dataclass
class User:
    id: str
    name: str
    username: str
    followers: int = 0


@dataclasses.dataclass
class Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    user: User
    scopes: tuple[str, ...]


def _problem(status: int, title: str, detail: str) -> Reply:
    return Reply.json(status, {"title": title, "type": "about:blank", "status": status, "detail": detail})


def _invalid(message: str, parameters: dict[str, list[str]] | None = None) -> Reply:
    body = {
        "errors": [{"parameters": parameters or {}, "message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }
    return Reply.json(400, body)


def _validated(model: type[pydantic.BaseModel], body: Any) -> pydantic.BaseModel | Reply:
    if not isinstance(body, dict):
        return _invalid("the request body must be a JSON object")
    unknown = sorted(set(body) - set(model.model_fields))
    if unknown:
        return _invalid(
            f"The `{unknown[0]}` field is not allowed", {unknown[0]: [str(body[unknown[0]])[:50]]}
        )
    try:
        return model.model_validate(body)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        return _invalid(f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}")


class XFake(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.user = User(id="1500000000000000001", name="Jana Beispiel", username="jana_beispiel")
        self.tokens: dict[str, User] = {"x-token": self.user}
        self.refresh_tokens: dict[str, User] = {}
        self.posts: list[dict[str, Any]] = []  # every created post: {"id", "text", "media_ids", "author_id"}
        self.media: dict[str, dict[str, Any]] = {}  # media id -> {"owner", "size", "alt_text"}
        self.grants: dict[str, Grant] = {}
        self._ids = itertools.count(1860000000000000000)

    def rate_limit_reply(self, reset_in: float) -> Reply:
        headers = {
            "x-rate-limit-limit": "100",
            "x-rate-limit-remaining": "0",
            "x-rate-limit-reset": str(int(time.time() + reset_in)),
        }
        return Reply.json(
            429,
            {
                "title": "Too Many Requests",
                "detail": "Too Many Requests",
                "type": "about:blank",
                "status": 429,
            },
            headers,
        )

    # --- OAuth: what x.com's consent page would do, then the token endpoint -------------------------------
    def authorize(
        self, client_id: str, redirect_uri: str, code_challenge: str, scopes: tuple[str, ...]
    ) -> str:
        """The member approves: returns the code X would append to the redirect."""
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(client_id, redirect_uri, code_challenge, self.user, scopes)
        return code

    def _token_answer(self, user: User, scopes: tuple[str, ...]) -> Reply:
        access = secrets.token_urlsafe(24)
        self.tokens[access] = user
        body: dict[str, Any] = {
            "token_type": "bearer",
            "expires_in": 7200,
            "access_token": access,
            "scope": " ".join(scopes),
        }
        if "offline.access" in scopes:
            refresh = secrets.token_urlsafe(24)
            self.refresh_tokens[refresh] = user
            body["refresh_token"] = refresh
        return Reply.json(200, body)

    def _oauth(self, request: Request) -> Reply:
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return Reply.json(400, {"error": "invalid_request", "error_description": "form body required"})
        form = {key: values[0] for key, values in parse_qs(request.body.decode()).items()}
        if request.path == "/2/oauth2/revoke":
            self.tokens.pop(form.get("token", ""), None)
            return Reply.json(200, {"revoked": True})
        if form.get("grant_type") == "authorization_code":
            grant = self.grants.pop(form.get("code", ""), None)
            if (
                grant is None
                or grant.client_id != form.get("client_id")
                or grant.redirect_uri != form.get("redirect_uri")
                or pkce_challenge(form.get("code_verifier", "")) != grant.challenge
            ):
                return Reply.json(
                    400,
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the authorization code was invalid.",
                    },
                )
            return self._token_answer(grant.user, grant.scopes)
        if form.get("grant_type") == "refresh_token":
            user = self.refresh_tokens.pop(form.get("refresh_token", ""), None)  # rotated: usable once
            if user is None:
                return Reply.json(
                    400,
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the token was invalid.",
                    },
                )
            return self._token_answer(user, ("tweet.read", "tweet.write", "users.read", "offline.access"))
        return Reply.json(400, {"error": "unsupported_grant_type"})

    # --- the API -------------------------------------------------------------------------------------------
    def handle(self, request: Request) -> Reply:
        if request.path.startswith("/2/oauth2/"):
            return self._oauth(request)
        user = self.tokens.get(request.bearer())
        if user is None:
            return _problem(401, "Unauthorized", "Unauthorized")
        if request.method in ("POST", "PUT") and request.headers.get("content-type") != "application/json":
            return _problem(415, "Unsupported Media Type", "Content-Type must be application/json")
        route = (request.method, request.path)
        if route == ("GET", "/2/users/me"):
            data: dict[str, Any] = {"id": user.id, "name": user.name, "username": user.username}
            # Like X: the metrics only when asked for with user.fields.
            fields = ",".join(request.query.get("user.fields", [])).split(",")
            if "public_metrics" in fields:
                data["public_metrics"] = {
                    "followers_count": user.followers,
                    "following_count": 0,
                    "tweet_count": sum(1 for post in self.posts if post.get("author_id") == user.id),
                    "listed_count": 0,
                }
            return Reply.json(200, {"data": data})
        if route == ("POST", "/2/tweets"):
            return self._create_post(user, request.json())
        if route == ("POST", "/2/media/upload"):
            return self._upload(user, request.json())
        if route == ("POST", "/2/media/metadata"):
            return self._metadata(user, request.json())
        if request.method == "DELETE" and request.path.startswith("/2/tweets/"):
            return self._delete(user, request.path.rsplit("/", 1)[1])
        return _problem(404, "Not Found Error", "not a route of this fake")

    def _create_post(self, user: User, body: Any) -> Reply:
        model = _validated(CreatePostsRequest, body)
        if isinstance(model, Reply):
            return model
        assert isinstance(model, CreatePostsRequest)
        text = model.text or ""
        media_ids = list(model.media.media_ids) if model.media else []
        if not text and not media_ids:
            return _invalid("Post text or media is required", {"text": [""]})
        if counted_length(text, Network.X) > 280:
            return _problem(403, "Forbidden", "Your Tweet text is too long.")
        if len(media_ids) > 4:
            return _invalid("media.media_ids: at most 4", {"media.media_ids": media_ids})
        for media_id in media_ids:
            if self.media.get(media_id, {}).get("owner") != user.id:
                return _invalid(f"Your media IDs are invalid: {media_id}", {"media.media_ids": [media_id]})
        if any(post["author_id"] == user.id and post["text"] == text and text for post in self.posts):
            return _problem(403, "Forbidden", DUPLICATE)
        post_id = str(next(self._ids))
        self.posts.append({"id": post_id, "text": text, "media_ids": media_ids, "author_id": user.id})
        return Reply.json(201, {"data": {"id": post_id, "text": text, "edit_history_tweet_ids": [post_id]}})

    def _upload(self, user: User, body: Any) -> Reply:
        model = _validated(MediaUploadRequest, body)
        if isinstance(model, Reply):
            return model
        assert isinstance(model, MediaUploadRequest)
        try:
            data = base64.b64decode(model.media, validate=True)
        except (binascii.Error, ValueError):
            return _invalid("media: not base64", {"media": ["..."]})
        if model.media_category != "tweet_image" or not data:
            return _invalid(
                "media_category: tweet_image expected for images", {"media_category": [model.media_category]}
            )
        media_id = str(next(self._ids))
        self.media[media_id] = {"owner": user.id, "size": len(data), "alt_text": ""}
        return Reply.json(
            200,
            {
                "data": {
                    "id": media_id,
                    "media_key": f"3_{media_id}",
                    "size": len(data),
                    "expires_after_secs": 86400,
                }
            },
        )

    def _metadata(self, user: User, body: Any) -> Reply:
        model = _validated(CreateMediaMetadataRequest, body)
        if isinstance(model, Reply):
            return model
        assert isinstance(model, CreateMediaMetadataRequest)
        media = self.media.get(model.id)
        if media is None or media["owner"] != user.id:
            return _invalid(f"Your media IDs are invalid: {model.id}", {"id": [model.id]})
        alt_text = model.metadata.alt_text if model.metadata else None
        if alt_text is None or len(alt_text.text) > 1000:
            return _invalid(
                "metadata.alt_text.text: 1 to 1000 characters", {"metadata.alt_text.text": ["..."]}
            )
        media["alt_text"] = alt_text.text
        return Reply.json(
            200, {"data": {"id": model.id, "associated_metadata": {"alt_text": {"text": alt_text.text}}}}
        )

    def _delete(self, user: User, post_id: str) -> Reply:
        for post in self.posts:
            if post["id"] == post_id and post["author_id"] == user.id:
                self.posts.remove(post)
                return Reply.json(200, {"data": {"deleted": True}})
        return _problem(404, "Not Found Error", f"Could not find tweet with id: [{post_id}].")
