"""The Surveillance Camera Code of Practice's 12 guiding principles (domain.md), and for each
site the evidence in its pack that supports each one, with any gap marked.

Each principle reads only the site's section of the pack data, so what it cites is
printed in the same pack. Where the system holds no evidence for a principle at all (a
published contact point, the accuracy of reference databases), that is said as a gap:
an auditor must find the evidence elsewhere."""

from django.conf import settings

from anpr_governance.sites.lifecycle import Status

from .formatting import human_date as human

PRINCIPLES = [
    (1, "Specified purpose, legitimate aim, pressing need"),
    (2, "Effect on individuals and privacy considered; regular reviews"),
    (3, "Transparency, published contact point for information and complaints"),
    (4, "Clear responsibility and accountability"),
    (5, "Clear rules, policies and procedures before use"),
    (6, "No more stored than strictly required; deleted once purpose is discharged"),
    (7, "Access restricted, clearly defined rules on who may access and why"),
    (8, "Approved operational, technical and competency standards"),
    (9, "Security against unauthorised access and use"),
    (10, "Effective review and audit; regular published reports"),
    (11, "Used effectively to support public safety and law enforcement"),
    (12, "Reference databases used for matching are accurate and up to date"),
]

EVIDENCED, PARTIAL, GAP, NOT_YET = "evidenced", "partial", "gap", "not_yet"
STATUS_LABELS = {
    EVIDENCED: "Evidenced",
    PARTIAL: "Partly evidenced",
    GAP: "Gap",
    NOT_YET: "Not yet applicable",
}

BEFORE_USE = {Status.PROPOSED, Status.ASSESSMENT, Status.PRIVACY_REVIEW, Status.CONSULTATION,
              Status.AWAITING_APPROVAL, Status.APPROVED}
IN_USE_OR_AFTER = {Status.LIVE, Status.UNDER_REVIEW, Status.COLLECTION_CEASED, Status.DECOMMISSIONED}
ENDED = {Status.COLLECTION_CEASED, Status.DECOMMISSIONED}


def assess(site: dict) -> list[dict]:
    """The 12 principles for one site section of the pack data."""
    status = Status(site["status"])
    results = []
    for number, title in PRINCIPLES:
        evidence, gaps, not_yet = RULES[number](site, status)
        if not_yet and not evidence and not gaps:
            state = NOT_YET
            evidence = [not_yet]
        elif gaps and evidence:
            state = PARTIAL
        elif gaps:
            state = GAP
        else:
            state = EVIDENCED
        results.append({"number": number, "title": title, "status": state, "status_label": STATUS_LABELS[state],
                        "evidence": evidence, "gaps": gaps})
    return results


def _approved(doc: dict | None) -> bool:
    return bool(doc) and doc["status"] in ("approved", "superseded") and doc.get("decided_at")


def p1_purpose(site, status):
    evidence, gaps = [], []
    a = site["assessment"]
    if _approved(a):
        claimed = [f"{g['label']} ({g['grade']})" for g in a["grounds"] if g["claimed"]]
        evidence.append(f"In-depth assessment v{a['version']} approved by {a['decided_by']} on "
                        f"{human(a['decided_at'])}; grounds claimed: {', '.join(claimed) or 'none'} (section 3).")
        if a["pressing_need_evidence"]:
            evidence.append("Pressing need evidenced by a strategic assessment of the policing problem.")
        else:
            gaps.append("No pressing-need evidence is recorded on the approved assessment.")
        for ground in a["grounds"]:
            if ground["missing_exceptional_justification"]:
                gaps.append(f"{ground['label']} is claimed on an exceptional-case ground without a justification.")
        if not claimed:
            gaps.append("The approved assessment claims no ground.")
    elif a:
        gaps.append(f"The in-depth assessment (v{a['version']}) is {a['status_label'].lower()}, not approved.")
    else:
        gaps.append("No in-depth assessment is recorded.")
    if site["dpia"] and site["dpia"]["purposes"]:
        evidence.append("Purposes of processing stated in the DPIA.")
    return evidence, gaps, None


