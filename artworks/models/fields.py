"""What the fields of artworks and their images share: one-line text and physical sizes."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: How many extra images (details, process, other views) one work may have.
MAX_EXTRA_IMAGES = 10


def printable(text):
    """The text without control characters (a NUL is refused by PostgreSQL)."""
    return "".join(character for character in text if character.isprintable())


def validate_one_line(value):
    """Titles and alt text are one line: a line break would split an email's subject (or an
    HTTP header) in two, and a control character shows as nothing at all."""
    if value != printable(value):
        raise ValidationError(
            _("Keep this to one line, without line breaks or control characters.")
        )


def dimension_field():
    """A physical size in the artwork's unit, to a tenth: optional and never zero or less."""
    return models.DecimalField(
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
