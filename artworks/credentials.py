"""What an artwork's Content Credentials say, and signing them into its large renditions.

The manifest names the creator, the licence and how the work was made (from the artist's own
declarations), and says through the CAWG training-and-data-mining assertion whether the work may
be used to train AI models: not allowed unless the artist opted in for that work. It is signed
into the renditions people save and share — the artwork page's large image, the full-size view
and the share image — of the work's main image and of its extra images; grid cards stay unsigned
to keep listings light. Signing runs in the rendition task (artworks.tasks), never in a request,
and a failure never fails an upload: the unsigned file stays.
"""

import logging
import posixpath

from PIL import Image as PILImage

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile

from wagtail.images import get_image_model

from core.images import replace_rendition_file
from core.provenance import (
    SigningUnavailable,
    load_signer,
    read_manifest,
    sign,
    signing_configured,
)

from .models import Artwork, ArtworkImage, ContentCredentialsSettings
from .renditions import DETAIL_SPECS, SHARE_SPECS, VIEWER_LARGE_SPECS, VIEWER_SPECS
from .rights import Medium

logger = logging.getLogger(__name__)

#: The renditions that carry Content Credentials.
SIGNED_SPECS = DETAIL_SPECS + SHARE_SPECS + VIEWER_SPECS + VIEWER_LARGE_SPECS

#: What a signed rendition's file name carries before its extension ("….c2pa.webp").
SIGNED_MARK = ".c2pa"

IPTC_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
# The file of a work in a physical medium is a photograph or scan of it: captured. Digital,
# mixed and unstated media are taken to be made with digital tools.
CAPTURED_MEDIA = {
    Medium.PHOTOGRAPHY,
    Medium.PAINTING,
    Medium.DRAWING,
    Medium.PRINTMAKING,
    Medium.SCULPTURE,
    Medium.TEXTILE,
}
# CAWG's four uses, all refused unless the artist allowed AI training for the work: one choice
# covers all four, as the artist thinks of "AI use of my work", not of CAWG's categories.
TRAINING_AND_MINING_USES = (
    "cawg.ai_generative_training",
    "cawg.ai_training",
    "cawg.data_mining",
    "cawg.ai_inference",
)


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def digital_source_type(artwork):
    """The IPTC digital source type the artist's declarations point to: generative AI when
    they said so (a composite when AI was only one part), else a capture (photography and
    physical media) or a digital creation."""
    if artwork.made_with_ai:
        kind = (
            "compositeWithTrainedAlgorithmicMedia"
            if artwork.ai_only_in_part
            else "trainedAlgorithmicMedia"
        )
    elif artwork.medium in CAPTURED_MEDIA:
        kind = "digitalCapture"
    else:
        kind = "digitalCreation"
    return IPTC_SOURCE_TYPE + kind


def licence_statement(artwork, page_url):
    """schema.org `license`: the Creative Commons deed, or "All rights reserved" pointing at
    the artwork page (where anyone who wants to use the work finds the artist)."""
    if artwork.licence_url:
        return artwork.licence_url
    return {"@type": "CreativeWork", "name": artwork.get_licence_display(), "url": page_url}


def training_and_mining_use(artwork):
    """CAWG's value for each training and mining use: "allowed" only when the artist opted in."""
    return "allowed" if artwork.allow_ai_training else "notAllowed"


def manifest(artwork):
    """The C2PA manifest definition for the artwork's renditions."""
    page_url = absolute(artwork.get_absolute_url())
    artist = artwork.artist
    creative_work = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": artwork.title,
        "author": [
            {
                "@type": "Person",
                "name": artist.public_name,
                "url": absolute(artist.get_absolute_url()),
            }
        ],
        "license": licence_statement(artwork, page_url),
        "url": page_url,
    }
    if artwork.year_made:
        creative_work["dateCreated"] = str(artwork.year_made)
    return {
        "claim_generator_info": [{"name": "Artist Collective"}],
        "title": artwork.title,
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": digital_source_type(artwork),
                        },
                        {"action": "c2pa.published"},
                    ]
                },
            },
            {"label": "stds.schema-org.CreativeWork", "data": creative_work},
            {
                "label": "cawg.training-mining",
                "data": {
                    "entries": {
                        use: {"use": training_and_mining_use(artwork)}
                        for use in TRAINING_AND_MINING_USES
                    }
                },
            },
        ],
    }


#: The rendition whose credentials the artwork page shows and links to: the page's large JPEG,
#: the copy most people save and any C2PA verifier reads.
PANEL_SPEC = "format-jpeg|max-1600x1600"

# What the panel cache keeps for a file without a manifest (None is "not cached").
UNSIGNED = {}


def signed_page_rendition(artwork):
    """The artwork page's signed large rendition, from the prefetched renditions (for_detail),
    or None while it is not made or not signed."""
    rendition = artwork.prefetched_rendition(PANEL_SPEC)
    return rendition if rendition is not None and is_signed(rendition) else None


def panel_credentials(artwork):
    """What the artwork page's Content Credentials panel shows, read back from the manifest
    in its signed large rendition, or None when it carries none. Cached by the file's name:
    a re-signed file has a new name and is read afresh, and a file is read once, not on
    every request (the cache is not the database: the page's query count is unchanged)."""
    rendition = signed_page_rendition(artwork)
    if rendition is None:
        return None
    key = f"c2pa-panel:{rendition.file.name}"
    summary = cache.get(key)
    if summary is None:
        summary = _read_panel_credentials(rendition)
        cache.set(key, summary, timeout=settings.C2PA_PANEL_CACHE_SECONDS)
    return summary or None


