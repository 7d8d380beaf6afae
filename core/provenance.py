"""Content Credentials (C2PA): the site's signing key, and signing a file with a manifest.

The certificate chain and private key are PEM files named by the C2PA_CERT_CHAIN and
C2PA_PRIVATE_KEY settings (production reads them from the environment; `manage.py
c2pa_make_dev_ca` makes a development pair). What a manifest says is the apps' business (see
artworks.credentials): this module only knows how to sign bytes with it. Without keys nothing
is signed and the site carries on: `manage.py check` and /readyz/ say so, uploads never fail.
"""

import io
import logging
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

#: The formats signed files may have, by Pillow's name for them.
MIME_TYPES = {"JPEG": "image/jpeg", "WEBP": "image/webp"}

# No thumbnail in the manifest: the file is the image, and a JPEG thumbnail of it would add
# some 20 KB to every signed file (the manifest alone is about 4 KB).
BUILDER_SETTINGS = {"builder": {"thumbnail": {"enabled": False}}}


class SigningUnavailable(Exception):
    """The keys are not configured, or cannot be read or used."""


def keys_problem():
    """Why files are not signed (a sentence for operators, with no path in it: /readyz/ shows
    it), or None when both files are named and present. Their contents are not read here —
    the web process may not be allowed to, only the task worker signs — so a key that cannot
    sign is found out when signing, and logged then."""
    chain, key = settings.C2PA_CERT_CHAIN, settings.C2PA_PRIVATE_KEY
    if not chain or not key:
        return "C2PA_CERT_CHAIN and C2PA_PRIVATE_KEY are not set"
    for name, path in (("C2PA_CERT_CHAIN", chain), ("C2PA_PRIVATE_KEY", key)):
        if not Path(path).is_file():
            return f"{name} names no file"
    return None


def signing_configured():
    return keys_problem() is None


def load_signer():
    """A c2pa Signer made from the configured keys (ES256, the optional timestamp authority);
    the caller closes it (`with load_signer() as signer:`). Raises SigningUnavailable."""
    if problem := keys_problem():
        raise SigningUnavailable(problem)
    import c2pa

    try:
        chain = Path(settings.C2PA_CERT_CHAIN).read_bytes()
        key = Path(settings.C2PA_PRIVATE_KEY).read_bytes()
        info = c2pa.C2paSignerInfo(b"es256", chain, key, settings.C2PA_TSA_URL or None)
        return c2pa.Signer.from_info(info)
    except (OSError, ValueError, c2pa.C2paError) as error:
        raise SigningUnavailable(f"the C2PA keys cannot be used: {error}") from error


def sign(data, image_format, manifest, signer):
    """`data` (a JPEG or WebP file's bytes) with `manifest` signed into it, as new bytes.
    Raises c2pa.C2paError (or ValueError for a format it does not sign)."""
    import c2pa

    mime_type = MIME_TYPES.get(image_format)
    if mime_type is None:
        raise ValueError(f"Content Credentials are not signed into {image_format} files")
    context = c2pa.Context.from_dict(BUILDER_SETTINGS)
    with context, c2pa.Builder(manifest, context) as builder:
        output = io.BytesIO()
        builder.sign(signer, mime_type, io.BytesIO(data), output)
    return output.getvalue()


def read_manifest(data, image_format):
    """The active manifest of a signed file and its validation state ("Valid", "Trusted",
    "Invalid"), or (None, None) when the file carries none."""
    import c2pa

    reader = c2pa.Reader.try_create(MIME_TYPES[image_format], io.BytesIO(data))
    if reader is None:
        return None, None
    with reader:
        return reader.get_active_manifest(), reader.get_validation_state()


def certificate_summary():
    """The signing certificate's subject (common name and organisation) and expiry, read from
    the configured chain for the admin's Content Credentials settings, or None when there is
    no chain or it cannot be read. The chain is public (it travels in every signed file); the
    private key is never opened here."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    if not settings.C2PA_CERT_CHAIN:
        return None
    try:
        leaf = x509.load_pem_x509_certificates(Path(settings.C2PA_CERT_CHAIN).read_bytes())[0]
    except (OSError, ValueError, IndexError):
        return None

    def attribute(oid):
        values = leaf.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    return {
        "subject": leaf.subject.rfc4514_string(),
        "common_name": attribute(NameOID.COMMON_NAME),
        "organisation": attribute(NameOID.ORGANIZATION_NAME),
        "expires": leaf.not_valid_after_utc,
    }
