//! Stage 4 of the check: read one X.509 certificate's fields, without judging them (stage 5,
//! `findings`, does that).
//!
//! Why our own lightweight structs instead of `x509_cert::Certificate`: that type decodes
//! dates through `der::DateTime`, which refuses years before 1970, and owns every name and
//! extension (allocations we do not need). Borrowing views keep one check well under the
//! 50 µs budget and let us read old and far-future certificates as OpenSSL does. The token
//! reads certificates through the same [`CertLite`] decoder ([`token_view`]), so both accept
//! exactly the same certificates.

use const_oid::db::rfc5280::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_EXT_KEY_USAGE, ID_CE_KEY_USAGE,
    ID_CE_SUBJECT_KEY_IDENTIFIER,
};
use const_oid::db::rfc5912::{ID_EC_PUBLIC_KEY, ID_RSASSA_PSS, RSA_ENCRYPTION};
use const_oid::db::rfc8410::{ID_ED_25519, ID_ED_448};
use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, BitStringRef, IntRef, OctetStringRef};
use der::{Decode, Sequence};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use x509_cert::certificate::Version;

use super::asn1::{self, Tlv};
use super::dn;
use super::validity::parse_time;
use crate::domain::oid_names::name_or_dotted;
use crate::domain::rsa_key::{RsaKeyRefusal, RsaPublicKey};
use crate::domain::time::Timestamp;

/// RFC 5280 §4.1 `Certificate`, borrowing.
#[derive(Sequence)]
struct CertLite<'a> {
    tbs: TbsLite<'a>,
    signature_algorithm: AlgorithmIdentifierRef<'a>,
    signature: BitStringRef<'a>,
}

/// RFC 5280 §4.1 `TBSCertificate`, borrowing; names and times stay raw.
#[derive(Sequence)]
struct TbsLite<'a> {
    #[asn1(context_specific = "0", default = "Default::default")]
    version: Version,
    serial: IntRef<'a>,
    signature: AlgorithmIdentifierRef<'a>,
    issuer: AnyRef<'a>,
    validity: ValidityLite<'a>,
    subject: AnyRef<'a>,
    spki: SubjectPublicKeyInfoRef<'a>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    issuer_unique_id: Option<BitStringRef<'a>>,
    #[asn1(context_specific = "2", tag_mode = "IMPLICIT", optional = "true")]
    subject_unique_id: Option<BitStringRef<'a>>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    extensions: Option<Vec<ExtLite<'a>>>,
}

/// RFC 5280 §4.1 `Validity`, with the times left raw for [`parse_time`].
#[derive(Sequence)]
struct ValidityLite<'a> {
    not_before: AnyRef<'a>,
    not_after: AnyRef<'a>,
}

/// RFC 5280 §4.1 `Extension`.
#[derive(Sequence)]
struct ExtLite<'a> {
    extn_id: ObjectIdentifier,
    #[asn1(default = "Default::default")]
    critical: bool,
    extn_value: OctetStringRef<'a>,
}

/// The three parts of a certificate a server token needs, borrowed from its DER: the issuer
/// Name and serial number (the CMS recipient identifier, which must be the certificate's own
/// bytes) and the public key the token is encrypted to.
pub(crate) struct TokenView<'a> {
    /// The issuer Name, exactly as encoded (tag, length and value).
    pub issuer: AnyRef<'a>,
    /// The serial number INTEGER, exactly as encoded.
    pub serial: IntRef<'a>,
    /// The SubjectPublicKeyInfo.
    pub spki: SubjectPublicKeyInfoRef<'a>,
}

/// Decodes `der` (exactly one certificate) far enough for a token, see [`TokenView`].
pub(crate) fn token_view(der: &[u8]) -> Result<TokenView<'_>, der::Error> {
    let tbs = CertLite::from_der(der)?.tbs;
    Ok(TokenView {
        issuer: tbs.issuer,
        serial: tbs.serial,
        spki: tbs.spki,
    })
}

/// Why a DER element shaped like a certificate is not a readable X.509 certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct X509Failure {
    /// Which part of the certificate, e.g. "validity dates (not after)".
    pub part: &'static str,
    /// Byte offset of the problem within the certificate, when known.
    pub offset: Option<usize>,
    /// What the decoder reported.
    pub detail: String,
}

