"""LinkedIn's Posts API (``POST /rest/posts``) for members and organizations.

Credentials: ``secret`` the access token (60 days; refresh tokens only for LinkedIn's approved partners,
so members re-authorise — ``oauth.Token.merged_with`` keeps a stored refresh token on reconnect),
``identifier`` the author URN (``urn:li:person:…`` or ``urn:li:organization:…``), ``base_url`` the API
base (``https://api.linkedin.com``; a local fake in tests).

Every call carries ``LinkedIn-Version: YYYYMM`` (``settings.RESONANZ_LINKEDIN_VERSION``; versions retire
about a year after release, :func:`days_until_version_retires` tells how long is left) and
``X-Restli-Protocol-Version: 2.0.0``. The commentary is LinkedIn's "little text": the reserved characters
``| { } @ [ ] ( ) < > # \\ * _ ~`` are escaped (unescaped, LinkedIn silently drops the text after them),
hashtags become hashtag templates. Images go through the Images API (``initializeUpload``, ``PUT`` of the
bytes) and are attached with their alt text. The new post's URN comes back in ``x-restli-id``.

LinkedIn has no idempotency key but refuses identical content by the same author (``422 DUPLICATE_POST``),
so a retry after a 5xx cannot post twice: it ends ``Permanent("duplicate")`` naming the existing post.
``can_find`` is False: listing an author's posts needs ``r_member_social``, a permission LinkedIn grants
only to approved partners; an unknown outcome goes to a person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import quote, urlencode, urlsplit

import httpx
from django.conf import settings

from resonanz.content.checks.limits import Network, check_length
from resonanz.publishing.connectors import http
from resonanz.publishing.connectors.base import (
    AuthExpired,
    Credentials,
    Image,
    Message,
    Permanent,
    Profile,
    Published,
    Transient,
    Unknown,
)
from resonanz.publishing.connectors.oauth import Token, post_form, token_from

API_BASE = "https://api.linkedin.com"
OAUTH_BASE = "https://www.linkedin.com"
MEMBER_SCOPES = ("openid", "profile", "w_member_social")
# A company account posts as an organization page: posting needs w_organization_social, finding the pages
# the member may post for needs r_organization_admin (both from LinkedIn's Community Management API).
ORGANIZATION_SCOPES = (
    "openid",
    "profile",
    "w_member_social",
    "w_organization_social",
    "r_organization_admin",
)
# The page roles that may publish posts as the organization.
POSTING_ROLES = frozenset({"ADMINISTRATOR", "CONTENT_ADMINISTRATOR"})
MAX_PAGES = 20  # pages looked at per member (with one name lookup each)
PAGE_ID = re.compile(r"[0-9]{1,19}")
RESERVED = set("|{}@[]()<>#\\*_~")
HASHTAG = re.compile(r"(?<![\w#])#(\w{1,100})")
AUTHOR = re.compile(r"urn:li:(person|organization):[A-Za-z0-9_-]{1,64}")
POST_URN = re.compile(r"urn:li:(share|ugcPost):[0-9]{1,30}")
MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/gif"})
MAX_IMAGES = 20
MAX_IMAGE_BYTES = 36_152_320  # LinkedIn's limit for images (about 36 MB)
MAX_ALT_TEXT = 4086
VERSION_LIFETIME_MONTHS = 12


def linkedin_version() -> str:
    return str(settings.RESONANZ_LINKEDIN_VERSION)


def days_until_version_retires(version: str | None = None, *, today: dt.date | None = None) -> int:
    """Days until the configured API version retires (about 12 months after its month); negative: retired."""
    version = version or linkedin_version()
    year, month = int(version[:4]), int(version[4:6])
    month += VERSION_LIFETIME_MONTHS
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return (dt.date(year, month, 1) - (today or dt.datetime.now(dt.UTC).date())).days


def escape_little_text(text: str) -> str:
    """The commentary as LinkedIn's little text: reserved characters escaped, #hashtags as templates."""

    def escaped(part: str) -> str:
        return "".join(f"\\{character}" if character in RESERVED else character for character in part)

    pieces, position = [], 0
    for match in HASHTAG.finditer(text):
        pieces.append(escaped(text[position : match.start()]))
        pieces.append(f"{{hashtag|\\#|{escaped(match.group(1))}}}")
        position = match.end()
    pieces.append(escaped(text[position:]))
    return "".join(pieces)


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