def p2_privacy(site, status):
    evidence, gaps = [], []
    d = site["dpia"]
    if _approved(d):
        evidence.append(f"DPIA v{d['version']} approved by {d['decided_by']} on {human(d['decided_at'])}, with "
                        f"{len(d['risks'])} risk(s) assessed (section 4).")
        if d["signoff"]["dpo_advised_by"]:
            evidence.append(f"DPO advice from {d['signoff']['dpo_advised_by']} on "
                            f"{human(d['signoff']['dpo_advised_at'])}.")
    elif d:
        gaps.append(f"The DPIA (v{d['version']}) is {d['status_label'].lower()}, not approved.")
    else:
        gaps.append("No DPIA is recorded.")
    done = [r for r in site["reviews"] if r["state"] == "approved"]
    for review in done:
        if any(part["text"] for part in review.get("privacy", [])) or review["privacy_impact_consideration"]:
            evidence.append(f"Review completed on {human(review['completed_on'])} considered the impact on privacy.")
        else:
            gaps.append(f"The review completed on {human(review['completed_on'])} records no privacy consideration.")
    if site["review_overdue"]:
        gaps.append(f"The review due on {human(site['next_review_due'])} was overdue at the as-at date.")
    if status in IN_USE_OR_AFTER and not done and not site["review_overdue"] and site["next_review_due"]:
        evidence.append(f"First review due on {human(site['next_review_due'])}.")
    return evidence, gaps, None


def _files(site, *kinds) -> list[dict]:
    """The site's current evidence files attached to records of these kinds (section 11)."""
    return [e for e in site.get("evidence", []) if e["record_kind"] in kinds and not e["superseded"]]


def p3_transparency(site, status):
    """Consultation held (with its replies), or an exemption with its ground and expiry."""
    evidence, gaps = [], []
    closed = [c for c in site["consultations"] if c["state"] == "closed" and c["outcome"]]
    open_now = [c for c in site["consultations"] if c["state"] == "open"]
    exempt = [e for e in site["exemptions"] if e["state"] == "approved"]
    for c in closed:
        evidence.append(f"Consultation by {c['method_label'].lower()} held from {human(c['opened_on'])} to "
                        f"{human(c['closed_on'])}: {len(c['consultees'])} consultee(s), {len(c['responses'])} "
                        "reply(ies), and a published \"you said, we did\" (section 5).")
    for c in open_now:
        evidence.append(f"Consultation open since {human(c['opened_on'])}, {len(c['responses'])} reply(ies) so far.")
    lapsed_flag = any(f.get("rule") == "exemption_lapsed" for f in site["decommission"]["flags"])
    for e in exempt:
        until = f", valid until {human(e['valid_until'])}" if e.get("valid_until") else ""
        evidence.append(f"Consultation exemption approved by {e['decided_by']} on {human(e['decided_at'])} "
                        f"on the ground \"{e['ground_label']}\"{until}.")
        if e.get("expired"):
            gaps.append(f"The exemption expired on {human(e['valid_until'])}: consult, or ask for a new exemption.")
        elif not e.get("valid_until"):
            gaps.append("The exemption has no expiry date: it must be revisited at the next review.")
    if exempt and lapsed_flag:
        gaps.append("The exemption has lapsed at a material change (flag exemption_lapsed at generation).")
    if not closed and not exempt:
        gaps.append("No completed consultation or approved exemption.")
    files = _files(site, "consultation", "exemption")
    if files:
        evidence.append(f"{len(files)} evidence file(s) on the consultation or exemption (section 11).")
    evidence.append(f"Contact point for information and complaints published on the transparency page: "
                    f"{settings.ANPR_PUBLIC_CONTACT}.")
    return evidence, gaps, None


def p4_responsibility(site, status):
    evidence, gaps = [], []
    if site["governance_officer"]:
        evidence.append(f"Governance officer responsible: {site['governance_officer']}.")
    else:
        gaps.append("No governance officer is assigned.")
    if site["approved_by"]:
        evidence.append(f"Deployment approved by {site['approved_by']} on {human(site['approved_at'])} "
                        "(section 7).")
    elif status not in BEFORE_USE or status == Status.APPROVED:
        gaps.append("No approver of the deployment is recorded.")
    decided = [a for a in site["approvals"] if a["by"]]
    if decided:
        evidence.append(f"{len(decided)} decision(s) recorded with the name of who made them (section 7).")
    _step7(site["dpia"], evidence, gaps)
    _reviews_on_time(site, evidence, gaps)
    files = _files(site, "assessment", "dpia", "consultation", "exemption", "review", "checklist")
    if files:
        evidence.append(f"{len(files)} current evidence file(s) with their SHA-256 (section 11).")
    elif status not in BEFORE_USE or status == Status.APPROVED:
        gaps.append("No evidence file (signed document, letter, photograph) is attached to the site's records.")
    return evidence, gaps, None


