"""
Names visitors can trust. A display name may not hide characters that change how text reads
(right-to-left overrides, invisible format characters, control codes), and may not read as
another member's name: names are compared by a key that ignores case, width, accents,
spacing, punctuation and the commonest look-alike letters of other scripts.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The zero-width joiner builds emoji sequences (👩‍🎨); every other format character
# (bidi overrides and isolates, zero-width spaces, soft hyphens) is refused.
ALLOWED_FORMAT_CHARACTERS = {"\u200d"}
REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}

# Letters of Cyrillic and Greek that read as Latin ones (after case folding), and digits
# that pass for letters (1, l and I read alike in many fonts): enough to stop "Мira" or
# "M1ra" passing for "Mira".
LOOK_ALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
        "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
        "0": "o", "1": "i", "l": "i", "|": "i", "ı": "i",
    }
)  # fmt: skip


def validate_display_name(value):
    refused = [
        character
        for character in value
        if unicodedata.category(character) in REFUSED_CATEGORIES
        and character not in ALLOWED_FORMAT_CHARACTERS
    ]
    if refused:
        raise ValidationError(
            _(
                "Your name contains invisible or text-direction characters. Please type it "
                "again with letters, numbers, spaces and punctuation only."
            )
        )


def name_key(name):
    """What a name reads as: "Mira Vale", "mira vale", "MIRA  VALE", "Míra Vale", "M1ra Vale"
    and "Мira Vale" (a Cyrillic М) all give one key. Empty when the name has no letters or
    digits."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(
        character
        for character in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(character)
    )
    return "".join(character for character in text.translate(LOOK_ALIKES) if character.isalnum())


NAME_TAKEN = _("Another member already goes by this name. Please choose another.")


def name_taken(display_name, *, member):
    """Whether `display_name` reads as the public name or the username of a member other than
    `member`. The profile form and the admin's member forms both ask, before anything is
    saved (or an avatar decoded)."""
    from django.contrib.auth import get_user_model

    key = name_key(display_name)
    if not key:
        return False
    others = get_user_model().objects.exclude(pk=member.pk)
    return (
        others.filter(name_key=key).exists()
        or others.filter(username__iexact=display_name.strip()).exists()
    )