def _base(credentials: Credentials) -> str:
    return (credentials.base_url or API_BASE).rstrip("/")


def _detail(response: httpx.Response) -> tuple[str, str]:
    """LinkedIn's error ``code`` (DUPLICATE_POST, ACCESS_DENIED, …) and message."""
    answer = http.json_object(response)
    code = answer.get("code")
    return (code if isinstance(code, str) else ""), http.short(answer.get("message") or response.text)


def _raise_for(response: httpx.Response, *, may_have_published: bool) -> None:
    status = response.status_code
    if status < 300:
        return
    code, message = _detail(response)
    if status == 401:
        raise AuthExpired("unauthorized", message, http_status=status)
    if status == 403:
        raise AuthExpired("forbidden", message, http_status=status)  # the grant lacks the permission
    if status == 429:
        raise Transient(
            "rate_limited", message, http_status=status, retry_after=http.retry_after(response.headers)
        )
    if status == 422 and (code == "DUPLICATE_POST" or "duplicate" in message.lower()):
        raise Permanent("duplicate", message, http_status=status)
    if status == 426:
        raise Permanent("version_retired", message, http_status=status)
    if status in (502, 504) and may_have_published:
        # LinkedIn refuses identical content, so a later retry cannot double-post; still, say what we know.
        raise Unknown("gateway_error", message, http_status=status)
    if status >= 500:
        raise Transient(
            "server_error", message, http_status=status, retry_after=http.retry_after(response.headers)
        )
    raise Permanent("rejected", f"{code} {message}".strip(), http_status=status)


def _check(message: Message, author: str) -> None:
    if not AUTHOR.fullmatch(author):
        raise Permanent("invalid_author", "the author must be a person or organization URN")
    if not check_length(message.text, Network.LINKEDIN).fits:
        raise Permanent("too_long", "over 3,000 characters")
    if len(message.images) > MAX_IMAGES:
        raise Permanent("too_many_images", "LinkedIn takes at most 20 images")
    for image in message.images:
        if image.mime_type not in MEDIA_TYPES:
            raise Permanent("media_type", f"LinkedIn does not take {image.mime_type[:50]!r}")
        if len(image.data) > MAX_IMAGE_BYTES:
            raise Permanent("media_too_large", "an image is too large for LinkedIn")
        if len(image.alt_text) > MAX_ALT_TEXT:
            raise Permanent("alt_text_too_long", "an alt text is over 4,086 characters")


