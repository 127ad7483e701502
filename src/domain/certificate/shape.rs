//! Stage 3 of the check: classify the ASN.1 shape of each DER piece (a certificate, several
//! concatenated, a PKCS#7 bundle, or a CSR, CRL, key, PKCS#12, CMS message...) and locate the
//! certificates in it, without reading them yet.
//!
//! Shapes are judged by the outline of tags (`SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }` is a
//! signed structure; its first child tells a certificate from a CSR or CRL), because that works
//! on damaged and BER-encoded data where a strict decoder only says "error".

use const_oid::db::rfc5911::{
    ID_CT_AUTH_ENVELOPED_DATA, ID_ENCRYPTED_DATA, ID_ENVELOPED_DATA, ID_SIGNED_DATA,
};
use const_oid::ObjectIdentifier;

use super::asn1::{self, Tlv, TlvError};
use super::error::InputError;
use super::file_findings;
use super::framing::Origin;
use super::Finding;
use crate::domain::oid_names;

/// Most certificates read from one PKCS#7 bundle. A 1 MiB file cannot hold more than about
/// 7,000 of the smallest certificates, so this is never reached by a real file; if it is, the
/// file's findings say so.
pub(crate) const MAX_BUNDLE_CERTIFICATES: usize = 10_000;

/// What a top-level DER element is, judged by its ASN.1 shape.
#[derive(Debug, PartialEq)]
pub(crate) enum Shape {
    Certificate,
    Crl,
    Csr,
    PublicKey,
    PrivateKey(&'static str),
    Pkcs12,
    SignedData,
    Enveloped,
    OtherCms(String),
    Unknown(String),
}

/// How a located certificate sits in its piece, which decides what a failure to read it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// The first element of a whole input: if it cannot be read, that is the answer.
    First,
    /// A further certificate concatenated after the first, at this offset of the piece.
    Concatenated {
        /// Offset of its first byte.
        offset: usize,
        /// Bytes from there to the end of the piece.
        bytes_left: usize,
    },
    /// Inside a PKCS#7 bundle: one unreadable certificate is skipped with a warning.
    InBundle,
    /// Alone in a PEM certificate block.
    InBlock,
}

/// One certificate found, not yet read.
pub(crate) struct Located<'p> {
    /// Its DER.
    pub der: &'p [u8],
    /// Where it sits.
    pub place: Place,
}

/// What stage 3 found in one piece.
pub(crate) struct Shaped<'p> {
    /// The certificates, in order.
    pub certificates: Vec<Located<'p>>,
    /// The piece was a PKCS#7 bundle.
    pub bundle: bool,
    /// Findings about the piece itself (trailing bytes, trust settings, a capped bundle).
    pub notes: Vec<Finding>,
}

/// Stage 3: the certificates in `der`, or what the piece is instead.
pub(crate) fn locate(der: &[u8], origin: Origin) -> Result<Shaped<'_>, InputError> {
    let top = asn1::read(der, 0, der.len()).map_err(|e| tlv_error(e, der.len()))?;
    let shape = classify(der, &top).map_err(|e| tlv_error(e, der.len()))?;
    match (shape, origin) {
        (Shape::Certificate, Origin::CertificateBlock { trusted }) => {
            let mut notes = Vec::new();
            if top.end < der.len() {
                notes.push(if trusted {
                    file_findings::trust_settings_ignored()
                } else {
                    file_findings::extra_bytes_in_block(der.len() - top.end)
                });
            }
            Ok(Shaped {
                certificates: vec![Located {
                    der: top.whole(der),
                    place: Place::InBlock,
                }],
                bundle: false,
                notes,
            })
        }
        (Shape::Certificate, _) => Ok(concatenated(der, &top)),
        (Shape::SignedData, Origin::Whole | Origin::BundleBlock) => Ok(bundle(der, &top)),
        (other, _) => Err(shape_error(other)),
    }
}

