"""The follows' part in the GDPR erasure of a person (opendata.gdpr.erase_person)."""

from django.dispatch import receiver

from following.models import Follow
from opendata.gdpr import person_erasure_requested


@receiver(person_erasure_requested, dispatch_uid="following-erase-person")
def erase_follows(sender, email, **kwargs):
    deleted, _by_model = Follow.objects.filter(email__iexact=email).delete()
    return deleted
