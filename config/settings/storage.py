"""Where files are kept: the media and static storages, an S3-compatible bucket in production
(s3_storage, s3_rendition_storage, which production.py calls) and how uploads are received."""

# Whether Django serves /media/images/ (renditions only) outside DEBUG: production.py.
SERVE_RENDITIONS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.static_storage.StaticStorage"},
}


def s3_storage(bucket_name, *, endpoint_url=None, region_name=None, custom_domain=None):
    """Media in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, SeaweedFS). The bucket
    is private: originals are only ever read by the site with its keys. A bucket that refuses,
    is down or hangs answers within seconds (3 s to connect, 10 s to read, 2 attempts), well
    inside gunicorn's timeout: the member is told the file could not be stored."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket_name,
            "endpoint_url": endpoint_url,
            "region_name": region_name,
            "custom_domain": custom_domain,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "client_config": Config(
                connect_timeout=3, read_timeout=10, retries={"max_attempts": 2}
            ),
        },
    }


def s3_rendition_storage(media_storage):
    """Renditions in the same bucket, under `images/`, which the bucket policy publishes
    (`manage.py setup_bucket`): plain URLs without signatures, the same on every render and
    on every machine, so og:image, feeds and caches keep working. Kept a year by browsers;
    shared caches ask again within a minute, as a work that leaves public view has its
    renditions moved to new names."""
    options = dict(media_storage["OPTIONS"])
    options["querystring_auth"] = False
    options["object_parameters"] = {"CacheControl": RENDITION_CACHE_CONTROL}
    return {"BACKEND": media_storage["BACKEND"], "OPTIONS": options}


#: What a rendition response says, from Django, nginx (deploy/) or the bucket.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, s-maxage=60"

# Uploaded files larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
