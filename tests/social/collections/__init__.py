"""Collections: the service's rules, the member's pages, the "Add to collection" form on an
artwork's page, the public page of a collection and the list on the artist's page."""
