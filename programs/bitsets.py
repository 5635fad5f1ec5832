"""Sets of programs as bit sets (Python ints): bit r stands for the program at position r
of the facet index's order (facet_index.py)."""


def bits(positions) -> int:
    """The bit set with these bits set."""
    positions = list(positions)
    if not positions:
        return 0
    top = max(positions)
    if len(positions) * 32 >= top:
        # Many: a byte per position, read as a binary numeral (one C pass), costs less
        # than setting bits one by one (tens of thousands at 100,000 listings).
        flags = bytearray(top + 1)
        for i in positions:
            flags[i] = 1
        flags.reverse()
        return int(flags.translate(_BINARY_DIGITS), 2)
    array = bytearray((top >> 3) + 1)
    for i in positions:
        array[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(array, "little")


_BINARY_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
