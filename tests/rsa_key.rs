//! The one reader of RSA public keys, rule by rule: each refusal has its own error, checked in
//! order, and a refused key still shows its size and exponent.

use der::asn1::BitStringRef;
use mdm_link::domain::rsa_key::{Field, RsaKeyError, RsaKeyFacts, RsaPublicKey, MAX_RSA_BITS};

/// DER of an RSAPublicKey with the given raw INTEGER contents (sign octets included).
fn key(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for int in [n, e] {
        body.push(0x02);
        push_len(&mut body, int.len());
        body.extend_from_slice(int);
    }
    let mut out = vec![0x30];
    push_len(&mut out, body.len());
    out.extend(body);
    out
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    match len {
        0..=127 => out.push(len as u8),
        128..=255 => out.extend([0x81, len as u8]),
        _ => out.extend([0x82, (len >> 8) as u8, len as u8]),
    }
}

/// A positive modulus of `bits` bits (top bit set, odd), with its DER sign octet.
fn modulus(bits: usize) -> Vec<u8> {
    let mut n = vec![0x5a; bits.div_ceil(8)];
    let top = bits % 8;
    n[0] = if top == 0 {
        0xc3
    } else {
        (1u8 << (top - 1)) | 1
    };
    *n.last_mut().unwrap() |= 1;
    if n[0] & 0x80 != 0 {
        n.insert(0, 0);
    }
    n
}

fn error(der: &[u8]) -> RsaKeyError {
    RsaPublicKey::from_pkcs1_der(der).unwrap_err().error
}

#[test]
fn a_standard_key_is_read() {
    let read = RsaPublicKey::from_pkcs1_der(&key(&modulus(2048), &[1, 0, 1])).unwrap();
    assert_eq!(
        (read.bits(), read.len_bytes(), read.exponent()),
        (2048, 256, 65537)
    );
    assert_eq!(read.facts().exponent, "65537");
    for bits in [2049, 3072, 4096, MAX_RSA_BITS] {
        let read = RsaPublicKey::from_pkcs1_der(&key(&modulus(bits), &[3])).unwrap();
        assert_eq!(read.bits(), bits);
    }
    let e_max = [0x01, 0xff, 0xff, 0xff, 0xff];
    assert!(RsaPublicKey::from_pkcs1_der(&key(&modulus(2048), &e_max)).is_ok());
}

/// One case per rule, in the order the rules are checked.
#[test]
fn every_rule_has_its_own_error() {
    let n = modulus(2048);
    let mut padded = vec![0];
    padded.extend(&n);
    let mut trailing = key(&n, &[3]);
    trailing.push(0);
    let mut even = n.clone();
    *even.last_mut().unwrap() &= 0xfe;
    let cases: Vec<(Vec<u8>, RsaKeyError)> = vec![
        (b"junk".to_vec(), RsaKeyError::NotDer),
        (trailing, RsaKeyError::NotDer),
        (
            vec![0x30, 0x06, 0x04, 0x01, 1, 0x02, 0x01, 3],
            RsaKeyError::NotInteger {
                field: Field::Modulus,
            },
        ),
        (
            key(&n, &[]),
            RsaKeyError::NotPositive {
                field: Field::Exponent,
            },
        ),
        (
            key(&[0x80, 1], &[3]),
            RsaKeyError::NotPositive {
                field: Field::Modulus,
            },
        ),
        (
            key(&padded, &[3]),
            RsaKeyError::NonMinimal {
                field: Field::Modulus,
            },
        ),
        (
            key(&n, &[0, 1, 0, 1]),
            RsaKeyError::NonMinimal {
                field: Field::Exponent,
            },
        ),
        (
            key(&modulus(2040), &[3]),
            RsaKeyError::TooShort { bits: 2040 },
        ),
        (
            key(&modulus(MAX_RSA_BITS + 8), &[3]),
            RsaKeyError::TooLong {
                bits: MAX_RSA_BITS + 8,
            },
        ),
        (key(&even, &[3]), RsaKeyError::EvenModulus),
        (key(&n, &[1]), RsaKeyError::ExponentTooSmall { e: 1 }),
        (key(&n, &[4]), RsaKeyError::ExponentEven { e: 4 }),
        (key(&n, &[2, 0, 0, 0, 1]), RsaKeyError::ExponentTooLarge),
        (
            key(&n, &[1, 0, 0, 0, 0, 0, 0, 0, 1]),
            RsaKeyError::ExponentTooLarge,
        ),
    ];
    for (der, expected) in cases {
        assert_eq!(error(&der), expected, "{expected:?}");
        assert!(expected.to_string().ends_with('.'), "{expected}");
        assert!(expected.to_string().starts_with("The RSA"), "{expected}");
    }
}

#[test]
fn size_and_exponent_are_kept_for_the_report_when_refused() {
    let refusal = RsaPublicKey::from_pkcs1_der(&key(&modulus(1024), &[1, 0, 1])).unwrap_err();
    assert_eq!(
        refusal.facts,
        Some(RsaKeyFacts {
            bits: 1024,
            exponent: "65537".into()
        })
    );
    let huge_e = vec![0x7f; 20];
    let refusal = RsaPublicKey::from_pkcs1_der(&key(&modulus(2048), &huge_e)).unwrap_err();
    assert_eq!(
        refusal.facts.unwrap().exponent,
        format!("0x{}", "7F".repeat(20))
    );
    assert_eq!(
        RsaPublicKey::from_pkcs1_der(b"junk").unwrap_err().facts,
        None
    );
    // A non-minimal modulus is refused, but its size is still shown.
    let mut padded = vec![0];
    padded.extend(modulus(2048));
    let refusal = RsaPublicKey::from_pkcs1_der(&key(&padded, &[1, 0, 1])).unwrap_err();
    assert_eq!(refusal.facts.map(|f| f.bits), Some(2048));
    let refusal = RsaPublicKey::from_pkcs1_der(&key(&[0x80, 1], &[3])).unwrap_err();
    assert_eq!(refusal.facts, None, "a negative modulus has no size");
}

#[test]
fn unused_bits_in_the_bit_string_are_refused() {
    let der = key(&modulus(2048), &[1, 0, 1]);
    let whole = BitStringRef::new(0, &der).unwrap();
    assert!(RsaPublicKey::from_subject_public_key(&whole).is_ok());
    let ragged = BitStringRef::new(3, &der).unwrap();
    assert_eq!(
        RsaPublicKey::from_subject_public_key(&ragged)
            .unwrap_err()
            .error,
        RsaKeyError::UnusedBits { unused: 3 }
    );
}