/// The public key, as far as stage 5 needs it.
pub(crate) enum KeyFields {
    /// `rsaEncryption`, read by the one RSA key reader.
    Rsa(Result<RsaPublicKey, RsaKeyRefusal>),
    /// `id-ecPublicKey` on the named curve (or "with explicit parameters").
    Ec { curve: String },
    /// Ed25519.
    Ed25519,
    /// Ed448.
    Ed448,
    /// Any other algorithm, by name.
    Other { algorithm: String },
}

/// One certificate's fields, read but not judged.
pub(crate) struct Fields<'a> {
    /// The certificate's DER, exactly as found.
    pub der: &'a [u8],
    /// Subject and issuer, formatted; whether their encodings are byte-identical.
    pub subject: String,
    pub issuer: String,
    pub same_name: bool,
    /// Serial number INTEGER contents, as encoded.
    pub serial: &'a [u8],
    /// 1, 2 or 3.
    pub version: u8,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
    pub key: KeyFields,
    /// The outer signature algorithm by name.
    pub signature_algorithm: String,
    /// Extensions read: key usage names, extended key usage names, CA flag, key identifiers.
    pub key_usage: Option<Vec<String>>,
    pub extended_key_usage: Option<Vec<String>>,
    pub ca: Option<bool>,
    pub subject_key_id: Option<&'a [u8]>,
    pub authority_key_id: Option<&'a [u8]>,
    /// Names of recognised extensions whose value could not be read.
    pub unreadable_extensions: Vec<String>,
}

const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

/// Stage 4: reads `der` (exactly one certificate).
pub(crate) fn read(der: &[u8]) -> Result<Fields<'_>, X509Failure> {
    let cert = CertLite::from_der(der).map_err(|e| locate(der, e))?;
    let tbs = cert.tbs;
    let time = |t: &AnyRef<'_>, part| {
        parse_time(t).map_err(|detail| X509Failure {
            part,
            offset: None,
            detail,
        })
    };
    let not_before = time(&tbs.validity.not_before, "validity dates (not before)")?;
    let not_after = time(&tbs.validity.not_after, "validity dates (not after)")?;
    let mut fields = Fields {
        der,
        subject: dn::format_name(&tbs.subject),
        issuer: dn::format_name(&tbs.issuer),
        same_name: tbs.subject.value() == tbs.issuer.value(),
        serial: tbs.serial.as_bytes(),
        version: match tbs.version {
            Version::V1 => 1,
            Version::V2 => 2,
            Version::V3 => 3,
        },
        not_before,
        not_after,
        key: key_fields(&tbs.spki),
        signature_algorithm: name_or_dotted(&cert.signature_algorithm.oid),
        key_usage: None,
        extended_key_usage: None,
        ca: None,
        subject_key_id: None,
        authority_key_id: None,
        unreadable_extensions: Vec::new(),
    };
    for ext in tbs.extensions.iter().flatten() {
        read_extension(ext, &mut fields);
    }
    Ok(fields)
}

/// Reads the extensions the check reports on; others are passed over.
fn read_extension<'a>(ext: &ExtLite<'a>, fields: &mut Fields<'a>) {
    let value = ext.extn_value.as_bytes();
    let id = ext.extn_id;
    let readable = if id == ID_CE_KEY_USAGE {
        fields.key_usage = parse_key_usage(value);
        fields.key_usage.is_some()
    } else if id == ID_CE_EXT_KEY_USAGE {
        fields.extended_key_usage = parse_eku(value);
        fields.extended_key_usage.is_some()
    } else if id == ID_CE_BASIC_CONSTRAINTS {
        fields.ca = parse_basic_constraints(value);
        fields.ca.is_some()
    } else if id == ID_CE_SUBJECT_KEY_IDENTIFIER {
        fields.subject_key_id = single(value, 0x04).map(|t| t.content(value));
        fields.subject_key_id.is_some()
    } else if id == ID_CE_AUTHORITY_KEY_IDENTIFIER {
        fields.authority_key_id = aki_key_id(value);
        true
    } else {
        true
    };
    if !readable {
        fields.unreadable_extensions.push(name_or_dotted(&id));
    }
}

