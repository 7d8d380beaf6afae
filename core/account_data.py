"""
A member's data across every app: the "Export my data" zip and the erasure of an account.

Each app that stores something of a member's provides `<app>/account_data.py` with

    def export(member) -> dict      # JSON-serialisable: the app's data about `member`
    def files(member) -> list[tuple[str, Storage, str]]
                                    # optional: (path inside the zip, storage, stored name)
    def erase(member) -> None       # optional: what deleting the user row does not remove
                                    # by itself (files in storage, counters, other rows)

and this module finds them (autodiscover_modules, as Django's admin finds admin.py), so no
app here needs to know which others exist. Deleting the user row cascades to each app's rows.
"""

import json
import shutil
import sys
import zipfile

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

#: Bumped when the JSON's layout changes, so a reader can tell versions apart.
EXPORT_FORMAT = 1

#: Copying a stored file into the zip a piece at a time: a large original never sits whole
#: in memory.
COPY_CHUNK = 1024 * 1024


def providers():
    """(app label, module) for every installed app with an account_data module that exports,
    in INSTALLED_APPS order (this module is core's own and only builds)."""
    autodiscover_modules("account_data")
    found = []
    for app_config in apps.get_app_configs():
        module = sys.modules.get(f"{app_config.name}.account_data")
        if module is not None and hasattr(module, "export"):
            found.append((app_config.label, module))
    return found


def export_data(member):
    """Everything the apps know about `member`, one key per app."""
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "username": member.username,
    }
    for label, module in providers():
        data[label] = module.export(member)
    return data


def export_files(member):
    """Every stored file of the member's, as (path inside the zip, storage, stored name)."""
    found = []
    for _label, module in providers():
        if hasattr(module, "files"):
            found.extend(module.files(member))
    return found


def write_export_zip(member, fileobj):
    """Write the member's zip into `fileobj` (a temporary file: the zip is never held in
    memory): `data.json` and every stored file under the path its app chose. A file the
    storage has lost is listed in `missing_files` rather than failing the whole export."""
    data = export_data(member)
    missing = []
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zip_:
        for path, storage, name in export_files(member):
            try:
                source = storage.open(name, "rb")
            except FileNotFoundError:
                missing.append(path)
                continue
            with source, zip_.open(path, "w", force_zip64=True) as target:
                # Images are compressed already: stored as they are.
                shutil.copyfileobj(source, target, COPY_CHUNK)
        data["missing_files"] = missing
        zip_.writestr(
            zipfile.ZipInfo("data.json", date_time=timezone.now().timetuple()[:6]),
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return data


def erase_member(member):
    """Erase `member` and everything of theirs: each app's erase() (files, rows the user's
    deletion does not reach), then the user row, which cascades to the rest. One transaction:
    nothing is half erased. Files go once it commits (core.tasks.delete_stored_file)."""
    with transaction.atomic():
        for _label, module in providers():
            if hasattr(module, "erase"):
                module.erase(member)
        member.delete()
