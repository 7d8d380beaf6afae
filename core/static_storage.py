"""The static files' storage in production: whitenoise's compressed, hashed copies, with the
ES modules' imports rewritten to the hashed names too (static/js/upload.js imports its parts
from static/js/upload/), so a release never pairs a new entry with an old part a browser or
cache kept."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    # Django's option: `import … from "./x.js"` and `export … from "./x.js"` name the hashed file.
    support_js_module_import_aggregation = True