/// The key by algorithm; an RSA key goes through the one reader of RSA public keys.
fn key_fields(spki: &SubjectPublicKeyInfoRef<'_>) -> KeyFields {
    let alg = spki.algorithm.oid;
    if alg == RSA_ENCRYPTION {
        KeyFields::Rsa(RsaPublicKey::from_subject_public_key(
            &spki.subject_public_key,
        ))
    } else if alg == ID_EC_PUBLIC_KEY {
        let curve = spki
            .algorithm
            .parameters
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
            .map_or_else(
                || "with explicit parameters".to_owned(),
                |c| name_or_dotted(&c),
            );
        KeyFields::Ec { curve }
    } else if alg == ID_ED_25519 {
        KeyFields::Ed25519
    } else if alg == ID_ED_448 {
        KeyFields::Ed448
    } else if alg == ID_RSASSA_PSS {
        KeyFields::Other {
            algorithm: "RSASSA-PSS (an RSA key restricted to signatures)".to_owned(),
        }
    } else {
        KeyFields::Other {
            algorithm: name_or_dotted(&alg),
        }
    }
}

/// Maps a decoder error to the part of the certificate it happened in, so the message can say
/// "the validity dates" rather than "offset 143".
fn locate(der: &[u8], e: der::Error) -> X509Failure {
    let offset = e.position().map(|p| u32::from(p) as usize);
    let detail = e.kind().to_string();
    let mut part = "certificate structure";
    if let (Some(at), Ok(outer)) = (offset, asn1::read(der, 0, der.len())) {
        if let Ok(top) = asn1::children(der, &outer) {
            let top_names = [
                "to-be-signed part",
                "signature algorithm",
                "signature value",
            ];
            for (i, t) in top.iter().enumerate() {
                if at >= t.start && at < t.end.max(t.start + 1) {
                    part = top_names
                        .get(i)
                        .copied()
                        .unwrap_or("data after the signature");
                    if i == 0 {
                        part = tbs_part(der, t, at).unwrap_or(part);
                    }
                }
            }
            if at >= outer.end || top.last().is_some_and(|t| at >= t.end) {
                part = "end of the certificate";
            }
        }
    }
    X509Failure {
        part,
        offset,
        detail,
    }
}

fn tbs_part(der: &[u8], tbs: &Tlv, at: usize) -> Option<&'static str> {
    let kids = asn1::children(der, tbs).ok()?;
    let mut names = vec![];
    if kids.first().is_some_and(|k| k.tag == 0xa0) {
        names.push("version");
    }
    names.extend([
        "serial number",
        "signature algorithm",
        "issuer name",
        "validity dates",
        "subject name",
        "public key",
    ]);
    let kid = kids.iter().position(|k| at >= k.start && at < k.end)?;
    Some(match kids.get(kid).map(|k| k.tag) {
        Some(0xa3) => "extensions",
        Some(0xa1 | 0x81) => "issuer unique ID",
        Some(0xa2 | 0x82) => "subject unique ID",
        _ => names.get(kid).copied().unwrap_or("extensions"),
    })
}

/// The element in `data` if `data` is exactly one element with tag `tag`.
fn single(data: &[u8], tag: u8) -> Option<Tlv> {
    let t = asn1::read(data, 0, data.len()).ok()?;
    (t.tag == tag && t.end == data.len()).then_some(t)
}

fn parse_key_usage(v: &[u8]) -> Option<Vec<String>> {
    let t = single(v, 0x03)?;
    let c = t.content(v);
    let bits = c.get(1..)?;
    let mut out = Vec::new();
    for (i, name) in KEY_USAGE_NAMES.iter().enumerate() {
        let byte = bits.get(i / 8).copied().unwrap_or(0);
        if byte & (0x80 >> (i % 8)) != 0 {
            out.push((*name).to_owned());
        }
    }
    Some(out)
}

fn parse_eku(v: &[u8]) -> Option<Vec<String>> {
    let t = single(v, 0x30)?;
    let kids = asn1::children(v, &t).ok()?;
    kids.iter()
        .map(|k| {
            let id = ObjectIdentifier::from_bytes(k.content(v)).ok()?;
            Some(name_or_dotted(&id))
        })
        .collect()
}

fn parse_basic_constraints(v: &[u8]) -> Option<bool> {
    let t = single(v, 0x30)?;
    let kids = asn1::children(v, &t).ok()?;
    Some(match kids.first() {
        Some(b) if b.tag == 0x01 => b.content(v).first().is_some_and(|x| *x != 0),
        _ => false,
    })
}

fn aki_key_id(v: &[u8]) -> Option<&[u8]> {
    let t = single(v, 0x30)?;
    let kids = asn1::children(v, &t).ok()?;
    kids.iter().find(|k| k.tag == 0x80).map(|k| k.content(v))
}
