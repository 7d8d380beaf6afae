"""Production's static files: each part of an ES module script (static/js/upload.js and its
parts in static/js/upload/) imports the others by their hashed names, so a release never pairs
a new script with an old part a browser or cache still holds."""

import os
import re
import subprocess
import sys
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage

from core.static_storage import StaticStorage
from tests import PROJECT_ROOT

STATIC = PROJECT_ROOT / "static"
IMPORT = re.compile(r'^import \{[^}]*\} from "(\.[^"]+)";$', re.MULTILINE)


def test_production_keeps_its_static_files_in_this_storage(tmp_path):
    environment = {
        **os.environ,
        "SECRET_KEY": "a-key-for-this-test-only",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "from config.settings import production; "
            "print(production.STORAGES['staticfiles']['BACKEND'])",
        ],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    assert result.stdout.strip() == "core.static_storage.StaticStorage"


def test_production_names_the_upload_scripts_parts_by_their_hashed_names(tmp_path):
    scripts = ["js/upload.js"] + [
        path.relative_to(STATIC).as_posix() for path in sorted((STATIC / "js/upload").glob("*.js"))
    ]
    source = FileSystemStorage(location=STATIC)
    storage = StaticStorage(location=tmp_path, base_url="/static/")
    # As collectstatic does: the files copied, then hashed and their references rewritten.
    for name in scripts:
        with source.open(name) as original:
            storage.save(name, original)
    failures = [
        error
        for *_, error in storage.post_process({name: (source, name) for name in scripts})
        if isinstance(error, Exception)
    ]
    assert failures == []

    hashed = {storage.stored_name(name) for name in scripts}
    assert len(hashed) == len(scripts) and not hashed & set(scripts)
    for name in scripts:
        stored = PurePosixPath(storage.stored_name(name))
        imports = IMPORT.findall((tmp_path / stored).read_text())
        targets = {(stored.parent / path).as_posix().replace("/./", "/") for path in imports}
        original_imports = IMPORT.findall((STATIC / name).read_text())
        assert len(imports) == len(original_imports)
        assert targets <= hashed, name
