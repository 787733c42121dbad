"""Site configuration (``content/site.yaml``): what is not a fiche but is shown."""

from __future__ import annotations

from pydantic import Field

from .base import Date, StrictModel, Text


class SiteConfig(StrictModel):
    titre: Text = Field(description="Titre du site.")
    sous_titre: Text = Field(description="Sous-titre affiché sous le titre.")
    editeur: Text = Field(description="Service qui édite la cartographie.")
    email_editeurs: Text = Field(description="Adresse qui reçoit les signalements d'erreur (« Signaler une erreur »).")
    url_publique: Text | None = Field(
        default=None, description="Adresse publique du site (https://…/), pour le sitemap, les QR codes et le JSON-LD."
    )
    licence: Text = Field(description="Licence des données publiées (ex. « CC BY 4.0 »).")
    licence_url: Text = Field(description="Adresse du texte de la licence.")
    depot: Text | None = Field(default=None, description="Adresse du dépôt git où les fiches sont modifiées.")
    accessibilite_date: Date = Field(description="Date de l'évaluation de l'accessibilité.")
