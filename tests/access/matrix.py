"""Who gets what: every URL name and every API operation, for anonymous and each role's demo login.

One row per URL name (PAGES) and per OpenAPI operation (OPERATIONS); the columns are COLUMNS.
The request is a GET unless the row says POST (views that answer GET with 405); a POST is sent
empty, so a permitted role sees the form's errors (200 or 400), a redirect, or the service's
refusal, never a change. tests/access/test_access_matrix.py checks each row, and fails naming
any URL name or operation that has no row, with the row it observed, ready to paste and review.

Outcomes: OK 200; NO 403; IN redirect to sign-in; GO another redirect (e.g. back to the site
page when there is nothing to decide); NF 404 (a record the person may not see is not found);
NA 405; UN 401; BAD 400 (an empty POST that is refused as malformed); MADE 201.
The records behind the path arguments are in tests/access/records.py (a live site assigned to
`officer`, an authorisation asked by `investigator`, a notice of `authoriser`, ...)."""

from typing import NamedTuple

OK, NO, NF, NA, UN, BAD, MADE = 200, 403, 404, 405, 401, 400, 201
IN, GO = "sign-in", "redirect"

COLUMNS = ("anonymous", "officer", "manager", "auditor", "dpo", "investigator", "authoriser", "sysadmin")


class Row(NamedTuple):
    method: str
    outcomes: tuple

    def expected(self) -> dict:
        return dict(zip(COLUMNS, self.outcomes, strict=True))


def GET(*outcomes) -> Row:  # noqa: N802 - reads as the table's verb
    return Row("GET", outcomes)


def POST(*outcomes) -> Row:  # noqa: N802
    return Row("POST", outcomes)


