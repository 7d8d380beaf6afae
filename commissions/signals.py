"""What the commissions app tells the rest of the site."""

from django.dispatch import Signal

#: Sent when a member's commission request has been recorded, inside the transaction that
#: records it (a receiver that writes rows writes them in the same transaction; one that
#: sends anything should wait for transaction.on_commit). Sent with
#: `sender=CommissionRequest` and one keyword argument:
#:   request: the CommissionRequest just saved (`request.artist` is the member to notify,
#:            `request.sender` the member who asked).
commission_requested = Signal()
