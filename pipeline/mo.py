"""Compiling catalogues to GNU MO files, byte for byte as ``msgfmt`` writes them."""

from __future__ import annotations

import struct
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter

import polib

_MAGIC = 0x950412DE
_HEADER_SIZE = 28


def compile_mo(po: polib.POFile) -> bytes:
    """The MO file for ``po``: the header and every approved translation.

    Like ``msgfmt`` without ``--use-fuzzy``: fuzzy, untranslated and obsolete
    entries are left out. The layout (sorted string tables, hash table with
    ``msgfmt``'s size and probing) is the same as ``msgfmt``'s, so the bytes are too.
    """
    pairs: list[tuple[bytes, bytes]] = []
    # msgfmt leaves POT-Creation-Date out of the MO, so that only translations change it.
    header = "".join(
        f"{k}\n" if v is None else f"{k}: {v}\n" for k, v in po.metadata.items() if k != "POT-Creation-Date"
    )
    pairs.append((b"", header.encode("utf-8")))
    for e in po:
        if e.obsolete or "fuzzy" in e.flags:
            continue
        if e.msgid_plural:
            forms = [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)]
            if not any(forms):
                continue
            key = e.msgid + "\0" + e.msgid_plural
            value = "\0".join(forms)
        else:
            if not e.msgstr:
                continue
            key, value = e.msgid, e.msgstr
        if e.msgctxt is not None:
            key = e.msgctxt + "\x04" + key
        pairs.append((key.encode("utf-8"), value.encode("utf-8")))
    pairs.sort(key=itemgetter(0))
    keys = [key for key, _ in pairs]
    values = [value for _, value in pairs]

    n = len(pairs)
    hash_size = _next_prime((n * 4) // 3)
    if hash_size <= 2:
        hash_size = 3
    orig_table = _HEADER_SIZE
    trans_table = orig_table + 8 * n
    hash_table = trans_table + 8 * n
    strings_start = hash_table + 4 * hash_size

    # Each string's (length, offset), originals then translations, every string followed by its NUL.
    lengths = [len(s) for s in keys] + [len(s) for s in values]
    offsets = accumulate([length + 1 for length in lengths[:-1]], initial=strings_start)
    descriptors = [number for pair in zip(lengths, offsets, strict=True) for number in pair]

    table = [0] * hash_size
    for j, key in enumerate(keys, 1):
        h = _cached_hash(key.partition(b"\0")[0])  # a C string: the singular msgid
        idx = h % hash_size
        incr = 1 + (h % (hash_size - 2))
        while table[idx]:
            idx = idx - (hash_size - incr) if idx >= hash_size - incr else idx + incr
        table[idx] = j

    return b"".join(
        (
            struct.pack("<7I", _MAGIC, 0, n, orig_table, trans_table, hash_size, hash_table),
            struct.pack(f"<{4 * n}I", *descriptors),
            struct.pack(f"<{hash_size}I", *table),
            b"\0".join(keys),
            b"\0",
            b"\0".join(values),
            b"\0",
        )
    )


def _hash(data: bytes) -> int:
    """GNU gettext's hashpjw string hash, as msgfmt computes it (a 32-bit word).

    Each step shifts in a byte and folds the word's top four bits into bits
    4–7; a carry past bit 31 is dropped, as the 32-bit word drops it. The
    whole step is one expression because this loop is most of compile's
    hashing time, and bytecodes per byte are what it costs.
    """
    h = 0
    for byte in data:
        h = ((x := (h << 4) + byte) & 0x0FFFFFFF) ^ (x >> 24 & 0xF0)
    return h


# Catalogues of different languages share their msgids, and articles share boilerplate:
# most keys were hashed before. The cache is bounded, so a long run cannot grow it without end.
_cached_hash = lru_cache(maxsize=1 << 14)(_hash)


def _next_prime(seed: int) -> int:
    seed |= 1
    while not _is_prime(seed):
        seed += 2
    return seed


def _is_prime(candidate: int) -> bool:
    """Gnulib's trial division, as msgfmt uses it (it calls 9 prime, as msgfmt does)."""
    divisor = 3
    square = divisor * divisor
    while square < candidate and candidate % divisor:
        divisor += 1
        square += 4 * divisor
        divisor += 1
    return candidate % divisor != 0