def manifest_link_for(file_name):
    """The address of the signed large rendition of the image that the rendition file
    `file_name` was made from (itself, when it is that one), for a `Link: …;
    rel="c2pa-manifest"` header; None for a file of no signed image (an avatar, a banner, a
    work not signed). One query."""
    rendition_model = get_image_model().get_rendition_model()
    signed = (
        rendition_model.objects.filter(
            filter_spec=PANEL_SPEC,
            file__contains=SIGNED_MARK,
            image__renditions__file=file_name,
        )
        .only("file")
        .first()
    )
    return signed.url if signed else None


def _read_panel_credentials(rendition):
    try:
        with rendition.file.storage.open(rendition.file.name, "rb") as handle:
            manifest, state = read_manifest(handle.read(), "JPEG")
    except Exception:
        # A file gone meanwhile or a manifest the library cannot read: no panel, no error page.
        logger.warning("Content Credentials of %s could not be read", rendition.file.name)
        return UNSIGNED
    if manifest is None:
        return UNSIGNED
    assertions = {item["label"]: item.get("data", {}) for item in manifest.get("assertions", [])}
    work = assertions.get("stds.schema-org.CreativeWork", {})
    actions = (assertions.get("c2pa.actions.v2") or assertions.get("c2pa.actions") or {}).get(
        "actions", []
    )
    source_type = next(
        (a.get("digitalSourceType", "") for a in actions if a.get("action") == "c2pa.created"), ""
    )
    licence = work.get("license", "")
    if isinstance(licence, dict):
        licence = licence.get("name", "")
    entries = assertions.get("cawg.training-mining", {}).get("entries", {})
    signature = manifest.get("signature_info", {})
    return {
        "signer": signature.get("issuer") or signature.get("common_name", ""),
        "creators": [author.get("name", "") for author in work.get("author", [])],
        "licence": licence,
        "source_type": source_type.removeprefix(IPTC_SOURCE_TYPE),
        "training_allowed": not entries
        or any(entry.get("use") != "notAllowed" for entry in entries.values()),
        "valid": state in ("Valid", "Trusted"),
    }


def artwork_of(image):
    """The artwork whose main or extra image this is, or None (an avatar, a banner, an image
    whose artwork was deleted meanwhile)."""
    artwork = Artwork.objects.select_related("artist").filter(image=image).first()
    if artwork is None:
        extra = ArtworkImage.objects.select_related("artwork__artist").filter(image=image).first()
        artwork = extra.artwork if extra else None
    return artwork


def file_format(data):
    """Pillow's name for the format of an image file's bytes ("JPEG", "WEBP")."""
    with PILImage.open(ContentFile(data)) as opened:
        return opened.format


def is_signed(rendition):
    return SIGNED_MARK in posixpath.basename(rendition.file.name)


def sign_renditions(image, specs):
    """Sign Content Credentials into those of `specs` the image has and that are not signed
    yet (see SIGNED_SPECS). Returns how many were signed. Never raises for a signing problem:
    it is logged and the renditions stay as they are."""
    specs = [spec for spec in specs if spec in SIGNED_SPECS]
    if not specs or not signing_configured():
        return 0
    # The editors' switch (Settings → Content Credentials): off while a certificate is replaced.
    if not ContentCredentialsSettings.load().sign_renditions:
        return 0
    renditions = [r for r in image.renditions.filter(filter_spec__in=specs) if not is_signed(r)]
    if not renditions:
        return 0
    try:
        signer = load_signer()
    except SigningUnavailable as error:
        logger.error("Renditions of image %s left unsigned: %s", image.pk, error)
        return 0
    signed = 0
    with signer:
        for rendition in renditions:
            try:
                signed += _sign_rendition(image, rendition, signer)
            except Exception:
                # A library or storage failure: the unsigned file is served, the upload stands.
                logger.exception("Rendition %s left unsigned", rendition.pk)
    return signed


def _sign_rendition(image, rendition, signer):
    """Replace one rendition's file by a signed copy under a new name ("….c2pa.<ext>"),
    under locks on its image's row and its own as artworks.tasks.rename_renditions does,
    then delete the old file. Returns 1 when signed, 0 when the image, its work, the row or
    its file went away meanwhile. The manifest is read under the lock: an edit committed
    while this ran is what the file says (its re-signing task waits for the lock, then finds
    the file signed and replaces it too)."""

    def write_signed_copy(rendition):
        artwork = artwork_of(image)
        if is_signed(rendition) or artwork is None:
            return None
        definition = manifest(artwork)
        old_name = rendition.file.name
        storage = rendition.file.storage
        try:
            with storage.open(old_name, "rb") as old_file:
                data = old_file.read()
        except OSError:
            logger.warning("Rendition %s could not be signed: its file is gone", old_name)
            return None
        signed = sign(data, file_format(data), definition, signer)
        stem, extension = posixpath.splitext(old_name)
        return storage.save(f"{stem}{SIGNED_MARK}{extension}", ContentFile(signed))

    replaced = replace_rendition_file(image.pk, type(rendition), rendition.pk, write_signed_copy)
    return int(replaced)
