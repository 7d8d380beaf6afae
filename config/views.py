from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponseRedirect
from django.views.decorators.http import require_safe
from django.views.static import serve

from artworks.credentials import manifest_link_for


def serve_rendition(request, path):
    """A rendition from MEDIA_ROOT/images. Anything that tries to climb out of that folder,
    to the originals, is simply not found."""
    if "\\" in path or ".." in PurePosixPath(path).parts:
        raise Http404("No such rendition.")
    try:
        response = serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "images")
    except SuspiciousFileOperation:
        raise Http404("No such rendition.") from None
    # The artists' work is not for training AI models (the front web server says the same).
    response["X-Robots-Tag"] = "noai, noimageai"
    # Browsers keep a rendition a year (a visitor keeps what they have seen); shared caches
    # ask again within a minute, because a work that leaves public view has its renditions
    # moved to new names (artworks.tasks.rename_renditions).
    response["Cache-Control"] = settings.RENDITION_CACHE_CONTROL
    # Any rendition of a work, a grid card too, says where the work's credentials are.
    if response.status_code == 200 and (manifest_url := manifest_link_for(f"images/{path}")):
        response["Link"] = f'<{manifest_url}>; rel="c2pa-manifest"'
    return response


@require_safe
def rendition_credentials(request, media_path):
    """Where the Content Credentials of the rendition at /<media_path> are: a redirect to the
    signed large rendition of the same image, whose file carries them. The front web server
    names this address in a `Link: …; rel="c2pa-manifest"` header on every rendition it
    serves (deploy/nginx), since it cannot look the signed file up itself."""
    media_url = settings.MEDIA_URL.strip("/") + "/"
    manifest_url = None
    if media_path.startswith(media_url):
        manifest_url = manifest_link_for(media_path.removeprefix(media_url))
    if manifest_url is None:
        raise Http404("This image carries no Content Credentials.")
    response = HttpResponseRedirect(manifest_url)
    # Briefly: the signed file gets a new name whenever its work is re-signed.
    response["Cache-Control"] = "public, max-age=60"
    return response
