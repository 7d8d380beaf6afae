"""Finding work: the gallery's orders, the tags page, and the home page's current exhibitions
and featured artists."""
