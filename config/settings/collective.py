"""The collective's own rules, app by app: upload limits and backpressure, page sizes, rate
limits, reports, commissions, collections, account exports and deletion, notifications,
comments and Content Credentials."""

import os
from datetime import timedelta
from pathlib import Path

from .wagtail import WAGTAILIMAGES_MAX_IMAGE_PIXELS, WAGTAILIMAGES_MAX_UPLOAD_SIZE

# Artworks: limits a member's upload form states and enforces (bytes and pixels).
ARTWORK_MAX_UPLOAD_SIZE = WAGTAILIMAGES_MAX_UPLOAD_SIZE
ARTWORK_MAX_IMAGE_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
# Lower pixel ceilings (every frame counted) where re-encoding is slow, measured on a 2-core
# machine so that the worst accepted upload costs at most 4 s of CPU and 600 MB in a gunicorn
# worker (figures in core/image_cleaning.py and bench/uploads.py): re-encoding alone costs 2.2 s /
# 379 MB for an 8 MP AVIF at encoder speed 10, 2.3 s / 427 MB for a 16 MP WebP at method 2,
# about 3.6 s for a 40 MP PNG at zlib level 1; the request adds about 1 s (upload, header, hash).
ARTWORK_MAX_PIXELS_BY_FORMAT = {"PNG": 40_000_000, "WEBP": 16_000_000, "AVIF": 8_000_000}
ARTWORK_UPLOADS_PER_DAY = 50
# Attempts to upload or edit an artwork, or upload an avatar, that one member and one address
# may make (django-ratelimit, counted in the default cache); checked before anything else.
UPLOAD_ATTEMPT_RATE_LIMIT = "60/h"
UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS = "120/h"
# Backpressure when uploads arrive faster than the machine can take them (artworks.admission):
# at most UPLOAD_PROCESSING_SLOTS images are decoded at once across the machine's processes
# (half its cores: the rest is for visitors' pages and the task worker), in the order they
# came. Each first waits while more than UPLOAD_RENDITION_QUEUE_LIMIT tasks making pages'
# renditions wait for the task worker (a second or two each for 12 MP photos), so renditions
# follow every upload within seconds, or more than UPLOAD_FULL_SIZE_QUEUE_LIMIT making the
# full-size view's (behind every other task, about a second each on a quiet machine: the view
# follows within a minute or two, and a burst of uploads is taken at decoding speed). An
# upload that gets no turn within UPLOAD_ADMISSION_WAIT seconds is answered "busy, try again
# in a minute" (503), nothing stored: well inside nginx's 90 s (deploy/nginx).
# At most UPLOAD_WAITING_PER_PROCESS uploads wait at once in one web process (half of
# gunicorn's --threads), so visitors always find a thread.
UPLOAD_PROCESSING_SLOTS = max(1, len(os.sched_getaffinity(0)) // 2)
UPLOAD_RENDITION_QUEUE_LIMIT = 1
UPLOAD_FULL_SIZE_QUEUE_LIMIT = 30
UPLOAD_ADMISSION_WAIT = 40
# How much lower than visitors' pages an upload's decode runs in the CPU's order: a thread's
# niceness, which Linux weighs against the other threads of the web service (core.low_priority).
UPLOAD_DECODE_NICENESS = 10
UPLOAD_WAITING_PER_PROCESS = 8
# Where the machine's processes keep their turns (lock files, core.admission); empty: a
# directory in the system's temporary directory named after the database.
ADMISSION_DIR = ""
ARTWORKS_PER_PAGE = 24

ARTISTS_PER_PAGE = 24
# The Following page names the artists a member followed last, and the whole list of them
# (`?show=artists`) comes a page at a time: either costs the same for 5 follows or 5,000.
FOLLOWED_ARTISTS_SHOWN = 24
FOLLOWED_ARTISTS_PER_PAGE = 60
HOME_LATEST_ARTWORKS = 12
ARTWORK_SEARCH_MAX_RESULTS = 1000
HOME_CURRENT_EXHIBITIONS = 3
TAGS_PAGE_MAX_TAGS = 200
# Addresses per sitemap file (sitemaps.org's limit); /sitemap.xml indexes the files.
SITEMAP_PAGE_SIZE = 50_000

# Reports: how many different members' open reports take a work out of public view until a
# moderator decides, and how often one member may report.
REPORTS_TO_HOLD = 3
REPORT_RATE_LIMIT = "10/h"
# Follows and unfollows one member may make in an hour (social.views).
FOLLOW_RATE_LIMIT = "120/h"
# Commission requests: how many one member may send in 24 hours (counted in the database; one
# a day to the same artist), how many times an hour they may press "Send" (django-ratelimit,
# invalid forms included), and how often an artist may change their settings or blocks.
COMMISSION_REQUESTS_PER_DAY = 5
COMMISSION_REQUEST_RATE_LIMIT = "20/h"
COMMISSION_SETTINGS_RATE_LIMIT = "60/h"
# Collections (social.collections): how many one member may keep, how many works each holds,
# how many changes (create, rename, add, move, note, remove, delete) a member may make in an
# hour, and how many public collections the artist page shows.
COLLECTIONS_PER_MEMBER = 200
COLLECTION_MAX_WORKS = 500
COLLECTION_RATE_LIMIT = "300/h"
ARTIST_PAGE_COLLECTIONS = 12
# Favourites and unfavourites one member may make in an hour (social.views): enough to heart
# a gallery page after page, too few to script the "Most favourited this week" order.
FAVOURITE_RATE_LIMIT = "300/h"

# Members' control of their account (members.exports, members.deletion). A data export is
# kept this long, and a member may ask for so many a day (each one copies all their files).
DATA_EXPORT_LIFETIME = timedelta(days=7)
DATA_EXPORT_RATE_LIMIT = "3/d"
# An export still being prepared (or failed) after this long is cleared by the same command.
DATA_EXPORT_STALE_AFTER = timedelta(days=1)
# Where export zips are kept: a STORAGES alias and a folder in it. The default storage is
# private (a local folder nginx does not serve; an S3 bucket whose policy publishes only
# images/), and the site streams a zip to its owner itself.
DATA_EXPORT_STORAGE = "default"
DATA_EXPORT_FOLDER = "account-exports"
# A deleted account is deactivated at once and erased this long after (`manage.py
# erase_deleted_accounts`); logging in before then offers to cancel.
MEMBER_DELETION_GRACE = timedelta(days=14)
# Attempts at the deletion form (each checks the password) and at cancelling one.
MEMBER_DELETION_RATE_LIMIT = "10/h"
# Notifications (notifications app): how members hear about them by email unless they choose
# ("immediate", "daily" or "off"); what the daily digest lists (unread, not yet emailed, from
# the last days, at most so many); how long notifications are kept (read ones, and unread ones
# of members who never come back), pruned daily; rows written per bulk insert when new work is
# announced to followers; the page size; and how often a member may mark all read or save
# their settings.
NOTIFICATION_EMAIL_DEFAULT = "daily"
NOTIFICATION_DIGEST_MAX_AGE = timedelta(days=7)
NOTIFICATION_DIGEST_MAX_ITEMS = 50
NOTIFICATION_READ_RETENTION = timedelta(days=90)
NOTIFICATION_UNREAD_RETENTION = timedelta(days=365)
NOTIFICATION_BATCH_SIZE = 500
NOTIFICATIONS_PER_PAGE = 30
NOTIFICATION_WRITE_RATE_LIMIT = "60/h"
# Comments posted or edited that one member may make in an hour (comments.views).
COMMENT_RATE_LIMIT = "30/h"
# Whose reports count towards that hold (reports.models.established_reporter): members with a
# confirmed email, older than REPORT_MIN_ACCOUNT_AGE, with published work or older than
# REPORT_ESTABLISHED_MEMBER_AGE. Everyone's reports reach the moderators.
REPORT_MIN_ACCOUNT_AGE = timedelta(days=7)
REPORT_ESTABLISHED_MEMBER_AGE = timedelta(days=30)


# Content Credentials (C2PA) signed into the large public renditions (core.provenance,
# artworks.credentials): PEM files of the certificate chain (signing certificate first, then
# its CA) and of the private key (ES256), and an optional RFC 3161 timestamp authority URL.
# Empty: renditions are served unsigned. C2PA_KEYS_EXPECTED makes that a warning in
# `manage.py check` and /readyz/ (production); `manage.py c2pa_make_dev_ca` writes a
# development pair into C2PA_DEV_CA_DIR, outside the repository.
C2PA_CERT_CHAIN = ""
C2PA_PRIVATE_KEY = ""
C2PA_TSA_URL = ""
C2PA_KEYS_EXPECTED = False
C2PA_DEV_CA_DIR = (
    Path(os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"))
    / "artist-collective"
    / "c2pa"
)
# How long the artwork page keeps what its Content Credentials panel read from a signed file
# (artworks.credentials.panel_credentials). Keyed by the file's name, which changes whenever
# the file is re-signed, so an entry never goes stale: this only bounds the cache's size.
C2PA_PANEL_CACHE_SECONDS = 7 * 24 * 60 * 60
