"""Issue 12, point 7: after a move the page says what happened in plain English, not
"Record that the site is live: done. STS-001 has moved to the stage ‘Live’"."""

import pytest

pytestmark = pytest.mark.django_db


def test_recording_that_a_site_is_live_says_so_plainly(client, manager, make_site):
    site = make_site("approved")
    client.force_login(manager)
    response = client.post(f"/sites/{site.reference}/move/live/", {"comment": ""}, follow=True)
    content = response.content.decode()
    assert f"{site.reference} is live: it collects reads from now on." in content
    assert "has moved to the stage" not in content and ": done." not in content
