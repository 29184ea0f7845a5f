"""The enrolment's QR code and secret, drawn on the server: no image service, no script."""

import base64
from binascii import unhexlify
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.utils.safestring import mark_safe

DIGITS = 6
STEP = 30


class _QRImage(qrcode.image.svg.SvgPathFillImage):
    """A single-path SVG on a white square (scannable in the admin's dark theme too)."""


def base32_secret(key_hex: str) -> str:
    return base64.b32encode(unhexlify(key_hex)).decode("ascii").rstrip("=")


def grouped_secret(key_hex: str) -> str:
    """The secret in groups of four, as authenticator apps accept it typed in."""
    secret = base32_secret(key_hex)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def otpauth_uri(key_hex: str, account: str, issuer: str) -> str:
    """The Key URI authenticator apps read from the QR code (otpauth://totp/…)."""
    issuer = issuer.replace(":", "").strip()
    label = f"{issuer}:{account}" if issuer else account
    params = {"secret": base32_secret(key_hex), "algorithm": "SHA1", "digits": DIGITS, "period": STEP}
    if issuer:
        params["issuer"] = issuer
    return f"otpauth://totp/{quote(label)}?{urlencode(params, quote_via=quote)}"


def qr_svg(data: str, label: str) -> str:
    """`data` as an inline SVG QR code, labelled for screen readers."""
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    image = code.make_image(image_factory=_QRImage)
    svg = image.get_image()
    # Sized by the stylesheet, not in millimetres.
    for attribute in ("width", "height"):
        svg.attrib.pop(attribute, None)
    svg.set("class", "staff-security-qr__image")
    svg.set("role", "img")
    svg.set("aria-label", label)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - built by qrcode, nothing typed by anyone
