"""Existing approved exemptions get the validity an exemption now has: ANPR_EXEMPTION_MONTHS
from their approval (no longer than the site's next review), and the cameras the site has
now as those they cover (the cameras at their approval were not recorded). Their ground is
"other": the reasoning typed at the time stays as it was. Each change is in the history."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import migrations
from django.utils import timezone

REASON = "consultation.exemption_validity_set: ground other, valid until {until} (exemptions now expire)"


def set_validity(apps, schema_editor):
    Exemption = apps.get_model("consultations", "ConsultationExemption")
    Historical = apps.get_model("consultations", "HistoricalConsultationExemption")
    Camera = apps.get_model("sites", "Camera")
    fields = [f.attname for f in Exemption._meta.concrete_fields]
    now = timezone.now()
    for exemption in Exemption.objects.filter(state="approved", valid_until__isnull=True).select_related("site"):
        decided = timezone.localdate(exemption.decided_at or exemption.requested_at)
        until = decided + relativedelta(months=settings.ANPR_EXEMPTION_MONTHS)
        due = exemption.site.next_review_due
        exemption.valid_until = min(until, due) if due and due > decided else until
        exemption.cameras_at_approval = sorted(Camera.objects.filter(
            site_id=exemption.site_id, removed_on__isnull=True).values_list("identifier", flat=True))
        exemption.save(update_fields=["valid_until", "cameras_at_approval"])
        Historical.objects.create(**{name: getattr(exemption, name) for name in fields}, history_date=now,
                                  history_type="~", history_user=None,
                                  history_change_reason=REASON.format(until=exemption.valid_until.isoformat()))


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0004_exemption_ground_and_validity"),
        ("sites", "0002_search_reads_permission"),
    ]

    operations = [
        migrations.RunPython(set_validity, migrations.RunPython.noop),
    ]
