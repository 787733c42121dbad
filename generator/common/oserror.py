"""The system's errors in French: ``strerror`` is English (or the system's language), and
editors and CI logs read French. One table for the whole tool: reading content, writing the
site, serving it."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé (droits manquants)",
    errno.EPERM: "accès refusé (opération non permise)",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ELOOP: "trop de liens symboliques (ou une boucle de liens) dans le chemin",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ENFILE: "trop de fichiers ouverts sur le système",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.ENXIO: "ce n'est pas un fichier ordinaire",
    errno.ENODEV: "ce n'est pas un fichier ordinaire",
    errno.EAGAIN: "ce n'est pas un fichier ordinaire (lecture impossible sans attendre)",
    errno.EBUSY: "fichier occupé par un autre programme",
    errno.ETXTBSY: "fichier occupé par un autre programme",
    errno.ENOMEM: "mémoire insuffisante",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EEXIST: "le fichier existe déjà",
    errno.ENOTEMPTY: "le dossier n'est pas vide",
    errno.EXDEV: "déplacement entre deux systèmes de fichiers impossible",
    errno.EFBIG: "fichier trop grand",
    errno.EINVAL: "argument invalide",
    errno.EADDRINUSE: "adresse déjà utilisée",
}


def reason(exc: OSError) -> str:
    """The French reason of ``exc``, never its English ``strerror``."""
    known = _REASONS.get(exc.errno) if exc.errno is not None else None
    if known:
        return known
    code = errno.errorcode.get(exc.errno, str(exc.errno)) if exc.errno is not None else "inconnu"
    return f"erreur du système de fichiers (code {code})"


def describe(exc: OSError) -> str:
    """« reason : path » in French."""
    path = exc.filename if exc.filename is not None else ""
    other = f" → {exc.filename2}" if exc.filename2 is not None else ""
    return f"{reason(exc)}{f' : {path}{other}' if path else ''}"
