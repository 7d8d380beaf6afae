"""The deployed cluster and the people and works the multi-node tests share."""

import re
import secrets
import time

import pytest

from tests.multinode.cluster import Cluster
from tests.multinode.nodes import (
    PASSWORD,
    Person,
    artwork_row,
    form_errors,
    upload,
    wait_for_renditions,
)
from tests.services import ServiceMissing


# One deployment for the whole package: the fault tests (test_faults.py) run on the cluster the
# first tests used, as they did when both were one module, and starting one takes minutes.
@pytest.fixture(scope="package")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cluster")
    try:
        deployment = Cluster(folder)
    except ServiceMissing as reason:
        pytest.skip(f"the multi-node leg needs {reason}")
    try:
        started = time.monotonic()
        deployment.start()
        print(f"\ncluster up in {time.monotonic() - started:.0f} s at {deployment.url}")
        yield deployment
    finally:
        deployment.stop()
        for process in [*deployment.nodes, deployment.worker]:
            if process is not None and process.restarts:
                print(f"{process.name} was restarted {process.restarts} time(s)")


@pytest.fixture(scope="package")
def artist(cluster):
    """A new member signed up on node 1 and confirmed from the email node 1 sent."""
    person = Person()
    node = cluster.node_url(1)
    username = f"mira{secrets.token_hex(2)}"
    response = person.submit(
        f"{node}/accounts/signup/",
        {
            "username": username,
            "email": f"{username}@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, form_errors(response)
    (message,) = [text for text in cluster.mail("web1") if username in text]
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message).group(1)
    assert person.get(f"{node}{path}").status_code == 200
    assert person.submit(f"{node}{path}", {}).status_code == 302
    person.username = username
    return person


@pytest.fixture(scope="package")
def published(cluster, artist):
    """A work made before any fault, whose page visitors browse during them."""
    response, title = upload(cluster, artist, node=1)
    assert response.status_code == 302, form_errors(response)
    wait_for_renditions(cluster, title)
    artwork_id, slug, _ = artwork_row(cluster, title)
    return {"title": title, "path": f"/gallery/{artwork_id}/{slug}/"}
