import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_served_after_a_bare_migrate(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Artist Collective" in response.content.decode()
