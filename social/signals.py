"""Signals other apps may listen to. The notifications app attaches its receivers to these,
so this app never names it."""

from django.dispatch import Signal

#: Sent when a member adds a work to their favourites (never for a repeated favourite, nor
#: for an unfavourite), inside the transaction that writes the row: a receiver that queues
#: work should do so with transaction.on_commit. Keyword arguments:
#:   member   -- the member who favourited (a user)
#:   artwork  -- the Artwork favourited
#:   favourite -- the new social.Favourite row
favourite_added = Signal()
