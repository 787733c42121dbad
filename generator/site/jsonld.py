"""schema.org JSON-LD for a fiche: a GovernmentService provided by a GovernmentOrganization."""

from __future__ import annotations

import orjson

from schema import Operator, Vocabularies

_CONTACT_PROPERTY = {"email": "email", "telephone": "telephone", "formulaire": "url", "site": "url"}


def fiche_jsonld(operator: Operator, vocab: Vocabularies, absolute_url: str | None) -> str:
    """The JSON-LD block's text, safe to put inside <script type="application/ld+json">."""
    contacts = [] if isinstance(operator.contacts, str) else operator.contacts  # a str: « a_confirmer »
    contact_points: list[dict[str, str]] = []
    for contact in contacts:
        point = {
            "@type": "ContactPoint",
            "contactType": contact.libelle or vocab.label("types_contact", contact.type),
            "availableLanguage": "fr",
        }
        prop = _CONTACT_PROPERTY.get(contact.type)
        if prop is None:
            continue
        point[prop] = _machine_value(contact)
        if contact.horaires:
            point["hoursAvailable"] = contact.horaires
        contact_points.append(point)
    provider: dict[str, object] = {"@type": "GovernmentOrganization", "name": operator.nom, "alternateName": operator.sigle}
    if operator.site_web:
        provider["url"] = operator.site_web
    if contact_points:
        provider["contactPoint"] = contact_points
    channel: dict = {"@type": "ServiceChannel", "name": "Prise de contact"}
    delay = operator.interaction.delai_moyen
    if not isinstance(delay, str):  # a str: « a_confirmer »
        channel["processingTime"] = delay.iso8601
    for contact in contacts:
        if contact.type == "telephone" and "servicePhone" not in channel:
            channel["servicePhone"] = {"@type": "ContactPoint", "telephone": _machine_value(contact)}
        if contact.type in ("formulaire", "site") and "serviceUrl" not in channel:
            channel["serviceUrl"] = contact.valeur
    areas = [{"@type": "AdministrativeArea", "name": vocab.label("regions", r)} for r in operator.zone.regions]
    areas += [{"@type": "AdministrativeArea", "name": vocab.label("zones", z)} for z in operator.zone.zones or []]
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": operator.nom,
        "description": operator.resume,
        "serviceType": [vocab.label("interventions", i.type) for i in operator.interventions],
        "provider": provider,
        "availableChannel": channel,
        "areaServed": areas,
        "audience": {
            "@type": "EducationalAudience",
            "educationalRole": ["teacher", "school head", "CPMS staff"],
            "audienceType": "Professionnels de l'enseignement",
        },
        "dateModified": operator.mis_a_jour.isoformat(),
    }
    if absolute_url:
        data["url"] = absolute_url
    text = orjson.dumps(data).decode("utf-8")  # compact: it is in the head of every fiche
    return text.replace("</", "<\\/")


def _machine_value(contact) -> str:
    """A number in E.164 (« +3281334470 »), as structured data expects; any other value as written."""
    return contact.href.removeprefix("tel:") if contact.type == "telephone" and contact.href else contact.valeur
