"""The force-wide pack: the register and aggregate figures first, then every site."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_a_force_wide_pack_starts_with_the_register_and_aggregate_figures(make_site, auditor, build, read_pack):
    make_site("live", reference="STS-001")
    make_site("consultation", reference="STS-002")
    make_site("decommissioned", reference="STS-003")
    pack = build(auditor, scope="force")
    pdf = read_pack(pack)
    data = json.loads(pdf.attachment)
    assert [r["reference"] for r in data["register"]] == ["STS-001", "STS-002", "STS-003"]
    assert "Force-wide pack: all 3 camera sites" in pdf.flat
    register_page = next(i for i, page in enumerate(pdf.pages) if "Register of sites" in page and i > 1)
    assert register_page < next(i for i, page in enumerate(pdf.pages) if "1. Summary and status" in page)
    counts = {row["label"]: row["count"] for row in data["aggregates"]["by_status"]}
    assert counts["Live"] == counts["Consultation"] == counts["Decommissioned"] == 1
    assert "Aggregate figures" in pdf.flat and "Sites by status" in pdf.flat
    for reference in ("STS-001", "STS-002", "STS-003"):
        assert f"{reference} A34 corridor" in pdf.flat
    checklist = data["sites"][2]["decommission"]["checklist"]
    assert checklist["complete"] and "Feed stopped" in pdf.flat
    assert pack.site_count == 3
