"""The licences an artist can choose and the facts they can give about a work. (The crawlers
that train AI models, which the site turns away, are core.models.AI_CRAWLERS.)"""

from django.db import models


class Licence(models.TextChoices):
    ALL_RIGHTS_RESERVED = "all-rights-reserved", "All rights reserved"
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    CC_BY_NC_ND = "cc-by-nc-nd-4.0", "CC BY-NC-ND 4.0"
    CC0 = "cc0-1.0", "CC0 1.0 (public domain)"


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_ND: "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Medium(models.TextChoices):
    PAINTING = "painting", "Painting"
    DRAWING = "drawing", "Drawing"
    PRINTMAKING = "printmaking", "Printmaking"
    PHOTOGRAPHY = "photography", "Photography"
    DIGITAL = "digital", "Digital"
    SCULPTURE = "sculpture", "Sculpture"
    TEXTILE = "textile", "Textile"
    MIXED_MEDIA = "mixed-media", "Mixed media"
    OTHER = "other", "Other"


class SizeUnit(models.TextChoices):
    CM = "cm", "cm"
    IN = "in", "in"
