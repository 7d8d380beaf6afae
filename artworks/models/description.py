"""What an artwork says of itself beyond its fields: its AI label, its size, its licence's
address and its description for search engines."""

from django.utils.translation import gettext_lazy as _

from ..rights import LICENCE_URLS, SizeUnit


class ArtworkDescription:
    """The Artwork model's descriptions (a mixin: the fields are the model's)."""

    @property
    def ai_label(self):
        """The gallery's label for the artist's AI declaration, or "" for none."""
        if not self.made_with_ai:
            return ""
        return _("Partly made with AI") if self.ai_only_in_part else _("Made with AI")

    def structured_data(self, request, share_url=None):
        """schema.org VisualArtwork, for search engines (JSON-LD on the artwork page)."""
        data = {
            "@context": "https://schema.org",
            "@type": "VisualArtwork",
            "name": self.title,
            "url": request.build_absolute_uri(self.get_absolute_url()),
            "creator": {
                "@type": "Person",
                "name": self.artist.public_name,
                "url": request.build_absolute_uri(self.artist.get_absolute_url()),
            },
            "dateCreated": str(self.year_made) if self.year_made else self.created_at.date(),
            "datePublished": self.created_at.date(),
            "license": self.licence_url or self.get_licence_display(),
        }
        if share_url:
            data["image"] = request.build_absolute_uri(share_url)
        if self.description:
            data["description"] = self.description
        if self.medium:
            data["artMedium"] = self.get_medium_display()
        unit = "CMT" if self.size_unit == SizeUnit.CM else "INH"
        for field in ("width", "height", "depth"):
            value = getattr(self, field)
            if value:
                data[field] = {
                    "@type": "QuantitativeValue",
                    "value": float(value),
                    "unitCode": unit,
                }
        return data

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def size_text(self):
        """“30 × 40 × 2 cm”, or "" when no size was given."""
        dimensions = [value for value in (self.width, self.height, self.depth) if value]
        if not dimensions:
            return ""
        numbers = " × ".join(f"{value.normalize():f}" for value in dimensions)
        return f"{numbers} {self.size_unit}"
