"""The foundation: the page tree a bare migrate builds, the admin, the health check, the
production settings, the base template and the accessibility of the account forms."""
