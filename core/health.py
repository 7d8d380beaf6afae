"""The health and readiness checks load balancers and uptime monitors ask: /healthz/ and
/readyz/, answered by core.middleware.HealthProbeMiddleware before the host is checked."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .provenance import keys_problem

logger = logging.getLogger(__name__)


def database_problem():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "database unavailable"
    return None


@never_cache
@require_safe
def healthz(request):
    """Liveness, for uptime checks: 200 when the database answers, 503 otherwise (GET and
    HEAD). Whether this machine should get visitors is /readyz/'s question."""
    if problem := database_problem():
        return HttpResponse(problem, status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def cache_problem():
    """Pages, rate limits and sessions' counters live in the cache: a missing cache table or
    an unreachable Redis turns cached pages into errors while the database still answers."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        # In a savepoint: a database cache's failed query must not spoil the transaction
        # the request may be in (PostgreSQL refuses every later query in it).
        with transaction.atomic():
            cache.set(key, "ok", 10)
            answered = cache.get(key)
            cache.delete(key)
    except Exception as error:  # noqa: BLE001 - any backend's failure means "not ready"
        logger.warning("Readiness: the cache failed: %r", error)
        return f"cache unusable ({type(error).__name__})"
    return None if answered == "ok" else "cache unusable (a value written was not read back)"


#: A file every page links: if it cannot be found, static files were not collected.
STATIC_PROBE = "css/site.css"


def static_problem():
    if hasattr(staticfiles_storage, "stored_name"):
        # Manifest storage (production): the file must be in the collected manifest.
        try:
            staticfiles_storage.stored_name(STATIC_PROBE)
        except ValueError:
            return "static files not collected (run manage.py collectstatic)"
        return None
    if getattr(settings, "WHITENOISE_USE_FINDERS", False):
        found = finders.find(STATIC_PROBE)
    else:
        found = staticfiles_storage.exists(STATIC_PROBE)
    return None if found else "static files not collected (run manage.py collectstatic)"


def task_queue_problem():
    """With the database task backend, a task waiting longer than READY_MAX_TASK_AGE means no
    worker is taking tasks (renditions and search indexing then never happen)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return None
    from django_tasks_db.models import DBTaskResult, get_date_max

    cutoff = timezone.now() - timedelta(seconds=settings.READY_MAX_TASK_AGE)
    waiting = (
        DBTaskResult.objects.ready()
        .filter(enqueued_at__lt=cutoff)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lt=cutoff))
    )
    try:
        stuck = waiting.exists()
    except DatabaseError:
        return "task queue unreadable"
    if stuck:
        return f"task queue: a task has waited over {settings.READY_MAX_TASK_AGE} s (no worker?)"
    return None


def content_credentials_note():
    """Unsigned renditions are no reason to keep visitors away, but operators read this."""
    if not settings.C2PA_KEYS_EXPECTED:
        return None
    if problem := keys_problem():
        return f"note: Content Credentials not signed ({problem})"
    return None


@never_cache
@require_safe
def readyz(request):
    """Readiness, for load balancers deciding whether to send this machine visitors: 200 when
    the database, cache, static files and task queue are all usable, otherwise 503 with the
    reasons, one a line (operators read them; nothing secret is in them). Notes that are no
    reason to turn visitors away (renditions served without Content Credentials) follow on
    lines of their own."""
    if problem := database_problem():
        return HttpResponse(problem, status=503, content_type="text/plain")
    problems = [
        problem for problem in (cache_problem(), static_problem(), task_queue_problem()) if problem
    ]
    notes = [note for note in (content_credentials_note(),) if note]
    if problems:
        return HttpResponse("\n".join(problems + notes), status=503, content_type="text/plain")
    return HttpResponse("\n".join(["ready", *notes]), content_type="text/plain")