# Every URL name of the project. The Django admin is one row ("admin:*"): its index is asked; only
# the system administrator (is_staff) opens it, everyone else is sent to the admin's sign-in.
PAGES: dict[str, Row] = {
    # name                                     anon officer manager auditor dpo  invest. author. sysadm.
    "admin:*":                             GET(IN,  IN,  IN,  IN,  IN,  IN,  IN,  OK),  # noqa: E241
    "api-docs":                            GET(NO,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "api-schema":                          GET(NO,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "healthz":                             GET(OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "dashboard":                           GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "home":                                GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    # --- accounts ---
    "login":                               GET(OK,  GO,  GO,  GO,  GO,  GO,  GO,  GO),  # noqa: E241
    "logout":                             POST(IN,  IN,  IN,  IN,  IN,  IN,  IN,  IN),  # noqa: E241
    "password_change":                     GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "password_change_done":                GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "password_reset_complete":             GET(OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "password_reset_confirm":              GET(OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "accounts:api-tokens":                 GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "accounts:mfa":                        GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "accounts:roles":                      GET(IN,  NO,  NO,  NO,  OK,  NO,  NO,  OK),  # noqa: E241
    "accounts:role-decide":                GET(IN,  NO,  NO,  NO,  OK,  NO,  NO,  OK),  # noqa: E241
    # --- sites ---
    "sites:register":                      GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "sites:export":                        GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "sites:propose":                       GET(IN,  NO,  OK,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "sites:import":                        GET(IN,  NO,  OK,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "sites:detail":                        GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "sites:history":                       GET(IN,  OK,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "sites:move":                          GET(IN,  GO,  GO,  GO,  GO,  GO,  GO,  GO),  # noqa: E241
    "sites:decide":                        GET(IN,  GO,  GO,  GO,  GO,  GO,  GO,  GO),  # noqa: E241
    "sites:edit":                          GET(IN,  NO,  OK,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "sites:officer":                       GET(IN,  NO,  OK,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "sites:cameras":                       GET(IN,  NO,  OK,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "sites:camera_remove":                 GET(IN,  NO,  OK,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "sites:camera_move":                   GET(IN,  NO,  OK,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    # --- assessments (the site is live: the decisions have nothing waiting, so a manager is sent back) ---
    "assessments:assessment_edit":         GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "assessments:assessment_start":       POST(IN,  GO,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "assessments:assessment_decide":       GET(IN,  NO,  GO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "assessments:dpia_edit":               GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "assessments:dpia_start":             POST(IN,  GO,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "assessments:dpia_advice":             GET(IN,  NO,  NO,  NO,  GO,  NO,  NO,  NO),  # noqa: E241
    "assessments:dpia_decide":             GET(IN,  NO,  GO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "assessments:dpia_ico":                GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    # --- consultations ---
    "consultations:open":                  GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "consultations:consultee_add":         GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "consultations:response_add":          GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "consultations:close":                 GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "consultations:exemption_request":     GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "consultations:exemption_decide":      GET(IN,  NO,  OK,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "moderation:list":                     GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "moderation:moderate":                 GET(IN,  GO,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    # --- reviews and decommissioning ---
    "reviews:schedule":                    GET(IN,  NO,  OK,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "reviews:start":                       GET(IN,  OK,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "reviews:edit":                        GET(IN,  GO,  NO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "reviews:decide":                      GET(IN,  NO,  GO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    "decommissioning:flagged":             GET(IN,  OK,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "decommissioning:notices":             GET(IN,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "decommissioning:notices_read_all":   POST(IN,  GO,  GO,  GO,  GO,  GO,  GO,  GO),  # noqa: E241
    "decommissioning:notice_read":        POST(IN,  NF,  NF,  NF,  NF,  NF,  GO,  NF),  # noqa: E241
    "decommissioning:site":                GET(IN,  OK,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "decommissioning:flag_decide":        POST(IN,  NO,  BAD, NO,  NO,  NO,  NO,  NO),  # noqa: E241
    # Governance roles other than the site's officer and a manager are refused by the service; an empty
    # form is refused as incomplete before that (400, nothing changes), and the live site cannot be
    # decommissioned (400) whoever asks.
    "decommissioning:checklist_record":   POST(IN,  BAD, BAD, BAD, BAD, NO,  NO,  NO),  # noqa: E241
    "decommissioning:decommission":       POST(IN,  NO,  GO,  NO,  NO,  NO,  NO,  NO),  # noqa: E241
    # --- read data ---
    "reads:search":                        GET(IN,  NO,  NO,  NO,  NO,  OK,  NO,  NO),  # noqa: E241
    "reads:search-export":                POST(IN,  NO,  NO,  NO,  NO,  OK,  NO,  NO),  # noqa: E241
    "reads:search-disclose":               GET(IN,  NO,  NO,  NO,  NO,  OK,  NO,  NO),  # noqa: E241
    "reads:authorisations":                GET(IN,  NO,  NO,  NO,  NO,  OK,  OK,  NO),  # noqa: E241
    "reads:authorisation-new":             GET(IN,  NO,  NO,  NO,  NO,  OK,  NO,  NO),  # noqa: E241
    "reads:authorisation":                 GET(IN,  NF,  NF,  NF,  NF,  OK,  OK,  NF),  # noqa: E241
    "reads:feeds":                         GET(IN,  NO,  NO,  NO,  NO,  NO,  NO,  OK),  # noqa: E241
    "reads:feed-revoke":                   GET(IN,  NO,  NO,  NO,  NO,  NO,  NO,  OK),  # noqa: E241
    "reads:grants":                        GET(IN,  NO,  NO,  NO,  NO,  NO,  OK,  OK),  # noqa: E241
    "reads:grant-decide":                  GET(IN,  NO,  NO,  NO,  NO,  NO,  OK,  NO),  # noqa: E241
    "dpo:subject-access":                  GET(IN,  NO,  NO,  NO,  OK,  NO,  NO,  NO),  # noqa: E241
    "dpo:subject-access-detail":           GET(IN,  NO,  NO,  NO,  OK,  NO,  NO,  NO),  # noqa: E241
    # The request is not yet answered: its CSV and letter send the DPO back to it.
    "dpo:subject-access-csv":              GET(IN,  NO,  NO,  NO,  GO,  NO,  NO,  NO),  # noqa: E241
    "reports:subject-access-letter":       GET(IN,  NO,  NO,  NO,  GO,  NO,  NO,  NO),  # noqa: E241
    # --- the access log and its audit ---
    "audit:access-log":                    GET(IN,  NO,  NO,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "audit:access-log-export":            POST(IN,  NO,  NO,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "audit:verify":                        GET(IN,  NO,  NO,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "audit:sampling":                      GET(IN,  NO,  NO,  OK,  NO,  NO,  NO,  NO),  # noqa: E241
    "audit:sample":                        GET(IN,  NO,  NO,  OK,  NO,  NO,  NO,  NO),  # noqa: E241
    "audit:sample-finding":                GET(IN,  NO,  NO,  OK,  NO,  NO,  NO,  NO),  # noqa: E241
    # --- compliance packs ---
    "reports:index":                       GET(IN,  NO,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "reports:pack":                        GET(IN,  NO,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "reports:pack-status":                 GET(IN,  NO,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "reports:pack-download":              POST(IN,  NO,  GO,  GO,  GO,  NO,  NO,  NO),  # noqa: E241
    "reports:verify":                      GET(IN,  NO,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    # --- the public pages ---
    "public:consultations":                GET(OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "public:consultation":                 GET(OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "public:replied":                      GET(OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "public:transparency":                 GET(OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "public:transparency-json":            GET(OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    # --- the API by URL name, signed in with a session (the operations by token are OPERATIONS) ---
    "api-site-list":                       GET(NO,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "api-site-detail":                     GET(NO,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "api-site-cameras":                    GET(NO,  NA,  NA,  NA,  NA,  NA,  NA,  NA),  # noqa: E241
    "api-site-dpia":                       GET(NO,  OK,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "api-site-evidence":                   GET(NO,  OK,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "api-site-consultation":               GET(NO,  OK,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "api-site-reviews":                    GET(NO,  OK,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    # --- evidence files (the live site's DPIA and a file attached to it) ---
    "evidence:record":                     GET(IN,  OK,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "evidence:download":                   GET(IN,  OK,  OK,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "api-reads-ingest":                    GET(UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN),  # noqa: E241
    "api-reads-search":                    GET(NO,  NA,  NA,  NA,  NA,  NA,  NA,  NA),  # noqa: E241
    "api-reads-disclose":                  GET(NO,  NA,  NA,  NA,  NA,  NA,  NA,  NA),  # noqa: E241
    "api-reads-authorisations":            GET(NO,  OK,  OK,  OK,  OK,  OK,  OK,  OK),  # noqa: E241
    "api-reads-authorisation":             GET(NO,  NF,  NF,  NF,  NF,  OK,  OK,  NF),  # noqa: E241
    "api-reads-decide":                    GET(NO,  NA,  NA,  NA,  NA,  NA,  NA,  NA),  # noqa: E241
    "api-dpo-subject-access":              GET(NO,  NA,  NA,  NA,  NA,  NA,  NA,  NA),  # noqa: E241
    "api-dpo-subject-access-disclose":     GET(NO,  NA,  NA,  NA,  NA,  NA,  NA,  NA),  # noqa: E241
    "api-access-log":                      GET(NO,  NO,  NO,  OK,  OK,  NO,  NO,  NO),  # noqa: E241
    "api-access-log-export":               GET(NO,  NO,  NO,  NA,  NA,  NO,  NO,  NO),  # noqa: E241
}

# Every operation of the OpenAPI schema (/api/schema/), by token (knox, "Authorization: Token ...")
# as a client program uses the API; anonymous sends no token and gets 403 (DRF answers with the first
# authentication class, the session's, which has no challenge to send). POSTs are sent with an empty
# JSON body (a subject access response with nothing withheld is complete: 200). Ingestion takes a
# feed's token, not a person's, so every person gets 401.
OPERATIONS: dict[tuple[str, str], tuple] = {
    # (method, path)                                          anon officer manager auditor dpo invest. author. sysadm.
    ("GET", "/api/v1/sites/"):                                   (NO, OK, OK, OK, OK, OK, OK, OK),  # noqa: E241
    ("POST", "/api/v1/sites/"):                                  (NO, NO, BAD, NO, NO, NO, NO, NO),  # noqa: E241
    ("GET", "/api/v1/sites/{reference}/"):                       (NO, OK, OK, OK, OK, OK, OK, OK),  # noqa: E241
    ("GET", "/api/v1/sites/{reference}/dpia/"):                  (NO, OK, OK, OK, OK, NO, NO, NO),  # noqa: E241
    ("GET", "/api/v1/sites/{reference}/evidence/"):              (NO, OK, OK, OK, OK, NO, NO, NO),  # noqa: E241
    ("GET", "/api/v1/sites/{reference}/consultation/"):          (NO, OK, OK, OK, OK, NO, NO, NO),  # noqa: E241
    ("GET", "/api/v1/sites/{reference}/reviews/"):               (NO, OK, OK, OK, OK, NO, NO, NO),  # noqa: E241
    ("POST", "/api/v1/sites/{reference}/cameras/"):              (NO, NO, BAD, NO, NO, NO, NO, NO),  # noqa: E241
    ("POST", "/api/v1/reads/ingest/"):                           (UN, UN, UN, UN, UN, UN, UN, UN),  # noqa: E241
    ("POST", "/api/v1/reads/searches/"):                         (NO, NO, NO, NO, NO, BAD, NO, NO),  # noqa: E241
    ("POST", "/api/v1/reads/searches/{search}/disclosures/"):    (NO, NO, NO, NO, NO, BAD, NO, NO),  # noqa: E241
    ("GET", "/api/v1/reads/authorisations/"):                    (NO, OK, OK, OK, OK, OK, OK, OK),  # noqa: E241
    ("POST", "/api/v1/reads/authorisations/"):                   (NO, NO, NO, NO, NO, BAD, NO, NO),  # noqa: E241
    ("GET", "/api/v1/reads/authorisations/{id}/"):               (NO, NF, NF, NF, NF, OK, OK, NF),  # noqa: E241
    ("POST", "/api/v1/reads/authorisations/{id}/decide/"):       (NO, NO, NO, NO, NO, NO, BAD, NO),  # noqa: E241
    ("POST", "/api/v1/dpo/subject-access/"):                     (NO, NO, NO, NO, BAD, NO, NO, NO),  # noqa: E241
    ("POST", "/api/v1/dpo/subject-access/{id}/disclose/"):       (NO, NO, NO, NO, OK, NO, NO, NO),  # noqa: E241
    ("GET", "/api/v1/audit/access-log/"):                        (NO, NO, NO, OK, OK, NO, NO, NO),  # noqa: E241
    ("POST", "/api/v1/audit/access-log/export/"):                (NO, NO, NO, OK, OK, NO, NO, NO),  # noqa: E241
}
