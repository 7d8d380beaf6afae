from django_tasks import task

from wagtail.images import get_image_model

from .renditions import ALL_SPECS


@task()
def generate_renditions(image_id):
    """Make every rendition the templates use, after the upload has been committed: with the
    immediate backend (dev, tests) before the upload's response, with django-tasks-db
    (production) in `manage.py db_worker`, outside any visitor's request."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted before the task ran
        return
    image.get_renditions(*ALL_SPECS)
