"""Signals the reads app sends for higher layers to act on (reads imports none of them).

Sent inside the service's transaction, so what a receiver writes (e.g. the notices of
`reviews`, registered in its AppConfig.ready()) stands or falls with the action."""

from django.dispatch import Signal

# Keyword arguments: authorisation (reads.models.Authorisation), just requested.
authorisation_requested = Signal()
# Keyword arguments: authorisation, just approved or refused.
authorisation_decided = Signal()
