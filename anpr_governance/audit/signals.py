"""Signals the audit app sends for higher layers to act on (audit imports none of them).

`chain_broken` is sent, in the transaction that records the check, when a verification of the access log
finds the chain broken; `reviews` turns it into notices to every auditor and the DPO
(registered in its AppConfig.ready())."""

from django.dispatch import Signal

# Keyword arguments: check (audit.models.ChainCheck).
chain_broken = Signal()
