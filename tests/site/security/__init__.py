"""Trust: accounts, sessions, headers and output escaping (issue 4, items 9-14).

Each test takes the attacker's or the visitor's view: status codes, the words on the page,
response headers, and the rows an attack leaves (or does not leave) in the database."""
