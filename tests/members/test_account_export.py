"""A member's account page and "Export my data": the zip of their files and data, built in a
task, mailed as a link that only they can open, for a week."""

import io
import json
import os
import re
import time
import zipfile
from datetime import timedelta

import pytest

from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from members.models import DataExport
from reports.models import Reason, file_comment_report, file_profile_report, file_report
from tests.factories import UserFactory, add_extra_image, create_artwork, image_bytes
from tests.html import soup

pytestmark = pytest.mark.django_db

ACCOUNT_URL = "/my/account/"
EXPORT_URL = "/my/account/export/"


def download_url(export):
    return f"/my/account/export/{export.pk}/download/"


def upload_profile_images(client, member, capture):
    """An avatar and a banner uploaded through the profile form, as a member does."""
    data = {
        "display_name": member.display_name,
        "bio": member.bio,
        "location": member.location,
        "avatar_image": SimpleUploadedFile("me.jpg", image_bytes((300, 200)), "image/jpeg"),
        "banner_image": SimpleUploadedFile(
            "wide.jpg", image_bytes((1600, 400), colour=(10, 90, 30)), "image/jpeg"
        ),
    }
    with capture(execute=True):
        response = client.post("/my/profile/", data)
    assert response.status_code == 302, response.content
    member.refresh_from_db()
    assert member.avatar_image_id and member.banner_image_id


@pytest.fixture
def member(client):
    member = UserFactory(username="ada", display_name="Ada Lovelace", location="London")
    client.force_login(member)
    return member


@pytest.fixture
def member_with_everything(member, client, django_capture_on_commit_callbacks):
    """Two works (one with an extra image and tags), an avatar, a banner and a report filed."""
    engine = create_artwork(
        member, title="Analytical engine", tags="brass, gears", description="Cogs."
    )
    add_extra_image(engine, alt_text="The mill, close up", caption="Detail")
    create_artwork(member, title="Notes", image=None)
    upload_profile_images(client, member, django_capture_on_commit_callbacks)
    file_report(create_artwork(title="Someone else's"), member, Reason.SPAM, "Adverts.")
    return member


def request_export(client, capture):
    with capture(execute=True):
        return client.post(EXPORT_URL)


