"""Vietnamese dates and name sorting, reusable by e-mails and documents.

- `vn_date(d)` writes a date the NĐ 30/2020 way: ``ngày 05 tháng 01 năm 2024``
  (days below 10 and the months 1 and 2 take a leading zero, other months do not).
- `place_date("Lai Châu", d)` is the line under a document's header.
- `short_date(d)` gives ``05/01/2024``.
- `vn_sort_key(full_name)` sorts people the Vietnamese way: by given name (the last
  word), then the other words from the start, letter by letter in the Vietnamese
  alphabet (a < ă < â < b < … < d < đ < e < ê < … < o < ô < ơ < … < u < ư < …).
  Tones break ties inside a word (ngang < huyền < hỏi < ngã < sắc < nặng, the
  dictionary order), so every "Anh" comes before every "Ánh", and "Ánh" before "Ăn".
"""

from __future__ import annotations

import unicodedata
from datetime import date

__all__ = ["as_date", "place_date", "short_date", "vn_date", "vn_sort_key"]

# f, j, w, z are not Vietnamese letters but appear in names of foreign origin.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_LETTER_BASE = 1000  # digits and punctuation sort before letters, unknown letters after
_OTHER_LETTER_BASE = 2000

# Combining marks that make a new letter (NFD form) and the letter they make.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
# Tone marks, in dictionary order after the level tone (ngang = 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

WordKey = tuple[tuple[int, ...], int, str]
NameKey = tuple[WordKey, tuple[WordKey, ...], str]


def as_date(value: date | str) -> date:
    """Accept a date or an ISO string (contexts stored as JSON carry strings)."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def vn_date(value: date | str) -> str:
    """``ngày 03 tháng 3 năm 2023``: the date line of an administrative document."""
    d = as_date(value)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def place_date(place: str, value: date | str) -> str:
    """``Lai Châu, ngày 13 tháng 6 năm 2023``."""
    return f"{place}, {vn_date(value)}"


def short_date(value: date | str) -> str:
    """``05/01/2024`` (dd/mm/yyyy), for tables and subjects."""
    return as_date(value).strftime("%d/%m/%Y")


def _letters(word: str) -> tuple[list[str], int]:
    """Split a word into Vietnamese letters (ă, ơ… kept whole) and its tone."""
    letters: list[str] = []
    tone = 0
    for char in unicodedata.normalize("NFD", word.casefold()):
        if char in _TONES:
            tone = _TONES[char]
        elif letters and (letters[-1], char) in _MODIFIED:
            letters[-1] = _MODIFIED[(letters[-1], char)]
        elif not unicodedata.combining(char):
            letters.append(char)
    return letters, tone


def _rank(letter: str) -> int:
    if letter in _RANK:
        return _LETTER_BASE + _RANK[letter]
    if letter.isalpha():
        return _OTHER_LETTER_BASE + ord(letter)
    return ord(letter) if ord(letter) < _LETTER_BASE else _OTHER_LETTER_BASE + ord(letter)


def _word_key(word: str) -> WordKey:
    letters, tone = _letters(word)
    # The NFC form last keeps the order total (case, old/new tone placement).
    return tuple(_rank(letter) for letter in letters), tone, unicodedata.normalize("NFC", word)


def vn_sort_key(full_name: str) -> NameKey:
    """Sort key for a Vietnamese full name: given name first, then family and middle names.

    >>> names = ["Trần Thị Bình", "Lê Văn Ánh", "Nguyễn Văn An"]
    >>> sorted(names, key=vn_sort_key)
    ['Nguyễn Văn An', 'Lê Văn Ánh', 'Trần Thị Bình']
    """
    words = full_name.split()
    if not words:
        return ((), 0, ""), (), ""
    rest = tuple(_word_key(word) for word in words[:-1])
    return _word_key(words[-1]), rest, unicodedata.normalize("NFC", " ".join(words))
