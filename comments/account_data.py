"""What the comments app holds about a member, for their account export (core.account_data
discovers this module). Their comments go with the account: Comment.author cascades."""

from .models import Comment


def export(member):
    return {
        "comments": [
            {
                "id": comment.pk,
                "artwork": {"id": comment.artwork_id, "title": comment.artwork.title},
                "in_reply_to": comment.parent_id,
                "text": comment.body,
                "status": comment.status,
                "posted_at": comment.created_at.isoformat(),
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            }
            for comment in Comment.objects.filter(author=member)
            .select_related("artwork")
            .order_by("created_at", "pk")
        ]
    }