STEP7 = [
    ("measures_approved_by", "measures_approved_at", "Measures approved"),
    ("residual_risks_approved_by", "residual_risks_approved_at", "Residual risks approved"),
    ("dpo_advice_decided_by", "dpo_advice_decided_at", "DPO advice accepted or overruled"),
    ("consultation_responses_reviewed_by", "consultation_responses_reviewed_at", "Consultation responses reviewed"),
]


def _step7(d, evidence, gaps) -> None:
    """The DPIA's step-7 sign-off as distinct, named decisions (ICO template)."""
    if not _approved(d):
        return
    signoff = d["signoff"]
    for by, at, what in STEP7:
        if signoff.get(by):
            evidence.append(f"{what} by {signoff[by]}{f' on {human(signoff[at])}' if signoff.get(at) else ''} "
                            "(DPIA step 7).")
        else:
            gaps.append(f"{what}: not recorded on the approved DPIA (step 7).")


def _reviews_on_time(site, evidence, gaps) -> None:
    done = [r for r in site["reviews"] if r["state"] == "approved" and r["completed_on"]]
    late = [r for r in done if r["completed_on"] > r["due_on"]]
    if done:
        evidence.append(f"{len(done) - len(late)} of {len(done)} review(s) completed by their due date (section 6).")
    for r in late:
        gaps.append(f"The review due {human(r['due_on'])} was completed late, on {human(r['completed_on'])}.")


def p5_rules_before_use(site, status):
    evidence, gaps = [], []
    live = next((t for t in site["timeline"] if t["status"] == Status.LIVE), None)
    if live is None:
        return [], [], "The site has not yet been used: checked when it goes live."
    went_live = live["at"]
    checks = [
        ("in-depth assessment", site["assessment"]),
        ("DPIA", site["dpia"]),
    ]
    for name, doc in checks:
        if _approved(doc) and doc["decided_at"] <= went_live:
            evidence.append(f"The {name} was approved before the site went live on {human(went_live)}.")
        elif doc and doc["status"] == "superseded":
            evidence.append(f"An earlier {name} was approved before the site went live (now superseded).")
        else:
            gaps.append(f"No {name} approved before the site went live on {human(went_live)}.")
    if site["approved_at"] and site["approved_at"] <= went_live:
        evidence.append(f"The deployment was approved on {human(site['approved_at'])}, before use.")
    else:
        gaps.append("No deployment approval recorded before use.")
    return evidence, gaps, None


def _dpia_retention(d) -> str:
    """The DPIA's own statement of retention (its ICO-template section), if it has one."""
    if not d:
        return ""
    if d.get("retention"):
        return d["retention"]
    for section in d.get("sections") or []:
        for f in section.get("fields", []):
            if f.get("name") == "retention" and (f.get("text") or "").strip():
                return f["text"]
    return ""


def p6_retention(site, status):
    """The force's retention rule, and the site's DPIA stating the retention of its data."""
    evidence = [f"Reads are kept for {settings.ANPR_RETENTION_DAYS} days and then erased by a daily task; "
                f"reads over {settings.ANPR_STANDARD_ACCESS_DAYS} days old are searched only under a senior "
                "officer's authorisation (force rules)."]
    gaps = []
    retention = _dpia_retention(site["dpia"])
    if retention:
        evidence.append(f"The DPIA (v{site['dpia']['version']}) states the retention: {retention}")
    elif site["dpia"]:
        gaps.append("The DPIA does not state the retention of the site's data.")
    else:
        gaps.append("No DPIA states the retention of the site's data.")
    checklist = site["decommission"]["checklist"]
    if status in ENDED:
        item = next((i for i in (checklist or {}).get("items", []) if i["item"] == "data_deleted"), None)
        if item and item["done_on"]:
            evidence.append(f"Deletion of the site's data recorded on {human(item['done_on'])} (section 9).")
        else:
            gaps.append("Collection has ceased but deletion of the site's data is not yet recorded.")
    return evidence, gaps, None


