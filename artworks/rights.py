"""The licences an artist can choose and the facts they can give about a work. (The crawlers
that train AI models, which the site turns away, are core.models.AI_CRAWLERS.)"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC_BY_NC = "cc-by-nc-4.0", _("CC BY-NC 4.0")
    CC_BY_NC_ND = "cc-by-nc-nd-4.0", _("CC BY-NC-ND 4.0")
    CC0 = "cc0-1.0", _("CC0 1.0 (public domain)")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_ND: "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Medium(models.TextChoices):
    PAINTING = "painting", _("Painting")
    DRAWING = "drawing", _("Drawing")
    PRINTMAKING = "printmaking", _("Printmaking")
    PHOTOGRAPHY = "photography", _("Photography")
    DIGITAL = "digital", _("Digital")
    SCULPTURE = "sculpture", _("Sculpture")
    TEXTILE = "textile", _("Textile")
    MIXED_MEDIA = "mixed-media", _("Mixed media")
    OTHER = "other", _("Other")


class SizeUnit(models.TextChoices):
    CM = "cm", _("cm")
    IN = "in", _("in")