/// The first certificate and any that follow it back to back (some tools concatenate a chain
/// into one .der). Reading stops at the first element that is not a certificate, with a note.
fn concatenated<'p>(der: &'p [u8], first: &Tlv) -> Shaped<'p> {
    let mut shaped = Shaped {
        certificates: vec![Located {
            der: first.whole(der),
            place: Place::First,
        }],
        bundle: false,
        notes: Vec::new(),
    };
    let mut pos = first.end;
    while pos < der.len() {
        let rest = der.get(pos..).unwrap_or(&[]);
        if rest.iter().all(|b| *b == 0 || b.is_ascii_whitespace()) {
            break;
        }
        let next = asn1::read(der, pos, der.len())
            .ok()
            .filter(|t| classify(der, t).ok() == Some(Shape::Certificate));
        let Some(next) = next else {
            shaped
                .notes
                .push(file_findings::trailing_data(der.len() - pos));
            break;
        };
        shaped.certificates.push(Located {
            der: next.whole(der),
            place: Place::Concatenated {
                offset: pos,
                bytes_left: der.len() - pos,
            },
        });
        pos = next.end;
    }
    shaped
}

/// The certificates of a PKCS#7 SignedData ContentInfo (BER lengths allowed):
/// `ContentInfo { contentType, [0] SignedData { ..., [0] certificates SET OF ... } }`.
fn bundle<'p>(der: &'p [u8], top: &Tlv) -> Shaped<'p> {
    let mut shaped = Shaped {
        certificates: Vec::new(),
        bundle: true,
        notes: Vec::new(),
    };
    let step = |t: &Tlv, tag: u8| -> Option<Tlv> {
        asn1::children(der, t)
            .ok()?
            .into_iter()
            .find(|k| k.tag == tag)
    };
    let Some(set) = step(top, 0xa0)
        .and_then(|c| step(&c, 0x30))
        .and_then(|signed| step(&signed, 0xa0))
    else {
        return shaped;
    };
    let members = asn1::children_max(der, &set, MAX_BUNDLE_CERTIFICATES).unwrap_or_default();
    let certificates: Vec<&Tlv> = members.iter().filter(|k| k.tag == 0x30).collect();
    if certificates.len() > MAX_BUNDLE_CERTIFICATES {
        shaped
            .notes
            .push(file_findings::bundle_capped(MAX_BUNDLE_CERTIFICATES));
    }
    shaped.certificates = certificates
        .into_iter()
        .take(MAX_BUNDLE_CERTIFICATES)
        .map(|k| Located {
            der: k.whole(der),
            place: Place::InBundle,
        })
        .collect();
    shaped
}

fn tag_name(tag: u8) -> String {
    match tag {
        0x01 => "BOOLEAN".into(),
        0x02 => "INTEGER".into(),
        0x03 => "BIT STRING".into(),
        0x04 => "OCTET STRING".into(),
        0x05 => "NULL".into(),
        0x06 => "OBJECT IDENTIFIER".into(),
        0x0c | 0x13 | 0x16 => "STRING".into(),
        0x17 | 0x18 => "TIME".into(),
        0x30 => "SEQUENCE".into(),
        0x31 => "SET".into(),
        t if t & 0xc0 == 0x80 => format!("[{}]", t & 0x1f),
        t => format!("tag 0x{t:02X}"),
    }
}

/// "SEQUENCE { INTEGER, OCTET STRING }": the top of a structure, for a message.
fn outline(top: &Tlv, kids: &[Tlv]) -> String {
    let names: Vec<String> = kids.iter().take(6).map(|k| tag_name(k.tag)).collect();
    if names.is_empty() {
        return format!("an empty {}", tag_name(top.tag));
    }
    let more = if kids.len() > 6 { ", …" } else { "" };
    format!("{} {{ {}{more} }}", tag_name(top.tag), names.join(", "))
}

