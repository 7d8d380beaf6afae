"""A work's extra images (details, process, other views): added, changed, reordered and
removed by the artist, cleaned like the main image, shown and hidden with the work, deleted
with it, edited by moderators in the admin."""
