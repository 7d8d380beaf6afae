"""The grace period (the account offered back at log-in) and the erasure that follows it."""

import io
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.images import get_image_model

from artworks.models import Artwork
from artworks.uploads import member_uploads_collection
from members.models import DataExport
from reports.models import Reason, Report, file_profile_report, file_report
from social.models import Follow
from tests.factories import PASSWORD, UserFactory, add_extra_image, create_artwork, image_bytes
from tests.html import soup
from tests.members.account_deletion.helpers import delete, main_text
from tests.members.test_account_export import request_export, upload_profile_images
from tests.members.test_staff_mfa import current_code

pytestmark = pytest.mark.django_db


LOGIN_URL = "/accounts/login/"


PENDING_URL = "/accounts/deletion-pending/"


def log_in(client, username="ada", password=PASSWORD):
    return client.post(LOGIN_URL, {"login": username, "password": password})


def erase_due(capture, days=15):
    """Run the daily command as if `days` had passed since every pending deletion."""
    get_user_model().objects.exclude(deletion_requested_at=None).update(
        deletion_requested_at=timezone.now() - timedelta(days=days)
    )
    with capture(execute=True):
        call_command("erase_deleted_accounts", stdout=io.StringIO())


def files_of(images):
    """Stored names of these images' originals and renditions."""
    names = set()
    for image in images:
        names.add(image.file.name)
        names.update(rendition.file.name for rendition in image.renditions.all())
    return names


def images_of(member):
    member.refresh_from_db()
    images = []
    for artwork in Artwork.objects.filter(artist=member):
        images.append(artwork.image)
        images.extend(extra.image for extra in artwork.extra_images.all())
    return images + [image for image in (member.avatar_image, member.banner_image) if image]


# --- The grace period ----------------------------------------------------------------------