@dataclasses.dataclass
class LinkedInConnector:
    network: str = "linkedin"
    can_find: bool = False
    timeout: httpx.Timeout = dataclasses.field(default_factory=lambda: http.DEFAULT_TIMEOUT)

    def _headers(self, credentials: Credentials) -> dict[str, str]:
        if not credentials.secret:
            raise AuthExpired("no_token", "the account has no access token")
        return {
            "Authorization": f"Bearer {credentials.secret}",
            "LinkedIn-Version": linkedin_version(),
            "X-Restli-Protocol-Version": "2.0.0",
            "Content-Type": "application/json",
        }

    def verify(self, credentials: Credentials) -> Profile:
        headers = {"Authorization": f"Bearer {credentials.secret}"}
        response = http.send(
            "GET", f"{_base(credentials)}/v2/userinfo", may_have_published=False, headers=headers
        )
        _raise_for(response, may_have_published=False)
        answer = http.json_object(response)
        sub = answer.get("sub")
        if not isinstance(sub, str) or not sub:
            raise Transient("unreadable_answer", "no member in the answer")
        return Profile(
            identifier=credentials.identifier or f"urn:li:person:{sub}",
            display_name=str(answer.get("name") or ""),
        )

    def pages(self, credentials: Credentials) -> list[Profile]:
        """The organization pages the member may post for (approved page admins), with their names.

        ``GET /rest/organizationAcls?q=roleAssignee`` lists the member's page roles; each page's name comes
        from ``GET /rest/organizations/{id}``. At most ``MAX_PAGES``.
        """
        base, headers = _base(credentials), self._headers(credentials)
        query = urlencode({"q": "roleAssignee", "state": "APPROVED", "count": str(MAX_PAGES)})
        response = http.send(
            "GET", f"{base}/rest/organizationAcls?{query}", may_have_published=False, headers=headers
        )
        _raise_for(response, may_have_published=False)
        elements = http.json_object(response).get("elements")
        urns: list[str] = []
        for element in elements if isinstance(elements, list) else []:
            if not isinstance(element, dict) or element.get("role") not in POSTING_ROLES:
                continue
            urn = element.get("organization")
            if isinstance(urn, str) and urn.startswith("urn:li:organization:") and urn not in urns:
                urns.append(urn)
        pages = []
        for urn in urns[:MAX_PAGES]:
            number = urn.removeprefix("urn:li:organization:")
            if not PAGE_ID.fullmatch(number):
                continue
            response = http.send(
                "GET", f"{base}/rest/organizations/{number}", may_have_published=False, headers=headers
            )
            _raise_for(response, may_have_published=False)
            name = http.json_object(response).get("localizedName")
            pages.append(Profile(identifier=urn, display_name=http.short(name or number, 200)))
        return pages

    def _upload(self, credentials: Credentials, author: str, image: Image) -> str:
        base, headers = _base(credentials), self._headers(credentials)
        response = http.send(
            "POST",
            f"{base}/rest/images?action=initializeUpload",
            may_have_published=False,
            headers=headers,
            json={"initializeUploadRequest": {"owner": author}},
            timeout=self.timeout,
        )
        _raise_for(response, may_have_published=False)
        value = http.json_object(response).get("value")
        if not isinstance(value, dict):
            raise Transient("unreadable_answer", "no upload in the answer")
        upload_url, image_urn = value.get("uploadUrl"), value.get("image")
        if (
            not isinstance(upload_url, str)
            or not isinstance(image_urn, str)
            or not self._trusted(upload_url, base)
        ):
            raise Transient("unreadable_answer", "no usable upload URL in the answer")
        response = http.send(
            "PUT",
            upload_url,
            may_have_published=False,
            headers={"Authorization": headers["Authorization"], "Content-Type": image.mime_type},
            content=image.data,
            timeout=self.timeout,
        )
        _raise_for(response, may_have_published=False)
        return image_urn

    @staticmethod
    def _trusted(upload_url: str, base: str) -> bool:
        """Our token goes only to LinkedIn's upload hosts (or the API base itself, for the fakes)."""
        upload, api = urlsplit(upload_url), urlsplit(base)
        if (upload.scheme, upload.netloc) == (api.scheme, api.netloc):
            return True
        host = upload.hostname or ""
        return upload.scheme == "https" and (host == "linkedin.com" or host.endswith(".linkedin.com"))

    def publish(self, credentials: Credentials, message: Message) -> Published:
        author = credentials.identifier
        _check(message, author)
        images = [(self._upload(credentials, author, image), image.alt_text) for image in message.images]
        body: dict[str, object] = {
            "author": author,
            "commentary": escape_little_text(message.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if len(images) == 1:
            body["content"] = {"media": {"id": images[0][0], "altText": images[0][1]}}
        elif images:
            body["content"] = {"multiImage": {"images": [{"id": urn, "altText": alt} for urn, alt in images]}}
        response = http.send(
            "POST",
            f"{_base(credentials)}/rest/posts",
            may_have_published=True,
            headers=self._headers(credentials),
            json=body,
            timeout=self.timeout,
        )
        _raise_for(response, may_have_published=True)
        urn = response.headers.get("x-restli-id", "")
        if not POST_URN.fullmatch(urn):
            raise Unknown("unreadable_answer", "LinkedIn accepted the post but named no URN")
        return Published(remote_id=urn, url=post_url(urn), published_at=dt.datetime.now(dt.UTC))

    def find(self, credentials: Credentials, message: Message, *, since: dt.datetime) -> Published | None:
        raise Unknown("cannot_find", "listing an author's posts needs a partner permission")

    def delete(self, credentials: Credentials, remote_id: str) -> None:
        if not POST_URN.fullmatch(remote_id):
            raise Permanent("invalid_id", "not a LinkedIn post URN")
        response = http.send(
            "DELETE",
            f"{_base(credentials)}/rest/posts/{quote(remote_id, safe='')}",
            may_have_published=False,
            headers=self._headers(credentials),
            timeout=self.timeout,
        )
        if response.status_code == 404:
            return  # already gone
        _raise_for(response, may_have_published=False)


CONNECTOR = LinkedInConnector()


# --- OAuth (3-legged, authorization code) -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TokenStatus:
    active: bool
    expires_at: dt.datetime | None = None


def page_number(value: str) -> str:
    """The page's number from what a person pastes: ``12345``, ``urn:li:organization:12345`` or the page's
    admin address (``https://www.linkedin.com/company/12345/admin/``); "" when none is in it."""
    value = value.strip()
    if PAGE_ID.fullmatch(value):
        return value
    urn = re.fullmatch(r"urn:li:organization:([0-9]{1,19})", value)
    if urn:
        return urn.group(1)
    address = re.search(r"linkedin\.com/company/([0-9]{1,19})(?:[/?#]|$)", value)
    return address.group(1) if address else ""


def authorize_url(
    client_id: str, redirect_uri: str, state: str, *, organization: bool = False, base: str = OAUTH_BASE
) -> str:
    scopes = ORGANIZATION_SCOPES if organization else MEMBER_SCOPES
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "scope": " ".join(scopes),
        }
    )
    return f"{base.rstrip('/')}/oauth/v2/authorization?{query}"


