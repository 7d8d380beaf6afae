"""Richer artist pages: location, three links and an avatar, edited on /my/profile/ and shown
on /artists/<username>/. An uploaded avatar is cleaned and stored like an artwork upload, its
renditions are made by the upload task (never by a visitor), and replacing, removing or
deleting it leaves no image row or file behind."""
