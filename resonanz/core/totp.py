"""Time-based one-time passwords (RFC 6238) for two-factor authentication."""

from __future__ import annotations

import base64
import hmac
import io

import pyotp
import qrcode
import qrcode.image.svg
from django.utils import timezone

from resonanz.core.crypto import decrypt

ISSUER = "resonanz"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code as an inline SVG data URI: rendered here, no third-party service sees the secret."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def matching_step(secret: str, code: str, after_step: int = 0) -> int | None:
    """The time step the code belongs to (±1 step of clock drift), or None.

    A step at or before ``after_step`` is refused, so a code seen once cannot be replayed.
    """
    code = "".join(code.split())
    # isascii() first: isdigit() also accepts digits of other scripts, which compare_digest refuses.
    if not (code.isascii() and code.isdigit()) or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(timezone.now().timestamp()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if step > after_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def user_secret(encrypted: str) -> str:
    return decrypt(encrypted)
