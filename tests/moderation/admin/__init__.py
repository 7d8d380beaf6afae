"""Editors moderate artworks and members in the Wagtail admin."""