def zip_from(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def stored_bytes(file):
    with file.storage.open(file.name, "rb") as handle:
        return handle.read()


# --- The account page ----------------------------------------------------------------------


def test_the_account_page_links_email_password_second_factor_export_and_delete(client, member):
    response = client.get(ACCOUNT_URL)

    assert response.status_code == 200
    document = soup(response)
    main = document.find("main")
    assert "ada@example.com" in main.get_text()
    links = {a.get_text(strip=True): a["href"] for a in main.find_all("a")}
    assert links["Change your email"] == "/accounts/email/"
    assert links["Change your password"] == "/accounts/password/change/"
    assert links["Two-factor authentication"] == "/accounts/2fa/"
    assert links["Export my data"] == EXPORT_URL
    assert links["Delete my account"] == "/my/account/delete/"
    # The member menu leads there.
    assert document.select_one('nav a[href="/my/account/"]').get_text(strip=True) == "Account"


def test_visitors_are_sent_to_log_in_from_every_account_page():
    visitor = Client()
    for url in (ACCOUNT_URL, EXPORT_URL, "/my/account/delete/", "/my/account/export/1/download/"):
        response = visitor.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


# --- Exporting -----------------------------------------------------------------------------


def test_a_member_gets_a_zip_of_their_files_and_data_by_an_emailed_link(
    client, member_with_everything, django_capture_on_commit_callbacks
):
    member = member_with_everything
    response = request_export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    export = DataExport.objects.get(member=member)
    assert export.status == DataExport.Status.READY
    assert export.expires_at - timezone.now() > timedelta(days=6, hours=23)
    # The email names the link, which is on the page too.
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada@example.com"]
    assert "ready" in email.subject
    assert f"http://127.0.0.1:8000{download_url(export)}" in email.body
    page = client.get(EXPORT_URL)
    assert f'href="{download_url(export)}"' in page.content.decode()

    download = client.get(download_url(export))

    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "artist-collective-ada-" in download["Content-Disposition"]
    assert "private" in download["Cache-Control"]
    archive = zip_from(download)
    data = json.loads(archive.read("data.json"))
    # The profile, with every field the member filled in and their address.
    profile = data["members"]["profile"]
    assert profile["display_name"] == "Ada Lovelace"
    assert profile["location"] == "London"
    assert profile["email_addresses"] == [
        {"email": "ada@example.com", "verified": True, "primary": True}
    ]
    # Each work with all its fields, its tags and its extra image; its files beside it.
    works = {work["title"]: work for work in data["artworks"]["works"]}
    assert set(works) == {"Analytical engine", "Notes"}
    engine = works["Analytical engine"]
    assert engine["description"] == "Cogs."
    assert engine["tags"] == ["brass", "gears"]
    for field in ("alt_text", "licence", "medium", "visibility", "status", "created_at"):
        assert field in engine
    assert engine["extra_images"][0]["caption"] == "Detail"
    artwork = member.artworks.get(title="Analytical engine")
    assert archive.read(engine["original"]) == stored_bytes(artwork.image.file)
    extra = artwork.extra_images.get()
    assert archive.read(engine["extra_images"][0]["file"]) == stored_bytes(extra.image.file)
    assert archive.read(profile["avatar_image"]) == stored_bytes(member.avatar_image.file)
    assert archive.read(profile["banner_image"]) == stored_bytes(member.banner_image.file)
    # Reports the member filed.
    (report,) = data["reports"]["reports_filed"]
    assert report["reported"]["title"] == "Someone else's"
    assert report["message"] == "Adverts."
    assert data["missing_files"] == []
    export.refresh_from_db()
    assert export.downloaded_at is not None


def test_another_member_or_a_visitor_never_gets_the_zip(
    client, member, django_capture_on_commit_callbacks
):
    create_artwork(member, title="Mine")
    request_export(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(member=member)
    other = Client()
    other.force_login(UserFactory(username="grace"))

    assert other.get(download_url(export)).status_code == 404
    assert Client().get(download_url(export)).status_code == 302  # to log in
    assert client.get("/my/account/export/999999/download/").status_code == 404


def test_the_zip_is_stored_privately_under_an_unguessable_name(
    client, member, django_capture_on_commit_callbacks
):
    create_artwork(member, title="Mine")
    request_export(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(member=member)

    assert re.fullmatch(r"account-exports/[\w-]{32}\.zip", export.file_name)
    assert default_storage.exists(export.file_name)
    # Only renditions (images/) are ever served from media; the zip is not.
    assert Client().get(f"/media/{export.file_name}").status_code == 404


def test_an_expired_link_is_404_and_the_command_deletes_the_zip(
    client, member, django_capture_on_commit_callbacks
):
    create_artwork(member, title="Mine")
    request_export(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(member=member)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())

    assert client.get(download_url(export)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_expired_exports", stdout=io.StringIO())

    assert not DataExport.objects.exists()
    assert not default_storage.exists(export.file_name)


def test_the_command_keeps_live_exports_and_removes_stray_zips(
    client, member, django_capture_on_commit_callbacks, media_files
):
    create_artwork(member, title="Mine")
    request_export(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(member=member)
    stray = default_storage.save("account-exports/left-behind.zip", ContentFile(b"zip"))
    fresh = default_storage.save("account-exports/being-stored.zip", ContentFile(b"zip"))
    two_hours_ago = time.time() - 2 * 60 * 60
    os.utime(default_storage.path(stray), (two_hours_ago, two_hours_ago))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_expired_exports", stdout=io.StringIO())

    assert DataExport.objects.filter(pk=export.pk).exists()
    assert default_storage.exists(export.file_name)
    assert not default_storage.exists(stray)
    assert default_storage.exists(fresh)


def test_one_export_at_a_time(client, member, django_capture_on_commit_callbacks):
    DataExport.objects.create(member=member)  # still being prepared

    response = request_export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert DataExport.objects.filter(member=member).count() == 1
    page = client.get(EXPORT_URL)
    assert "already being prepared" in page.content.decode()
    assert "being prepared" in soup(page).find("main").get_text()
    assert not mail.outbox


def test_a_member_may_ask_three_times_a_day(client, member, django_capture_on_commit_callbacks):
    for _ in range(3):
        assert request_export(client, django_capture_on_commit_callbacks).status_code == 302

    refused = request_export(client, django_capture_on_commit_callbacks)

    assert refused.status_code == 429
    assert "several times today" in refused.content.decode()
    assert DataExport.objects.filter(member=member).count() == 3


def test_the_request_needs_the_csrf_token(member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)

    assert strict.post(EXPORT_URL).status_code == 403
    assert not DataExport.objects.exists()


def test_a_failed_build_is_marked_and_leaves_no_file(
    client, member, django_capture_on_commit_callbacks, media_files, monkeypatch
):
    create_artwork(member, title="Mine")
    before = media_files()

    def broken(member, fileobj):
        fileobj.write(b"half a zip")
        raise OSError("disk full")

    monkeypatch.setattr("members.exports.write_export_zip", broken)
    response = request_export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert DataExport.objects.get(member=member).status == DataExport.Status.FAILED
    assert media_files() == before
    assert not mail.outbox
    assert "could not be prepared" in client.get(EXPORT_URL).content.decode()
    # The member may ask again at once.
    monkeypatch.undo()
    request_export(client, django_capture_on_commit_callbacks)
    assert DataExport.objects.filter(status=DataExport.Status.READY).count() == 1


def test_a_file_lost_from_storage_is_listed_not_fatal(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Lost")
    default_storage.delete(artwork.image.file.name)

    request_export(client, django_capture_on_commit_callbacks)

    export = DataExport.objects.get(member=member)
    archive = zip_from(client.get(download_url(export)))
    data = json.loads(archive.read("data.json"))
    assert data["missing_files"] == [data["artworks"]["works"][0]["original"]]


def test_the_export_page_costs_the_same_whatever_the_number_of_exports(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(count):
        DataExport.objects.all().delete()
        DataExport.objects.bulk_create(
            DataExport(
                member=member,
                status=DataExport.Status.READY,
                file_name=f"account-exports/{number}.zip",
                expires_at=timezone.now() + timedelta(days=7),
            )
            for number in range(count)
        )
        client.get(EXPORT_URL)  # the header's unread count is then cached, as on any visit
        with CaptureQueriesContext(connection) as queries:
            response = client.get(EXPORT_URL)
        assert response.content.decode().count("Download the zip") == count
        return len(queries)

    assert queries_with(2) == queries_with(20)


def test_the_zip_holds_follows_favourites_collections_and_commission_requests(
    client, member, django_capture_on_commit_callbacks
):
    """Every app's part of the member's data reaches the zip (core.account_data finds them)."""
    from commissions.models import CommissionRequest
    from social import collections, favourites, follows

    grace = UserFactory(username="grace", open_for_commissions=True)
    harbour = create_artwork(grace, title="Harbour")
    follows.follow(member, grace)
    favourites.favourite(member, harbour)
    collection = collections.create_collection(member, "Sea", "Water.", is_public=True)
    collections.add_work(member, collection, harbour, "The light.")
    CommissionRequest.objects.create(
        artist=grace, sender=member, subject="A portrait", message="In ink."
    )

    request_export(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(member=member)
    data = json.loads(zip_from(client.get(download_url(export))).read("data.json"))

    assert [follow["artist"] for follow in data["social"]["follows"]] == ["grace"]
    assert [row["title"] for row in data["social"]["favourites"]] == ["Harbour"]
    (exported,) = data["social"]["collections"]
    assert exported["name"] == "Sea"
    assert [item["note"] for item in exported["works"]] == ["The light."]
    (sent,) = data["commissions"]["commission_requests_sent"]
    assert (sent["to"], sent["subject"]) == ("grace", "A portrait")


def test_the_zip_lists_every_kind_of_report_the_member_filed(
    client, member, django_capture_on_commit_callbacks
):
    """A report names a work, a profile or a comment: a comment reported must not stop the
    export (it names neither a work nor a member)."""
    from comments import services as comments

    grace = UserFactory(username="grace")
    harbour = create_artwork(grace, title="Harbour")
    comment = comments.post(grace, harbour, "Buy gears here.")
    file_report(harbour, member, Reason.SPAM, "Adverts.")
    file_profile_report(grace, member, Reason.OFFENSIVE)
    file_comment_report(comment, member, Reason.SPAM, "An advert.")

    request_export(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(member=member)
    assert export.status == DataExport.Status.READY
    data = json.loads(zip_from(client.get(download_url(export))).read("data.json"))

    assert [report["reported"] for report in data["reports"]["reports_filed"]] == [
        {"artwork_id": harbour.pk, "title": "Harbour"},
        {"member": "grace"},
        {"comment_id": comment.pk, "on_artwork": {"id": harbour.pk, "title": "Harbour"}},
    ]
    assert data["reports"]["reports_filed"][2]["message"] == "An advert."