def exchange_code(
    client_id: str, client_secret: str, redirect_uri: str, code: str, *, base: str = OAUTH_BASE
) -> Token:
    """A 60-day access token; a refresh token only for LinkedIn's partners (keep a stored one)."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": client_id,
        "client_secret": client_secret,
    }
    return token_from(post_form(f"{base.rstrip('/')}/oauth/v2/accessToken", form))


def introspect(client_id: str, client_secret: str, token: str, *, base: str = OAUTH_BASE) -> TokenStatus:
    """Whether a token still works and when it expires (for the reminder before it lapses)."""
    form = {"client_id": client_id, "client_secret": client_secret, "token": token}
    answer = post_form(f"{base.rstrip('/')}/oauth/v2/introspectToken", form)
    expires = answer.get("expires_at")
    expires_at = None
    if isinstance(expires, int) and not isinstance(expires, bool) and 0 < expires < 2**40:
        expires_at = dt.datetime.fromtimestamp(expires, dt.UTC)
    return TokenStatus(active=answer.get("active") is True, expires_at=expires_at)


def revoke(client_id: str, client_secret: str, token: str, *, base: str = OAUTH_BASE) -> None:
    """Revoke an access token on disconnect (``POST /oauth/v2/revoke``)."""
    form = {"client_id": client_id, "client_secret": client_secret, "token": token}
    post_form(f"{base.rstrip('/')}/oauth/v2/revoke", form)
