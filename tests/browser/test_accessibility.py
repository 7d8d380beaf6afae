"""axe (axe-core, pinned in package.json and injected from node_modules) finds no WCAG 2.0,
2.1 or 2.2 A or AA violation on any public or member page, in the light and the dark theme.

One browser tab walks every page (tests/page_tour.py) and checks each one twice, switching
the theme in between; the failures of the whole walk are reported together."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from django.conf import settings

from tests.browser.test_browser import log_in
from tests.page_tour import ARTWORKS_PER_PAGE, build_tour

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return results.violations.map((violation) => ({
        id: violation.id,
        help: violation.help,
        nodes: violation.nodes.map((node) => node.target.join(" ") + "\\n        "
                                            + node.failureSummary.replace(/\\n/g, " ")),
    }));
}"""


@pytest.fixture
def axe_page(page: Page, settings):
    """The tab with axe loaded in every document before the page's own scripts (an init
    script, which the site's Content-Security-Policy does not apply to), and no motion, so
    colours are measured after, not during, a transition."""
    assert AXE.exists(), "axe-core is missing: run npm ci"
    settings.ARTWORKS_PER_PAGE = ARTWORKS_PER_PAGE
    page.context.add_init_script(path=str(AXE))
    page.emulate_media(reduced_motion="reduce")
    return page


def show(tour_page, page: Page):
    response = page.goto(tour_page.url)
    expected = 404 if tour_page.name == "not found" else 200
    assert response.status == expected, f"{tour_page.name}: {response.status}"
    if tour_page.submit_empty:
        form = page.locator("main form").last
        form.evaluate("form => { form.noValidate = true; }")
        form.locator("[type=submit]").last.click()
        # A page load, or the upload form's script swapping in the answer: either way, the
        # error summary.
        expect(page.locator(".error-summary")).to_be_visible()
        page.wait_for_load_state()


def test_no_page_has_an_axe_violation_in_either_theme(axe_page: Page):
    page = axe_page
    tour = build_tour()
    failures = []
    logged_in = False
    for tour_page in tour.pages:
        if tour_page.member and not logged_in:
            log_in(page, tour.artist.username)
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            logged_in = True
        show(tour_page, page)
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            for violation in page.evaluate(RUN_AXE, WCAG_TAGS):
                nodes = "\n      ".join(violation["nodes"])
                failures.append(
                    f"{tour_page.name} ({tour_page.url}), {theme}: {violation['id']} "
                    f"({violation['help']})\n      {nodes}"
                )
    assert not failures, f"{len(failures)} axe violations:\n" + "\n".join(failures)


def test_upload_cards_saved_as_one_work_have_no_axe_violation(axe_page: Page):
    """The upload page once several files are chosen (only the script shows it): the cards,
    the choice of separate works or one work, and its refusal of too many files."""
    from artworks.models import MAX_EXTRA_IMAGES
    from tests.factories import UserFactory, image_bytes

    page = axe_page
    log_in(page, UserFactory().username)
    page.goto("/my/artworks/upload/")
    files = [
        {
            "name": f"sketch-{number}.jpg",
            "mimeType": "image/jpeg",
            "buffer": image_bytes(size=(40, 30)),
        }
        for number in range(MAX_EXTRA_IMAGES + 2)
    ]
    failures = []
    for chosen in (files[:3], files):
        page.get_by_label("Image", exact=True).set_input_files(chosen)
        page.get_by_role("radio", name=f"One work with {len(chosen)} images").check()
        expect(page.locator(".upload-card")).to_have_count(len(chosen))
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            for violation in page.evaluate(RUN_AXE, WCAG_TAGS):
                failures.append(
                    f"{len(chosen)} files, {theme}: {violation['id']} {violation['nodes']}"
                )
    expect(page.locator(".upload-mode-error")).not_to_have_text("")
    assert not failures, "\n".join(failures)
