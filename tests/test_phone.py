"""Telephone numbers: parsed by libphonenumber, shown in one format, dialled in E.164 (issue 15)."""

from __future__ import annotations

import pytest

from schema.operator import Contact


def phone(value: str) -> Contact:
    return Contact(type="telephone", valeur=value)


@pytest.mark.parametrize(
    "written",
    [
        "081/33 44 70",
        "081 33 44 70",
        "081.33.44.70",
        "(081) 33 44 70",
        "+32 81 33 44 70",
        "+32 (0)81 33 44 70",
        "+32 (0) 81 33 44 70",
        "0032 81 33 44 70",
        "+3281334470",
    ],
)
def test_usual_belgian_notations_give_one_display_and_an_e164_link(written):
    contact = phone(written)
    assert contact.href == "tel:+3281334470"
    assert contact.display == "081 33 44 70"


def test_the_trunk_zero_in_brackets_is_not_dialled():
    # before: tel:+32081234567, a number that does not exist
    assert phone("+32 (0)81 23 45 67").href == "tel:+3281234567"


def test_brussels_mobile_and_free_numbers_keep_their_groups():
    assert phone("02/800 80 00").display == "02 800 80 00"
    assert phone("0470/12.34.56").display == "0470 12 34 56"
    assert phone("0800 12 345").href == "tel:+3280012345"


def test_a_foreign_number_is_shown_in_the_international_format():
    contact = phone("+352 24 78 51 00")
    assert (contact.display, contact.href) == ("+352 24 78 51 00", "tel:+35224785100")


@pytest.mark.parametrize("written", ["081/33 44", "1718", "081 33 44 70 12 34", "zéro quatre-vingt-un", "+32 12"])
def test_an_invalid_number_is_refused_in_french(written):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as info:
        phone(written)
    message = info.value.errors()[0]["msg"]
    assert f"« {written} » n'est pas un numéro de téléphone valide" in message
    assert "081 33 44 70" in message  # an example of what is expected


def test_other_contacts_are_shown_as_written():
    contact = Contact(type="email", valeur="service@example.be")
    assert contact.display == "service@example.be"
