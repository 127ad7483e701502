#!/usr/bin/env python3
"""Makes the RSA public key edge cases in this folder from ../rsa2048.der (python3 only).

Each file is rsa2048.der with its SubjectPublicKeyInfo rewritten; the signature no longer
matches, which nothing here checks (Apple does not either). These are the keys that the
certificate check once called "Usable" while the token refused them: now both refuse them,
each with its own sentence. Deterministic: running it again gives the same bytes.
"""
import hashlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def tlv(data, at):
    """(tag, header length, content length) of the element at `at`."""
    tag, first = data[at], data[at + 1]
    if first < 0x80:
        return tag, 2, first
    n = first & 0x7F
    return tag, 2 + n, int.from_bytes(data[at + 2:at + 2 + n], "big")


def children(data):
    """The elements of a SEQUENCE's content, as raw bytes."""
    out, pos = [], 0
    while pos < len(data):
        _, h, n = tlv(data, pos)
        out.append(data[pos:pos + h + n])
        pos += h + n
    return out


def content(element):
    _, h, n = tlv(element, 0)
    return element[h:h + n]


def enc(tag, body):
    n = len(body)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + body


def integer(value, extra_zeros=0):
    raw = value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")
    if raw[0] & 0x80:
        raw = b"\x00" + raw
    return enc(0x02, b"\x00" * extra_zeros + raw)


def spki(rsa_public_key, unused_bits=0):
    algorithm = enc(0x30, enc(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
    return enc(0x30, algorithm + enc(0x03, bytes([unused_bits]) + rsa_public_key))


def with_spki(cert, new_spki):
    tbs, sigalg, sig = children(content(cert))
    parts = children(content(tbs))
    index = 6 if parts[0][0] == 0xA0 else 5
    parts[index] = new_spki
    return enc(0x30, enc(0x30, b"".join(parts)) + sigalg + sig)


def odd_modulus(bits, seed):
    """A deterministic odd number of exactly `bits` bits (not an RSA modulus of known
    factors: nothing here needs to decrypt)."""
    stream, counter = b"", 0
    while len(stream) * 8 < bits:
        stream += hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    n = int.from_bytes(stream, "big") >> (len(stream) * 8 - bits)
    return n | (1 << (bits - 1)) | 1


def main():
    cert = open(os.path.join(HERE, "..", "rsa2048.der"), "rb").read()
    tbs = children(content(cert))[0]
    parts = children(content(tbs))
    old_spki = parts[6 if parts[0][0] == 0xA0 else 5]
    key = content(children(content(old_spki))[1])[1:]  # BIT STRING contents after unused-bits
    n_el, e_el = children(content(key))
    n = int.from_bytes(content(n_el), "big")
    e = int.from_bytes(content(e_el), "big")
    cases = {
        # The modulus INTEGER with an extra leading zero byte (not minimal, so not DER).
        "modulus-leading-zero.der": spki(enc(0x30, integer(n, extra_zeros=1) + integer(e))),
        # The same key in a BIT STRING that claims 3 unused bits.
        "bit-string-unused-bits.der": spki(key, unused_bits=3),
        # A 16,392-bit modulus: above the 16,384 bits anything reads.
        "modulus-16392-bits.der": spki(enc(0x30, integer(odd_modulus(16392, b"mdm-link")) + integer(e))),
        # Exponent 2^40 + 1: between 2^33 and 2^64.
        "exponent-2pow40.der": spki(enc(0x30, integer(n) + integer((1 << 40) + 1))),
    }
    for name, new_spki in cases.items():
        with open(os.path.join(HERE, name), "wb") as out:
            out.write(with_spki(cert, new_spki))
        print(name)


main()
