"""Site configuration (``content/site.yaml``): what is not a fiche but is shown."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import EMAIL_MAX, EMAIL_PATTERN, URL_MAX, Date, Name, StrictModel, Text, Url

#: The site's own address: https, or http for an intranet without a certificate (never javascript:…).
WebAddress = Annotated[str, Field(pattern=r"^https?://[^\s]+$", max_length=URL_MAX)]


class SiteConfig(StrictModel):
    titre: Name = Field(description="Titre du site.")
    titre_court: Text(40) | None = Field(
        default=None, description="Nom court du site, après le titre de chaque page quand le titre complet est trop long."
    )
    sous_titre: Name = Field(description="Sous-titre affiché sous le titre.")
    editeur: Name = Field(description="Service qui édite la cartographie.")
    email_editeurs: Annotated[str, Field(pattern=EMAIL_PATTERN, max_length=EMAIL_MAX)] = Field(
        description="Adresse qui reçoit les signalements d'erreur (« Signaler une erreur »)."
    )
    url_publique: WebAddress | None = Field(
        default=None, description="Adresse publique du site (https://…/), pour le sitemap, les QR codes et le JSON-LD."
    )
    licence: Name = Field(description="Licence des données publiées (ex. « CC BY 4.0 »).")
    licence_url: Url = Field(description="Adresse (https) du texte de la licence.")
    depot: Url | None = Field(default=None, description="Adresse (https) du dépôt git où les fiches sont modifiées.")
    accessibilite_date: Date = Field(description="Date de l'évaluation de l'accessibilité.")
