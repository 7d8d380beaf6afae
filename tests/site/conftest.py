"""A pseudo-locale for the translation tests: the catalogues makemessages collects from the
project (Python and templates in "django", static/js in "djangojs"), every message translated
into itself in brackets, ⟦like this⟧, so that a word shown without brackets is one that passed
through no translation."""

import contextlib
import shutil
import subprocess

import pytest

from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from tests import PROJECT_ROOT

PSEUDO = "xx"
#: What is not the site's own code, templates or scripts (`make messages` skips these too).
NOT_SCANNED = [
    "node_modules/*",
    "tests/*",
    "bench/*",
    "demo/*",
    "media/*",
    "deploy/*",
    "staticfiles/*",
]
#: The domains and what else each leaves out: the templates' catalogue reads no static files.
DOMAINS = {"django": ["static/*"], "djangojs": []}
#: The tools makemessages and the pseudo-locale need (Debian's gettext; .ci/run installs it).
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgen", "msgfilter", "msgfmt")


def run(*command, **kwargs):
    subprocess.run(command, check=True, capture_output=True, **kwargs)  # noqa: S603 - gettext tools


def bracket(catalogue):
    """Translate each message of a new catalogue into itself, in brackets."""
    # A new catalogue leaves its plural rule for translators to fill in: English's.
    catalogue.write_text(
        catalogue.read_text().replace(
            "nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);"
        )
    )
    run("msgen", "-o", str(catalogue), str(catalogue))
    # The whole of each message in one pair of brackets (sed's 1 and $: its first and last
    # line), placeholders and markup untouched.
    run(
        "msgfilter",
        "--keep-header",
        "-i",
        str(catalogue),
        "-o",
        str(catalogue),
        "sed",
        "-e",
        "1s/^/⟦/",
        "-e",
        "$s/$/⟧/",
    )
    run("msgfmt", "--check-format", "-o", str(catalogue.with_suffix(".mo")), str(catalogue))


@pytest.fixture(scope="module")
def pseudo_locale(tmp_path_factory):
    """The pseudo-locale's folder of catalogues (django.po, djangojs.po), compiled and made the
    active language."""
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"GNU gettext is not installed (no {', '.join(missing)})")
    locale_path = tmp_path_factory.mktemp("locale")
    messages = locale_path / PSEUDO / "LC_MESSAGES"
    # makemessages writes into a `locale` folder of the tree it reads when there is one: it
    # reads the project through links to everything but the project's own catalogues, so
    # that the pseudo-locale goes to the temporary folder, not into the working tree.
    source = tmp_path_factory.mktemp("source")
    for entry in PROJECT_ROOT.iterdir():
        if entry.name != "locale" and not entry.name.startswith("."):
            (source / entry.name).symlink_to(entry)
    with override_settings(LOCALE_PATHS=[str(locale_path)]), contextlib.chdir(source):
        for domain, left_out in DOMAINS.items():
            call_command(
                "makemessages",
                locale=[PSEUDO],
                domain=domain,
                ignore_patterns=NOT_SCANNED + left_out,
                symlinks=True,
                verbosity=0,
            )
            bracket(messages / f"{domain}.po")
        with translation.override(PSEUDO):
            yield messages
