"""Typed readers for the environment variables that configure resonanz.

Each reader refuses a bad value at start-up with a message that names the variable and says what is
expected, so a mistyped deployment fails loudly instead of running half-configured. Messages never
repeat a password that was part of the value.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
import tempfile
import zoneinfo
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, urlsplit


class ConfigurationError(Exception):
    """A configuration value is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
# Schemes whose URL may leave out the host: a file path, a local socket, the console.
_HOSTLESS_SCHEMES = {"sqlite", "console", "unix", "postgres", "postgresql", "pgsql"}


def _redacted(parts: SplitResult) -> str:
    """The URL with its password replaced, fit for an error message or a log line."""
    if parts.password is None:
        return parts.geturl()
    userinfo, _at, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{hostport}").geturl()


@dataclass(frozen=True)
class Environment:
    """A view on environment variables with typed readers.

    ``*_FILE`` variants are honoured for every variable: ``SECRET_KEY_FILE=/run/secrets/key`` reads the
    value from that file (Docker and systemd credentials work this way).
    """

    values: Mapping[str, str]

    @classmethod
    def from_os(cls) -> Environment:
        return cls(dict(os.environ))

    def raw(self, name: str) -> str | None:
        file_name = self.values.get(f"{name}_FILE")
        if file_name:
            if self.values.get(name):
                # Two sources for one setting: whichever we picked, someone would be surprised.
                raise ConfigurationError(f"{name}: set either {name} or {name}_FILE, not both")
            try:
                return Path(file_name).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
                raise ConfigurationError(f"{name}_FILE: cannot read {file_name!r}: {reason}") from None
        value = self.values.get(name)
        return value if value is None else value.strip()

    def string(self, name: str, default: str = "") -> str:
        value = self.raw(name)
        return default if value is None or value == "" else value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ConfigurationError(f"{name}: expected true or false (1/0, yes/no, on/off), got {value!r}")

    def integer(self, name: str, default: int, *, minimum: int = 0, maximum: int = 2**31) -> int:
        value = self.raw(name)
        if value is None or value == "":
            return default
        # int() would also take "1_000" and non-ASCII digits; a setting should be plain digits.
        if not _WHOLE_NUMBER.fullmatch(value):
            raise ConfigurationError(f"{name}: expected a whole number, got {value!r}")
        number = int(value)
        if not minimum <= number <= maximum:
            raise ConfigurationError(f"{name}: expected a number from {minimum} to {maximum}, got {number}")
        return number

    def choice(self, name: str, choices: Collection[str], default: str) -> str:
        """One of ``choices``, compared without regard to case; returned as spelled in ``choices``."""
        value = self.string(name, default)
        for choice in choices:
            if choice.lower() == value.lower():
                return choice
        raise ConfigurationError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")

    def string_list(self, name: str, default: list[str]) -> list[str]:
        value = self.raw(name)
        if value is None or value == "":
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def url(self, name: str, schemes: set[str], default: str = "") -> str:
        value = self.string(name, default)
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in schemes:
            wanted = ", ".join(sorted(schemes))
            raise ConfigurationError(
                f"{name}: expected a URL starting with one of {wanted}, got {_redacted(parts)!r}"
            )
        try:
            parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
        except ValueError:
            raise ConfigurationError(f"{name}: the port in {_redacted(parts)!r} is not valid") from None
        if parts.scheme not in _HOSTLESS_SCHEMES and not parts.hostname:
            raise ConfigurationError(f"{name}: the URL {_redacted(parts)!r} names no host")
        if parts.scheme in _HOSTLESS_SCHEMES - {"console"} and not parts.hostname and parts.path in ("", "/"):
            raise ConfigurationError(f"{name}: the URL {_redacted(parts)!r} names neither a host nor a path")
        return value

    def time_zone(self, name: str, default: str) -> str:
        value = self.string(name, default)
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                f"{name}: unknown time zone {value!r} (use a name like Europe/Berlin)"
            ) from None
        return value

    def directory(self, name: str, default: Path) -> Path:
        value = self.raw(name)
        path = Path(value).expanduser() if value else default
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigurationError(
                f"{name}: cannot create directory {str(path)!r}: {exc.strerror}"
            ) from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise ConfigurationError(f"{name}: the directory {str(path)!r} is not writable")
        return path.resolve()


def persisted_secret(path: Path, make: str = "token") -> str:
    """Return a secret kept in ``path``, creating it on first use (demo and development only).

    Web server and worker may start at the same moment on a fresh data directory; both must end up
    with the same secret, so the file appears atomically and the first writer wins.
    """
    try:
        existing = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        existing = ""
    if existing:
        return existing
    value = fernet_key() if make == "fernet" else secrets.token_urlsafe(50)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(value + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
    finally:
        os.unlink(temporary)
    return value


def fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def check_encryption_keys(name: str, value: str) -> list[str]:
    """Split a comma-separated list of Fernet keys (newest first) and check each one."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise ConfigurationError(f"{name}: no key given")
    for position, key in enumerate(keys, start=1):
        try:
            decoded = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            decoded = b""
        if len(decoded) != 32:
            which = f"key {position} of {len(keys)}" if len(keys) > 1 else "the key"
            raise ConfigurationError(
                f"{name}: {which} is not 32 bytes in URL-safe base64 (44 characters); "
                "create one with: resonanz genkey"
            )
    if len(set(keys)) != len(keys):
        raise ConfigurationError(f"{name}: the same key is listed twice")
    return keys
