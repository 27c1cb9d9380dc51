"""Version 1 of the consent texts, in German and English.

Each says what is processed, who sees it, that consent is voluntary and that it can be withdrawn at any
time, with effect for the future and as easily as it was given. A changed text is a new version (a new
data migration), never an edit of a published one.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone

PERSON_ANALYTICS_DE = """\
Mit dieser Einwilligung erlauben Sie, dass die Personen, die in Ihrer Organisation die Reichweite \
auswerten (zum Beispiel die Kommunikationsverantwortlichen), Ihre persönlichen Kennzahlen mit Ihrem Namen sehen: \
wie viele Beiträge Sie geteilt haben, wie oft Ihre persönlichen Links angeklickt wurden und die daraus \
geschätzte Reichweite.

Ohne Ihre Einwilligung sehen nur Sie selbst diese Zahlen; alle anderen sehen sie nur zusammengefasst, in \
Gruppen von mindestens der eingestellten Mindestgröße. Ihre Zahlen werden auch mit Ihrer Einwilligung nur \
gezeigt, solange Ihre Organisation personenbezogene Auswertungen eingeschaltet hat.

Wer auf Ihre Links klickt, wird nicht gespeichert, auch keine IP-Adressen.

Die Einwilligung ist freiwillig; wenn Sie sie nicht erteilen, entsteht Ihnen kein Nachteil. Sie können \
sie jederzeit mit Wirkung für die Zukunft widerrufen, mit einem Klick auf der Seite „Meine \
Einwilligungen“ – so einfach, wie Sie sie erteilt haben. Ab dem Widerruf sieht niemand außer Ihnen Ihre \
persönlichen Zahlen; was bis dahin auf Grund der Einwilligung gezeigt wurde, bleibt rechtmäßig."""

PERSON_ANALYTICS_EN = """\
With this consent you allow the people who analyse reach in your organization (for example the communications \
managers) to see your personal figures under your name: how many posts you shared, how often your \
personal links were clicked and the reach estimated from them.

Without your consent only you see these figures; everyone else sees them only combined, in groups at \
least as large as the minimum group size set. Even with your consent your figures are shown only while \
your organization has switched on person-level analytics.

Who clicks your links is not stored, and neither are IP addresses.

Consent is voluntary; you suffer no disadvantage if you do not give it. You can withdraw it at any time \
with effect for the future, with one click on the page “My consents” – as easily as you gave it. From \
the withdrawal on nobody but you sees your personal figures; what was shown on the basis of the consent \
until then remains lawful."""

LEADERBOARD_DE = """\
Mit dieser Einwilligung erlauben Sie, dass Sie in der Bestenliste Ihrer Organisation erscheinen: mit \
Ihrem Namen, Ihrem Platz und Ihren Kennzahlen (geteilte Beiträge, Klicks auf Ihre persönlichen Links, \
geschätzte Reichweite). Die Bestenliste sehen die Mitglieder Ihrer Organisation in resonanz.

Die Bestenliste ist nur sichtbar, wenn Ihre Organisation sie eingeschaltet hat, und sie zeigt nur \
Personen, die eingewilligt haben. Wer auf Ihre Links klickt, wird nicht gespeichert, auch keine \
IP-Adressen.

Die Einwilligung ist freiwillig; wenn Sie sie nicht erteilen, entsteht Ihnen kein Nachteil. Sie können \
sie jederzeit mit Wirkung für die Zukunft widerrufen, mit einem Klick auf der Seite „Meine \
Einwilligungen“ – so einfach, wie Sie sie erteilt haben. Ab dem Widerruf erscheinen Sie nicht mehr in \
der Bestenliste; was bis dahin auf Grund der Einwilligung gezeigt wurde, bleibt rechtmäßig."""

LEADERBOARD_EN = """\
With this consent you allow yourself to appear on your organization's leaderboard: with your name, your \
place and your figures (posts shared, clicks on your personal links, estimated reach). The members of \
your organization in resonanz see the leaderboard.

The leaderboard is visible only when your organization has switched it on, and it shows only people who \
have consented. Who clicks your links is not stored, and neither are IP addresses.

Consent is voluntary; you suffer no disadvantage if you do not give it. You can withdraw it at any time \
with effect for the future, with one click on the page “My consents” – as easily as you gave it. From \
the withdrawal on you no longer appear on the leaderboard; what was shown on the basis of the consent \
until then remains lawful."""

TEXTS = {
    "person_analytics": (PERSON_ANALYTICS_DE, PERSON_ANALYTICS_EN),
    "leaderboard": (LEADERBOARD_DE, LEADERBOARD_EN),
}


def publish(apps: Any, schema_editor: Any) -> None:
    ConsentText = apps.get_model("consent", "ConsentText")
    now = timezone.now()
    for purpose, (german, english) in TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose,
            version=1,
            defaults={"text_de": german, "text_en": english, "published_at": now},
        )


def unpublish(apps: Any, schema_editor: Any) -> None:
    apps.get_model("consent", "ConsentText").objects.filter(version=1, purpose__in=list(TEXTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunPython(publish, unpublish)]
