from pathlib import Path

# The repository's root, for tests that read its files or run its commands: test modules sit
# at different depths under tests/, so none works it out from its own path.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
