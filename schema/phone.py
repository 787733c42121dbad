"""Telephone numbers, parsed by libphonenumber (the ``phonenumbers`` package).

Editors write a Belgian number the way it is printed (« 081/33 44 70 », « +32 (0)81 33 44 70 »,
« 0032 81 33 44 70 »…); the site shows every number in one format and dials it by its E.164 form.

The format shown is the Belgian *national* one (« 081 33 44 70 »): the readers are schools of the
Fédération Wallonie-Bruxelles who call from Belgium, it is the form they read on every official
Belgian page and dial as it is (a « +32 » needs no thought on a mobile, but on a school's desk
phone it does), and it is libphonenumber's own Belgian format, so no rule of ours decides where
the spaces go. A number of another country (a rare cross-border service) is shown in the
international format (« +352 24 78 51 00 »), the only one that can be dialled from Belgium.
"""

from __future__ import annotations

import functools

import phonenumbers

from .base import PHONE_MAX, shown

#: The country of a number written without « + » or « 00 ».
REGION = "BE"
#: What the JSON Schema can say of a number: digits (8 to 15 of them, as in « 081 33 44 70 » or
#: « +32 (0)81 33 44 70 ») among spaces, dots, slashes, brackets and hyphens.
PHONE_PATTERN = r"^\+?(?:[ ./()-]*[0-9]){8,15}[ ./()-]*$"


class PhoneError(ValueError):
    """A value that is not a telephone number libphonenumber knows as valid (message in French)."""


def parse_phone(value: str) -> phonenumbers.PhoneNumber:
    """The number written in ``value``, or :class:`PhoneError` in French."""
    if len(value) > PHONE_MAX:
        raise PhoneError(f"numéro de téléphone trop long : {len(value)} caractères ; au plus {PHONE_MAX}")
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise PhoneError(
            f"{shown(value)} n'est pas un numéro de téléphone valide ; attendu par exemple 081 33 44 70"
            " ou +32 81 33 44 70 (vérifiez le nombre de chiffres)"
        )
    return number


#: Each number is shown and dialled on several pages (fiche, results, exports, JSON-LD): parsed
#: once. Pure functions of the text: a cache cannot give another number.
@functools.lru_cache(maxsize=1 << 14)
def phone_e164(value: str) -> str:
    """« +32 (0)81 33 44 70 » -> « +3281334470 », for tel: links and structured data."""
    return phonenumbers.format_number(parse_phone(value), phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=1 << 14)
def phone_display(value: str) -> str:
    """The one format the site shows: « 081 33 44 70 » (Belgian), « +352 24 78 51 00 » (elsewhere)."""
    number = parse_phone(value)
    national = phonenumbers.region_code_for_number(number) == REGION
    kind = phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, kind)
