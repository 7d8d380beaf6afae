"""Members upload, edit and delete their own work; every refusal leaves nothing behind."""
