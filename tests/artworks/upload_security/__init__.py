"""Hostile uploads: files that pretend, bombs, foreign formats, hostile names, forged
Content-Types, oversized or broken requests. Each is refused cleanly or stored only as a clean
image under a generated name, and originals are never reachable by a public URL."""
