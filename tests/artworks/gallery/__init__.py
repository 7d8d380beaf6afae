"""What visitors see: the gallery, artwork pages, artists, and the home page."""
