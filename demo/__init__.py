"""Demo content for a first look and for development (`manage.py seed_demo`). Installed under
the development and test settings only: it makes accounts with known passwords. It imports
every app of ours; none imports it."""
