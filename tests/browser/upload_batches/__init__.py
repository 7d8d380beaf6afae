"""Uploading several works at once, and "Preparing the image…" turning into the image, in
Chromium through the live server (the single-file form is in tests/browser/upload_script/). Each
journey ends with a full-page screenshot in pytest's tmp dir."""
