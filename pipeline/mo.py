"""Compiling catalogues to GNU MO files, byte for byte as ``msgfmt`` writes them."""

from __future__ import annotations

import struct

import polib

_MAGIC = 0x950412DE


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
    pairs.sort(key=lambda kv: kv[0])

    n = len(pairs)
    hash_size = _next_prime((n * 4) // 3)
    if hash_size <= 2:
        hash_size = 3
    orig_table = 28
    trans_table = orig_table + 8 * n
    hash_table = trans_table + 8 * n
    strings_start = hash_table + 4 * hash_size

    offsets = []
    pos = strings_start
    for original, _ in pairs:
        offsets.append((len(original), pos))
        pos += len(original) + 1
    trans_offsets = []
    for _, translation in pairs:
        trans_offsets.append((len(translation), pos))
        pos += len(translation) + 1

    table = [0] * hash_size
    for j, (key, _) in enumerate(pairs):
        h = _hash(key.split(b"\0", 1)[0])  # a C string: the singular msgid
        idx = h % hash_size
        incr = 1 + (h % (hash_size - 2))
        while table[idx]:
            idx = idx - (hash_size - incr) if idx >= hash_size - incr else idx + incr
        table[idx] = j + 1

    out = [struct.pack("<7I", _MAGIC, 0, n, orig_table, trans_table, hash_size, hash_table)]
    out += [struct.pack("<2I", length, offset) for length, offset in offsets]
    out += [struct.pack("<2I", length, offset) for length, offset in trans_offsets]
    out.append(struct.pack(f"<{hash_size}I", *table))
    out += [key + b"\0" for key, _ in pairs]
    out += [value + b"\0" for _, value in pairs]
    return b"".join(out)


def _hash(data: bytes) -> int:
    """GNU gettext's hashpjw string hash."""
    h = 0
    for byte in data:
        h = (h << 4) + byte
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
            h ^= g
    return h & 0xFFFFFFFF


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
