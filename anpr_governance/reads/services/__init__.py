"""Writes for read data, by domain: feeds, ingestion, grants, searches, authorisations, retention.

Every function here that consults, discloses, authorises or erases reads writes the access
log (audit.services.access_log_append) in its own transaction."""

from .authorisations import authorisation_decide, authorisation_request
from .feeds import feed_create, feed_revoke
from .grants import search_grant_decide, search_grant_propose, search_grants_expire
from .ingest import IngestResult, MalformedBatch, reads_ingest
from .retention import read_partitions_create, reads_apply_retention
from .search import AuthorisationRequired, SearchResult, read_search, search_disclose, search_export
from .subject_access import subject_access_disclose, subject_access_search

__all__ = [
    "AuthorisationRequired",
    "IngestResult",
    "MalformedBatch",
    "SearchResult",
    "authorisation_decide",
    "authorisation_request",
    "feed_create",
    "feed_revoke",
    "read_partitions_create",
    "read_search",
    "reads_apply_retention",
    "reads_ingest",
    "search_disclose",
    "search_export",
    "search_grant_decide",
    "search_grant_propose",
    "search_grants_expire",
    "subject_access_disclose",
    "subject_access_search",
]
