"""Recompute every risk's overall level from its likelihood × severity with the one risk
matrix (assessments.risk_matrix), recording each change in the risk's history.

Residual levels recorded before residual likelihood and severity were asked are kept as
they were (they cannot be recomputed); pages and packs say so, and the next version of
the DPIA must give both."""

from django.db import migrations
from django.utils import timezone

from anpr_governance.assessments import risk_matrix

REASON = "risk.overall_recomputed: recorded {was}, the risk matrix gives {now} ({likelihood} × {severity})"


def recompute(apps, schema_editor):
    Risk = apps.get_model("assessments", "Risk")
    HistoricalRisk = apps.get_model("assessments", "HistoricalRisk")
    now = timezone.now()
    fields = [f.attname for f in Risk._meta.concrete_fields]
    for risk in Risk.objects.order_by("pk").iterator():
        level = risk_matrix.level(risk.likelihood, risk.severity)
        if level == risk.overall:
            continue
        was = risk.overall
        risk.overall = level
        risk.save(update_fields=["overall"])
        HistoricalRisk.objects.create(
            **{name: getattr(risk, name) for name in fields},
            history_date=now, history_type="~", history_user=None,
            history_change_reason=REASON.format(was=was or "nothing", now=level, likelihood=risk.likelihood,
                                                severity=risk.severity),
        )


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0004_risk_residual_likelihood_severity"),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
