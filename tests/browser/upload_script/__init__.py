"""The upload form's script (static/js/upload.js and its modules in static/js/upload/): drop
zone, preview, the browser's early refusals, the progress bar, and the plain form without
JavaScript.

The browser tests are journeys through the live server in Chromium, like
tests/browser/test_browser.py; each ends with a full-page screenshot in pytest's tmp dir."""
