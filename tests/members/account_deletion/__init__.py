"""A member deleting their own account: confirmed with the password (and the second factor),
deactivated at once, offered back at log-in during the grace period, and erased after it with
every file of theirs, keeping the reports they filed without their name."""
