"""The members app's models, one module per concern: the member and how they are listed
(users), the data exports they ask for (data_exports) and the artists index page that lists
them and serves each artist's page (pages). Everything is imported here, where Django and the
migrations (members.models.MemberManager) look for it."""

from .data_exports import DataExport
from .pages import ArtistIndexPage
from .users import (
    LinkField,
    MemberImageField,
    MemberManager,
    User,
    attach_latest_artworks,
    listed_works_counted,
)

__all__ = [
    "ArtistIndexPage",
    "DataExport",
    "LinkField",
    "MemberImageField",
    "MemberManager",
    "User",
    "attach_latest_artworks",
    "listed_works_counted",
]
