"""Steps the demo crawl (test_back_links_on_steps.py) cannot reach have back links too. In a
module of their own: the crawl's demo, seeded once for its module, holds the usernames these
fixtures create."""

import pytest
from test_back_links_on_steps import is_step

pytestmark = pytest.mark.django_db


def test_decisions_the_demo_has_none_waiting_for_have_a_back_link(client, db, sysadmin, dpo, authoriser,
                                                                   investigator, make_user, make_site):
    """Steps the crawl cannot reach: no role change, grant or subject access request is open in the demo."""
    from anpr_governance.accounts.roles import Role
    from anpr_governance.accounts.services import role_change_propose
    from anpr_governance.reads.models import SubjectAccessRequest
    from anpr_governance.reads.services.grants import search_grant_propose

    change = role_change_propose(actor=sysadmin, user=make_user("colleague"), role=Role.AUDITOR, reason="Joins.")
    grant = search_grant_propose(actor=sysadmin, user=investigator, site=make_site("live"), reason="Joins the team.")
    client.force_login(dpo)
    client.post("/dpo/subject-access/", {"reference": "SAR-2026-0012", "vrm": "AB12CDE",
                                         "identity_verification": "Passport and V5C seen."})
    pages = {
        dpo: [f"/accounts/roles/{change.pk}/decide/", f"/dpo/subject-access/{SubjectAccessRequest.objects.get().pk}/"],
        authoriser: [f"/reads/grants/{grant.pk}/decide/"],
    }
    for person, urls in pages.items():
        client.force_login(person)
        for url in urls:
            page = client.get(url).content.decode()
            assert is_step(page) and "govuk-back-link" in page, url