def p7_access(site, status):
    access = site["access"]
    if status in BEFORE_USE:
        return [], [], "The site has not collected data."
    evidence = [
        f"Reads up to {settings.ANPR_STANDARD_ACCESS_DAYS} days old are searched only with a recorded purpose and "
        "reference; older reads only with a senior officer's authorisation (force rules)."
    ]
    gaps = []
    if access["recorded"]:
        evidence.append(f"{access['searches_total']} search(es) of the site's reads with a recorded purpose and "
                        f"reference in the period, {access['authorised_searches']} of them under a senior "
                        "officer's authorisation; every search, allowed or refused, is in the hash-chained "
                        "access log (section 10).")
    else:
        gaps.append(f"{access['note']}: searches and authorisations cannot be evidenced from this system yet.")
    return evidence, gaps, None


def p8_standards(site, status):
    evidence, gaps = [], []
    a = site["assessment"]
    if a:
        evidence.append(f"Grounds graded against the NASPLE matrix for a {a['location_type_label'].lower()} "
                        "(section 3).")
    d = site["dpia"]
    if _approved(d):
        unapproved = [r["label"] for r in d["risks"] if r["active"] and r["measure_approved"] is not True]
        if unapproved:
            gaps.append(f"Measures not approved for {', '.join(unapproved)}.")
        else:
            approver = d["signoff"]["measures_approved_by"] or d["decided_by"]
            evidence.append(f"Measures for every DPIA risk approved (signed off by {approver}).")
    gaps.append("Operational, technical and competency standards (e.g. NASPLE compliance, operator training) "
                "are not recorded in this system.")
    return evidence, gaps, None


def p9_security(site, status):
    evidence, gaps = [], []
    d = site["dpia"]
    if d:
        with_measures = [r for r in d["risks"] if r["active"] and r["measures"]]
        if with_measures:
            evidence.append(f"{len(with_measures)} DPIA risk(s) with recorded measures and residual risk (section 4).")
        without = [r["label"] for r in d["risks"] if r["active"] and not r["measures"]]
        if without:
            gaps.append(f"No measures recorded for {', '.join(without)}.")
        high = [r["label"] for r in d["risks"] if r["active"] and r["residual"] == "high"]
        if high and not d["signoff"]["ico_consultation_reference"]:
            gaps.append(f"Residual high risk ({', '.join(high)}) without a recorded prior consultation with the ICO.")
    else:
        gaps.append("No DPIA risk register.")
    if status not in BEFORE_USE and not site["access"]["recorded"]:
        gaps.append("The access log of the site's data is not yet recorded in this system.")
    return evidence, gaps, None


def p10_review(site, status):
    evidence, gaps = [], []
    if status in BEFORE_USE:
        return [], [], "Reviews begin once the site is live."
    done = [r for r in site["reviews"] if r["state"] == "approved"]
    if done:
        latest = done[0]
        evidence.append(f"{len(done)} review(s) approved; the latest by {latest['decided_by']} on "
                        f"{human(latest['decided_at'])} (section 6).")
    if site["review_overdue"]:
        gaps.append(f"Review overdue since {human(site['next_review_due'])}.")
    elif site["next_review_due"] and status in (Status.LIVE, Status.UNDER_REVIEW):
        evidence.append(f"Next review due on {human(site['next_review_due'])}.")
    evidence.append("This compliance pack: the site's records as at the chosen date, fingerprinted and verifiable.")
    return evidence, gaps, None


def p11_effectiveness(site, status):
    evidence, gaps = [], []
    a = site["assessment"]
    if a and a["measures_of_success"]:
        evidence.append("Measures of success set in the in-depth assessment.")
    else:
        gaps.append("No measures of success are recorded.")
    if status in BEFORE_USE:
        return evidence, gaps, None
    checked = [r for r in site["reviews"] if r["state"] == "approved" and r["evidence"]]
    if checked:
        evidence.append(f"Effectiveness checked at review on {human(checked[0]['completed_on'])} (section 6).")
    elif site["review_overdue"]:
        gaps.append("No review has checked the measures of success, and the review is overdue.")
    return evidence, gaps, None


def p12_reference_data(site, status):
    return [], ["The accuracy of reference databases used for matching (e.g. hotlists) is not recorded in this "
                "system: evidence it separately."], None


RULES = {
    1: p1_purpose,
    2: p2_privacy,
    3: p3_transparency,
    4: p4_responsibility,
    5: p5_rules_before_use,
    6: p6_retention,
    7: p7_access,
    8: p8_standards,
    9: p9_security,
    10: p10_review,
    11: p11_effectiveness,
    12: p12_reference_data,
}
