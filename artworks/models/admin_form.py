from wagtail.admin.forms import WagtailAdminModelForm

from .fields import MAX_EXTRA_IMAGES


class ArtworkAdminForm(WagtailAdminModelForm):
    """The admin's edit form. A post without the extra images' InlinePanel (a script, or a
    form from before the panel existed) leaves the extra images as they are, as a left-out
    licence or visibility keeps its value: the panel's fields are filled in from the stored
    images, rather than the form failing for want of the formset's management form."""

    def __init__(self, data=None, files=None, instance=None, prefix=None, **kwargs):
        formset_prefix = f"{prefix}-extra_images" if prefix else "extra_images"
        if data is not None and f"{formset_prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            stored = list(instance.extra_images.all()) if instance and instance.pk else []
            for key, value in {
                "TOTAL_FORMS": len(stored),
                "INITIAL_FORMS": len(stored),
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": MAX_EXTRA_IMAGES,
            }.items():
                data[f"{formset_prefix}-{key}"] = str(value)
            for number, extra in enumerate(stored):
                for key, value in {
                    "id": extra.pk,
                    "alt_text": extra.alt_text,
                    "caption": extra.caption,
                    "ORDER": number + 1,
                }.items():
                    data[f"{formset_prefix}-{number}-{key}"] = str(value)
        super().__init__(data, files, instance=instance, prefix=prefix, **kwargs)
