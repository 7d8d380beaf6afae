"""Review before publishing: the site setting, what artists and visitors see while a work
waits, the dashboard panel, and the emails that tell the artist of a moderator's decision."""
