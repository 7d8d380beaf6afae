"""A member's commissions, for their account export (core.account_data discovers this module).

Erasure needs nothing from here: requests sent and received and blocks made or suffered all
go with the member's row (on_delete=CASCADE), and so do the settings, which are columns of it.
"""

from .models import CommissionBlock, CommissionRequest


def when(value):
    return value.isoformat() if value else None


def export(member):
    """What this app holds about `member`. Requests they sent carry no status: whether the
    artist has blocked them is the artist's own decision, not the sender's data."""
    sent = CommissionRequest.objects.filter(sender=member).select_related("artist")
    received = CommissionRequest.objects.filter(artist=member).select_related("sender")
    blocks = CommissionBlock.objects.filter(artist=member).select_related("blocked_member")
    return {
        "commission_settings": {
            "open_for_commissions": member.open_for_commissions,
            "commission_text": member.commission_text,
        },
        "commission_requests_sent": [
            {
                "to": item.artist.username,
                "subject": item.subject,
                "message": item.message,
                "budget": item.budget,
                "deadline": when(item.deadline),
                "sent_at": when(item.created_at),
            }
            for item in sent
        ],
        "commission_requests_received": [
            {
                "from": item.sender.username,
                "subject": item.subject,
                "message": item.message,
                "budget": item.budget,
                "deadline": when(item.deadline),
                "received_at": when(item.created_at),
                "status": item.status,
            }
            for item in received
        ],
        "commission_blocks": [
            {"member": block.blocked_member.username, "blocked_at": when(block.created_at)}
            for block in blocks
        ],
    }