/// The shape of the element `top` of `data`.
pub(crate) fn classify(data: &[u8], top: &Tlv) -> Result<Shape, TlvError> {
    if top.tag != 0x30 {
        return Ok(Shape::Unknown(tag_name(top.tag)));
    }
    let kids = asn1::children(data, top)?;
    let tags: Vec<u8> = kids.iter().map(|k| k.tag).collect();
    let int = |i: usize| kids.get(i).and_then(|k| asn1::small_int(data, k));
    Ok(match tags.as_slice() {
        [0x30, 0x30, 0x03] => signed_structure(data, kids.first().copied().unwrap_or(*top)),
        [0x30, 0x03] => Shape::PublicKey,
        // RSAPublicKey (PKCS#1): only with a modulus of 512 bits or more, so that two small
        // integers (an ECDSA signature, a test blob) are not mistaken for a key.
        [0x02, 0x02] if kids.first().is_some_and(|k| k.content(data).len() >= 64) => {
            Shape::PublicKey
        }
        [0x30, 0x04] => Shape::PrivateKey("encrypted PKCS#8 private key"),
        [0x02, 0x30, 0x04, ..] if matches!(int(0), Some(0 | 1)) => {
            Shape::PrivateKey("PKCS#8 private key")
        }
        [0x02, 0x30, ..] if int(0) == Some(3) => Shape::Pkcs12,
        [0x02, 0x04, ..] if int(0) == Some(1) => Shape::PrivateKey("EC private key"),
        t if t.len() >= 9 && t.iter().all(|x| *x == 0x02) && int(0) == Some(0) => {
            Shape::PrivateKey("RSA private key (PKCS#1)")
        }
        t if t.len() == 6 && t.iter().all(|x| *x == 0x02) && int(0) == Some(0) => {
            Shape::PrivateKey("DSA private key")
        }
        [0x06, 0xa0, ..] | [0x06] => content_info(data, &kids, top),
        _ => Shape::Unknown(outline(top, &kids)),
    })
}

/// `SEQUENCE { tbs SEQUENCE, algorithm SEQUENCE, signature BIT STRING }`: a certificate, CSR
/// or CRL, told apart by the first elements of the signed part.
fn signed_structure(data: &[u8], tbs: Tlv) -> Shape {
    let inner = asn1::children(data, &tbs).unwrap_or_default();
    let tags: Vec<u8> = inner.iter().map(|k| k.tag).collect();
    if tags.first() == Some(&0xa0) {
        Shape::Certificate
    } else if tags.len() == 4
        && tags.get(..4) == Some(&[0x02, 0x30, 0x30, 0xa0])
        && inner.first().and_then(|k| asn1::small_int(data, k)) == Some(0)
    {
        Shape::Csr
    } else if tags.iter().take(4).any(|t| matches!(t, 0x17 | 0x18)) {
        Shape::Crl
    } else {
        Shape::Certificate
    }
}

/// `SEQUENCE { contentType OID, [0] content }`: a CMS / PKCS#7 ContentInfo.
fn content_info(data: &[u8], kids: &[Tlv], top: &Tlv) -> Shape {
    let id = kids
        .first()
        .and_then(|k| ObjectIdentifier::from_bytes(k.content(data)).ok());
    match id {
        Some(i) if i == ID_SIGNED_DATA => Shape::SignedData,
        Some(i)
            if i == ID_ENVELOPED_DATA
                || i == ID_CT_AUTH_ENVELOPED_DATA
                || i == ID_ENCRYPTED_DATA =>
        {
            Shape::Enveloped
        }
        Some(i) => Shape::OtherCms(oid_names::name_or_dotted(&i)),
        None => Shape::Unknown(outline(top, kids)),
    }
}

/// The message for a TLV that could not be located in a buffer of `total` bytes.
pub(crate) fn tlv_error(e: TlvError, total: usize) -> InputError {
    match e {
        TlvError::Truncated { at, expected, got } if got >= total => {
            InputError::Truncated { at, expected, got }
        }
        TlvError::Truncated { at, expected, got } => InputError::CorruptDer {
            offset: at,
            detail: format!(
                "an element claims to run to byte {expected}, past the end of the structure \
                 holding it (byte {got})"
            ),
        },
        TlvError::Malformed { at, what } => InputError::CorruptDer {
            offset: at,
            detail: format!("found {what}"),
        },
    }
}

/// The message for a piece whose shape is not a certificate.
pub(crate) fn shape_error(shape: Shape) -> InputError {
    match shape {
        Shape::Crl => InputError::RevocationList,
        Shape::Csr => InputError::CertificateRequest,
        Shape::PublicKey => InputError::PublicKeyOnly,
        Shape::PrivateKey(kind) => InputError::PrivateKey { kind: kind.into() },
        Shape::Pkcs12 => InputError::Pkcs12,
        Shape::SignedData => InputError::Pkcs7Bundle,
        Shape::Enveloped => InputError::EncryptedMessage,
        Shape::OtherCms(content_type) => InputError::CmsMessage { content_type },
        Shape::Unknown(outline) => InputError::UnrecognisedAsn1 { outline },
        Shape::Certificate => InputError::UnrecognisedAsn1 {
            outline: "certificate".into(),
        },
    }
}
