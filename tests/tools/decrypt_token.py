#!/usr/bin/env python3
"""Decrypt an MDM server token (.p7m) and check it against Apple's format rules.

Usage: decrypt_token.py TOKEN CERT KEY [--issued-ms MS]

TOKEN is the S/MIME file, CERT the server certificate (PEM or DER), KEY its private key
(PEM or DER, PKCS#1 or PKCS#8). Decrypts with Python `cryptography`
(pkcs7.pkcs7_decrypt_smime), an implementation independent of OpenSSL's CLI and of the Rust
code, writes the decrypted bytes to stdout, and checks every rule of Apple's token format:

- outer file: Apple's four headers in order, blank line, base64 lines of 76, LF line ends;
- plaintext: the exact MIME head, "-----BEGIN MESSAGE-----", one JSON line, the end line;
- JSON: keys consumer_key, consumer_secret, access_token, access_secret, access_token_expiry in
  that order, no spaces; CK_ + 96 lowercase hex, CS_/AS_ + 40 lowercase hex,
  AT_O<10 digits>O<40 hex>O<13-digit ms>; expiry RFC 3339 UTC = issue + one calendar year
  (Feb 29 -> Feb 28), milliseconds dropped;
- with --issued-ms: the access token ends in exactly that time.

Exit status: 0 all rules hold; 1 a rule fails (reason on stderr); 2 usage, reading or
decryption error. Used by the Rust interop tests and the end-to-end browser tests.
"""

import calendar
import datetime
import re
import sys

HEADERS = [
    'Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data',
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="smime.p7m"',
    "Content-Description: S/MIME Encrypted Message",
]
PLAIN = re.compile(
    rb"\AContent-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
    rb"-----BEGIN MESSAGE-----\n(?P<json>[^\r\n]*)\n-----END MESSAGE-----\n\Z"
)
JSON = re.compile(
    r'\A\{"consumer_key":"(?P<ck>CK_[0-9a-f]{96})",'
    r'"consumer_secret":"(?P<cs>CS_[0-9a-f]{40})",'
    r'"access_token":"(?P<at>AT_O[0-9]{10}O[0-9a-f]{40}O(?P<ms>[0-9]{13}))",'
    r'"access_secret":"(?P<as>AS_[0-9a-f]{40})",'
    r'"access_token_expiry":"(?P<exp>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)"\}\Z'
)


class RuleError(Exception):
    """A format rule does not hold."""


def check_file(data: bytes) -> None:
    if b"\r" in data:
        raise RuleError("outer file: CR found, Apple's file uses LF line ends")
    if not data.endswith(b"\n") or data.endswith(b"\n\n"):
        raise RuleError("outer file: must end with exactly one LF")
    head, sep, body = data.decode("ascii", "replace").partition("\n\n")
    if not sep:
        raise RuleError("outer file: no blank line after the headers")
    if head.split("\n") != HEADERS:
        raise RuleError(f"outer file: headers differ from Apple's: {head!r}")
    lines = body.rstrip("\n").split("\n")
    if any(len(line) != 76 for line in lines[:-1]) or not 0 < len(lines[-1]) <= 76:
        raise RuleError("outer file: base64 lines must be 76 characters")
    if not all(re.fullmatch(r"[A-Za-z0-9+/=]+", line) for line in lines):
        raise RuleError("outer file: non-base64 characters")


def one_year_after(ms: int) -> str:
    t = datetime.datetime.fromtimestamp(ms // 1000, tz=datetime.timezone.utc)
    year = t.year + 1
    day = min(t.day, calendar.monthrange(year, t.month)[1])
    return t.replace(year=year, day=day).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_plaintext(plain: bytes, issued_ms):
    m = PLAIN.match(plain)
    if not m:
        raise RuleError("plaintext: layout differs from Apple's (MIME head, markers, line ends)")
    j = JSON.match(m.group("json").decode("utf-8", "replace"))
    if not j:
        raise RuleError(f"JSON: key order, spacing or a field format is wrong: {m.group('json')!r}")
    ms = int(j.group("ms"))
    if issued_ms is not None and ms != issued_ms:
        raise RuleError(f"access_token: ends in {ms}, expected the issue time {issued_ms}")
    if j.group("exp") != one_year_after(ms):
        raise RuleError(
            f"access_token_expiry: {j.group('exp')} is not one year after issue "
            f"({one_year_after(ms)})"
        )


def load(path):
    with open(path, "rb") as f:
        return f.read()


def main(argv):
    args = [a for a in argv[1:]]
    issued_ms = None
    if "--issued-ms" in args:
        i = args.index("--issued-ms")
        try:
            issued_ms = int(args[i + 1])
        except (IndexError, ValueError):
            print("--issued-ms needs a number", file=sys.stderr)
            return 2
        del args[i : i + 2]
    if len(args) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs7
    except ImportError as e:
        print(f"Python cryptography is not installed: {e}", file=sys.stderr)
        return 2
    try:
        token, cert_bytes, key_bytes = (load(p) for p in args)
        cert = (
            x509.load_pem_x509_certificate(cert_bytes)
            if b"-----BEGIN" in cert_bytes
            else x509.load_der_x509_certificate(cert_bytes)
        )
        key = (
            serialization.load_pem_private_key(key_bytes, None)
            if b"-----BEGIN" in key_bytes
            else serialization.load_der_private_key(key_bytes, None)
        )
        plain = pkcs7.pkcs7_decrypt_smime(token, cert, key, [])
    except Exception as e:  # noqa: BLE001 - any failure here is a reading/decryption error
        print(f"cannot decrypt: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(plain)
    sys.stdout.buffer.flush()
    try:
        check_file(token)
        check_plaintext(plain, issued_ms)
    except RuleError as e:
        print(f"format rule failed: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
