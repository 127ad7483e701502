#!/usr/bin/env python3
"""Verify a self-signed test certificate and its private key with Python `cryptography`.

Usage: verify_certificate.py CERT KEY

CERT is the certificate (PEM or DER), KEY its private key (PEM or DER, PKCS#1 or PKCS#8,
unencrypted). Independently of OpenSSL's CLI and of the Rust code, checks that:

- the certificate's signature verifies with its own public key (RSA PKCS#1 v1.5 with the
  hash it names), and `verify_directly_issued_by(itself)` holds (issuer = subject);
- the private key belongs to the certificate (same modulus and exponent);
- key usage is critical and exactly digitalSignature + keyEncipherment; basic constraints are
  critical with CA false;
- the serial number is positive and at least 64 bits long.

Prints one line of JSON with what it read (subject, serial, not_before, not_after, bits).
`openssl verify` cannot do this check: it also demands keyCertSign, which these certificates
rightly lack.

Exit status: 0 all checks hold; 1 a check fails (reason on stderr); 2 usage or reading error.
Used by tests/vendor_certificate.rs.
"""

import json
import sys


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import padding
    except ImportError as e:
        print(f"Python cryptography is not installed: {e}", file=sys.stderr)
        return 2
    try:
        with open(argv[1], "rb") as f:
            cert_bytes = f.read()
        with open(argv[2], "rb") as f:
            key_bytes = f.read()
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
    except Exception as e:  # noqa: BLE001 - any failure here is a reading error
        print(f"cannot read: {type(e).__name__}: {e}", file=sys.stderr)
        return 2

    def fail(why):
        print(f"check failed: {why}", file=sys.stderr)
        return 1

    public = cert.public_key()
    try:
        public.verify(
            cert.signature,
            cert.tbs_certificate_bytes,
            padding.PKCS1v15(),
            cert.signature_hash_algorithm,
        )
        cert.verify_directly_issued_by(cert)
    except Exception as e:  # noqa: BLE001 - InvalidSignature, ValueError, TypeError
        return fail(f"signature does not verify with the certificate's own key: {e!r}")
    if key.public_key().public_numbers() != public.public_numbers():
        return fail("the private key does not belong to the certificate")
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage)
    v = ku.value
    usages = {
        "digitalSignature": v.digital_signature,
        "nonRepudiation": v.content_commitment,
        "keyEncipherment": v.key_encipherment,
        "dataEncipherment": v.data_encipherment,
        "keyAgreement": v.key_agreement,
        "keyCertSign": v.key_cert_sign,
        "cRLSign": v.crl_sign,
    }
    if not ku.critical or {k for k, on in usages.items() if on} != {
        "digitalSignature",
        "keyEncipherment",
    }:
        return fail(f"key usage must be critical digitalSignature + keyEncipherment: {usages}")
    bc = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    if not bc.critical or bc.value.ca:
        return fail("basic constraints must be critical with CA false")
    if cert.serial_number <= 0 or cert.serial_number.bit_length() < 64:
        return fail(f"serial {cert.serial_number} is not a positive number of 64 bits or more")
    print(
        json.dumps(
            {
                "subject": cert.subject.rfc4514_string(),
                "issuer": cert.issuer.rfc4514_string(),
                "serial": format(cert.serial_number, "x"),
                "not_before": cert.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "not_after": cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "bits": public.key_size,
                "hash": cert.signature_hash_algorithm.name,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