def test_logging_in_during_the_grace_period_offers_to_cancel(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Analytical engine")
    delete(client, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    mail.outbox.clear()

    response = log_in(client)

    assert response.status_code == 302
    assert response["Location"] == PENDING_URL
    page = client.get(PENDING_URL)
    text = main_text(page)
    assert f"scheduled for deletion on {member.deletion_due_at:%-d %B %Y}" in text
    assert "suspended" not in text
    document = soup(page)
    buttons = [button.get_text(strip=True) for button in document.select("main form button")]
    assert buttons == ["Cancel deletion", "Log out"]
    assert client.session.get(SESSION_KEY) is None

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(PENDING_URL, {"action": "cancel"})

    assert cancelled.status_code == 302
    assert cancelled["Location"] == "/my/account/"
    member.refresh_from_db()
    assert member.is_active and member.deletion_requested_at is None
    assert client.session.get(SESSION_KEY) == str(member.pk)
    assert Client().get(artwork.get_absolute_url()).status_code == 200
    assert Client().get("/artists/ada/").status_code == 200
    (email,) = mail.outbox
    assert "will not be deleted" in email.subject


def test_logging_out_from_the_grace_period_page_keeps_the_deletion(
    client, member, django_capture_on_commit_callbacks
):
    delete(client, django_capture_on_commit_callbacks)
    log_in(client)

    response = client.post(PENDING_URL, {"action": "logout"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active and member.deletion_requested_at is not None
    assert client.get(PENDING_URL)["Location"] == LOGIN_URL


def test_the_cancel_page_needs_the_password_first(
    client, member, django_capture_on_commit_callbacks
):
    delete(client, django_capture_on_commit_callbacks)
    stranger = Client()

    assert log_in(stranger, password="not-it").status_code == 200
    assert stranger.get(PENDING_URL)["Location"] == LOGIN_URL
    assert stranger.post(PENDING_URL, {"action": "cancel"})["Location"] == LOGIN_URL
    member.refresh_from_db()
    assert not member.is_active


def test_with_a_second_factor_cancelling_leads_to_a_full_log_in(
    client, member, django_capture_on_commit_callbacks
):
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    delete(client, django_capture_on_commit_callbacks, code=current_code(secret))
    log_in(client)

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(PENDING_URL, {"action": "cancel"})

    assert cancelled["Location"] == LOGIN_URL
    member.refresh_from_db()
    assert member.is_active
    # Not logged in on the password alone: the log-in asks for the code.
    assert client.session.get(SESSION_KEY) is None
    assert log_in(client)["Location"] == "/accounts/2fa/authenticate/"


def test_a_member_suspended_by_moderators_is_still_told_so(client):
    UserFactory(username="mallory", is_active=False)

    response = log_in(client, "mallory")

    assert response["Location"] == "/accounts/inactive/"


# --- Erasure -------------------------------------------------------------------------------


def test_nothing_is_erased_before_the_grace_period_ends(
    client, member, django_capture_on_commit_callbacks
):
    delete(client, django_capture_on_commit_callbacks)

    erase_due(django_capture_on_commit_callbacks, days=13)

    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_erasure_removes_everything_of_theirs_and_nothing_of_anyone_elses(
    client, member, django_capture_on_commit_callbacks, media_files
):
    # Ada has works (one with an extra image), an avatar, a banner, an export, follows and
    # reports both ways; Grace has her own work.
    engine = create_artwork(member, title="Analytical engine", tags="brass")
    add_extra_image(engine)
    create_artwork(member, title="Notes")
    upload_profile_images(client, member, django_capture_on_commit_callbacks)
    request_export(client, django_capture_on_commit_callbacks)
    grace = UserFactory(username="grace")
    graces_work = create_artwork(grace, title="Compiler")
    Follow.objects.create(follower=member, artist=grace)
    Follow.objects.create(follower=grace, artist=member)
    report_filed = file_report(graces_work, member, Reason.SPAM, "Adverts.")
    file_profile_report(member, grace, Reason.OFFENSIVE)
    # An upload no work holds (its work was never saved).
    stray = get_image_model().objects.create(
        title="stray",
        file=ImageFile(io.BytesIO(image_bytes()), name="stray.jpg"),
        uploaded_by_user=member,
        collection=member_uploads_collection(),
    )
    other_session = Client()
    other_session.force_login(member)
    delete(client, django_capture_on_commit_callbacks)
    # Their files as they are now (deactivation moved the renditions to new names).
    theirs = files_of([*images_of(member), stray])
    theirs.add(DataExport.objects.get(member=member).file_name)
    graces = files_of([graces_work.image])
    before = set(media_files())
    assert theirs <= before and graces <= before

    erase_due(django_capture_on_commit_callbacks)

    after = set(media_files())
    assert not theirs & after
    assert after == before - theirs
    assert graces <= after
    assert not get_user_model().objects.filter(username="ada").exists()
    assert list(Artwork.objects.all()) == [graces_work]
    assert not Follow.objects.exists()
    assert not DataExport.objects.exists()
    assert not Report.objects.filter(member__isnull=False).exists()
    assert not any(
        session.get_decoded().get(SESSION_KEY) == str(member.pk)
        for session in Session.objects.all()
    )
    # The report Ada filed is kept, without her.
    report_filed.refresh_from_db()
    assert report_filed.reporter is None
    assert report_filed.message == "Adverts."


def test_the_admin_lists_a_kept_report_as_from_a_deleted_member(
    client, member, django_capture_on_commit_callbacks
):
    file_report(create_artwork(title="Spam"), member, Reason.SPAM)
    delete(client, django_capture_on_commit_callbacks)
    erase_due(django_capture_on_commit_callbacks)
    moderator = Client()
    moderator.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    listing = moderator.get("/admin/snippets/reports/report/")

    assert listing.status_code == 200
    assert "deleted member" in listing.content.decode()
    report = Report.objects.get()
    inspect = moderator.get(f"/admin/snippets/reports/report/inspect/{report.pk}/")
    assert inspect.status_code == 200
    assert "deleted member" in inspect.content.decode()


def test_an_account_a_moderator_reactivated_is_not_erased(
    client, member, django_capture_on_commit_callbacks
):
    from members.moderation import set_member_active

    moderator = UserFactory(is_superuser=True)
    delete(client, django_capture_on_commit_callbacks)
    set_member_active(member, True, by=moderator)
    member.refresh_from_db()
    assert member.deletion_requested_at is None
    # Suspended later on, the account is still not erased: the deletion ended.
    set_member_active(member, False, by=moderator)

    erase_due(django_capture_on_commit_callbacks)

    assert get_user_model().objects.filter(pk=member.pk).exists()
