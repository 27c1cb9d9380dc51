"""What the redirect keeps of a request: a coarse class of its referrer and of its user agent.

Neither the referrer nor the user agent is stored; only these classes are (GDPR: data minimisation).
Both inputs are cut to a bounded length before they are looked at.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from resonanz.links.models import AgentClass, ReferrerClass

MAX_AGENT = 512
MAX_REFERRER = 1024

# Link-preview fetchers and crawlers (matched case-insensitively in the user agent). Command-line and
# library clients (curl, wget, python-requests …) count as bots too: a person clicking a link in a post
# uses a browser, and a script fetching a link would otherwise inflate the figures.
BOT_MARKERS = (
    "linkedinbot",
    "slackbot",
    "slack-imgproxy",
    "twitterbot",
    "facebookexternalhit",
    "facebookcatalog",
    "mastodon/",
    "discordbot",
    "telegrambot",
    "whatsapp",
    "skypeuripreview",
    "microsoftpreview",
    "googlebot",
    "google-inspectiontool",
    "bingbot",
    "bingpreview",
    "duckduckbot",
    "yandexbot",
    "applebot",
    "pinterestbot",
    "redditbot",
    "embedly",
    "iframely",
    "bluesky",
    "cardyb",
    "xing-contenttabreceiver",
    "curl/",
    "wget/",
    "python-requests",
    "python-httpx",
    "python-urllib",
    "aiohttp",
    "go-http-client",
    "okhttp",
    "java/",
    "libwww-perl",
    "headlesschrome",
    "bot/",
    "bot;",
    "crawler",
    "spider",
)
MOBILE_MARKERS = ("mobi", "android", "iphone", "ipad", "ipod")
_BOT = re.compile("|".join(re.escape(marker) for marker in BOT_MARKERS))
_MOBILE = re.compile("|".join(re.escape(marker) for marker in MOBILE_MARKERS))

NETWORK_HOSTS = (
    "linkedin.com",
    "lnkd.in",
    "x.com",
    "t.co",
    "twitter.com",
    "facebook.com",
    "fb.me",
    "instagram.com",
    "threads.net",
    "xing.com",
    "bsky.app",
    "mastodon.social",
    "reddit.com",
    "youtube.com",
    "tiktok.com",
    "slack.com",
    "teams.microsoft.com",
    "teams.live.com",
    "web.whatsapp.com",
    "t.me",
)
SEARCH_HOSTS = (
    "google.",
    "bing.com",
    "duckduckgo.com",
    "ecosia.org",
    "qwant.com",
    "startpage.com",
    "search.brave.com",
    "search.yahoo.com",
    "yandex.",
    "baidu.com",
)


def agent_class(user_agent: str) -> tuple[str, bool]:
    """The coarse class of a user agent and whether it is a bot or link-preview fetcher."""
    agent = user_agent[:MAX_AGENT].lower()
    if not agent or _BOT.search(agent):
        return AgentClass.BOT.value, True
    if _MOBILE.search(agent):
        return AgentClass.MOBILE.value, False
    if agent.startswith("mozilla/") or agent.startswith("opera/"):
        return AgentClass.DESKTOP.value, False
    return AgentClass.OTHER.value, False


def _host_matches(host: str, known: tuple[str, ...]) -> bool:
    for name in known:
        if name.endswith("."):  # a name whose country suffix varies (google.de, google.com …)
            if host.startswith(name) or f".{name}" in host:
                return True
        elif host == name or host.endswith(f".{name}"):
            return True
    return False


def referrer_class(referrer: str) -> str:
    """Network, search engine, direct (no referrer) or other."""
    if not referrer:
        return ReferrerClass.DIRECT.value
    try:
        host = (urlsplit(referrer[:MAX_REFERRER]).hostname or "").lower()
    except ValueError:
        return ReferrerClass.OTHER.value
    if not host:
        return ReferrerClass.OTHER.value
    if _host_matches(host, NETWORK_HOSTS):
        return ReferrerClass.NETWORK.value
    if _host_matches(host, SEARCH_HOSTS):
        return ReferrerClass.SEARCH.value
    return ReferrerClass.OTHER.value
