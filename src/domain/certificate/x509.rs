//! Decoding one X.509 certificate and judging it as an MDM server certificate.
//!
//! Why our own lightweight structs instead of `x509_cert::Certificate`: that type decodes
//! dates through `der::DateTime`, which refuses years before 1970, and owns every name and
//! extension (allocations we do not need). Borrowing views keep one check well under the
//! 50 µs budget and let us read old and far-future certificates as OpenSSL does.

use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, BitStringRef, IntRef, OctetStringRef};
use der::{Decode, Sequence, Tagged};
use sha1::{Digest, Sha1};
use sha2::Sha256;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use x509_cert::certificate::Version;

use super::asn1::{self, Tlv};
use super::{CertificateReport, Finding, PublicKeyInfo, Severity};
use crate::domain::oid_names::name_or_dotted;
use crate::domain::time::{days_in_month, CivilDateTime, Timestamp};

#[derive(Sequence)]
struct CertLite<'a> {
    tbs: TbsLite<'a>,
    signature_algorithm: AlgorithmIdentifierRef<'a>,
    signature: BitStringRef<'a>,
}

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

#[derive(Sequence)]
struct ValidityLite<'a> {
    not_before: AnyRef<'a>,
    not_after: AnyRef<'a>,
}

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
///
/// Read through the same [`CertLite`] decoder as the check rather than a full
/// `x509_cert::Certificate`: a token needs nothing else from the certificate, decoding every
/// name, date and extension into owned types would only add code to the wasm (the full decoder
/// is the largest `der` instantiation in it), and the token then accepts exactly the
/// certificates the check can read (the full decoder refuses, for example, dates before 1970).
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
    /// Which part of the certificate, e.g. "validity".
    pub part: &'static str,
    /// Byte offset of the problem within the certificate, when known.
    pub offset: Option<usize>,
    /// What the decoder reported.
    pub detail: String,
}

const fn oid(s: &str) -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap(s)
}

const RSA_ENCRYPTION: ObjectIdentifier = oid("1.2.840.113549.1.1.1");
const RSA_PSS: ObjectIdentifier = oid("1.2.840.113549.1.1.10");
const EC_PUBLIC_KEY: ObjectIdentifier = oid("1.2.840.10045.2.1");
const ED25519: ObjectIdentifier = oid("1.3.101.112");
const ED448: ObjectIdentifier = oid("1.3.101.113");
const EXT_KEY_USAGE: ObjectIdentifier = oid("2.5.29.15");
const EXT_EKU: ObjectIdentifier = oid("2.5.29.37");
const EXT_BASIC_CONSTRAINTS: ObjectIdentifier = oid("2.5.29.19");
const EXT_SKI: ObjectIdentifier = oid("2.5.29.14");
const EXT_AKI: ObjectIdentifier = oid("2.5.29.35");

const MD5_SIGNATURES: &[&str] = &["md5WithRSAEncryption", "md2WithRSAEncryption"];
const SHA1_SIGNATURES: &[&str] = &["sha1WithRSAEncryption", "ecdsa-with-SHA1", "dsa-with-SHA1"];

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

fn hex_upper(bytes: &[u8], sep: &str) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(bytes.len() * (2 + sep.len()));
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push_str(sep);
        }
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Parses `der` (exactly one certificate) and builds its report with findings.
pub(crate) fn report(der: &[u8], now: Timestamp) -> Result<CertificateReport, X509Failure> {
    let cert = CertLite::from_der(der).map_err(|e| locate(der, e))?;
    let tbs = &cert.tbs;
    let not_before = parse_time(&tbs.validity.not_before).map_err(|d| X509Failure {
        part: "validity dates (not before)",
        offset: None,
        detail: d,
    })?;
    let not_after = parse_time(&tbs.validity.not_after).map_err(|d| X509Failure {
        part: "validity dates (not after)",
        offset: None,
        detail: d,
    })?;

    let mut findings = Vec::new();
    let subject = format_name(&tbs.subject);
    let issuer = format_name(&tbs.issuer);
    let version = match tbs.version {
        Version::V1 => 1,
        Version::V2 => 2,
        Version::V3 => 3,
    };

    // Extensions.
    let mut key_usage = None;
    let mut extended_key_usage = None;
    let mut ca = None;
    let mut ski: Option<&[u8]> = None;
    let mut aki: Option<&[u8]> = None;
    for ext in tbs.extensions.iter().flatten() {
        let value = ext.extn_value.as_bytes();
        let id = &ext.extn_id;
        let ok = if *id == EXT_KEY_USAGE {
            key_usage = parse_key_usage(value);
            key_usage.is_some()
        } else if *id == EXT_EKU {
            extended_key_usage = parse_eku(value);
            extended_key_usage.is_some()
        } else if *id == EXT_BASIC_CONSTRAINTS {
            ca = parse_basic_constraints(value);
            ca.is_some()
        } else if *id == EXT_SKI {
            ski = single(value, 0x04).map(|t| t.content(value));
            ski.is_some()
        } else if *id == EXT_AKI {
            aki = aki_key_id(value);
            true
        } else {
            true
        };
        if !ok {
            findings.push(Finding::new(
                "extension-unreadable",
                Severity::Warning,
                format!(
                    "The {} extension could not be read; it was ignored.",
                    name_or_dotted(id)
                ),
            ));
        }
    }

    let public_key = key_findings(&tbs.spki, &mut findings);

    let signature_algorithm = name_or_dotted(&cert.signature_algorithm.oid);
    if MD5_SIGNATURES.contains(&signature_algorithm.as_str()) {
        findings.push(Finding::new(
            "weak-signature-md5",
            Severity::Warning,
            format!("The certificate is signed with {signature_algorithm}, which is broken. Apple does not check this signature, so a token can still be made, but ask the vendor for a certificate signed with SHA-256."),
        ));
    } else if SHA1_SIGNATURES.contains(&signature_algorithm.as_str()) {
        findings.push(Finding::new(
            "weak-signature-sha1",
            Severity::Warning,
            format!("The certificate is signed with {signature_algorithm}, which is no longer considered safe. Apple does not check this signature, so a token can still be made, but a SHA-256 certificate is better."),
        ));
    }

    if let Some(ku) = &key_usage {
        if !ku.iter().any(|u| u == "keyEncipherment") {
            findings.push(Finding::new(
                "key-usage-without-key-encipherment",
                Severity::Warning,
                format!("The key usage extension allows only {} and not keyEncipherment, but a server token is encrypted to this key. Apple does not check this, and most MDM servers decrypt anyway; if yours refuses the token, ask the vendor for a certificate that allows keyEncipherment.", ku.join(", ")),
            ));
        }
    }

    let days_left = now.days_until(not_after);
    if now < not_before {
        findings.push(Finding::new(
            "not-yet-valid",
            Severity::Warning,
            format!("The certificate is not valid until {}. Apple does not check certificate dates, so this does not block a token.", not_before.date_string()),
        ));
    } else if now > not_after {
        findings.push(Finding::new(
            "expired",
            Severity::Warning,
            format!("The certificate expired on {}. Apple does not check certificate dates (some MDM servers even use certificates valid for one day), so this does not block a token; check with the vendor that this is the current certificate.", not_after.date_string()),
        ));
    } else if days_left < 30 {
        findings.push(Finding::new(
            "expires-soon",
            Severity::Warning,
            format!("The certificate expires on {} ({days_left} days from now). Apple does not check this, but the vendor may replace it soon and you would then need a new token.", not_after.date_string()),
        ));
    }
    let period_days = not_before.days_until(not_after);
    findings.push(Finding::new(
        "validity-period",
        Severity::Info,
        format!(
            "Valid from {} to {} ({period_days} days).",
            not_before.date_string(),
            not_after.date_string()
        ),
    ));

    let same_name = tbs.subject.value() == tbs.issuer.value();
    let self_signed = same_name
        && match (aki, ski) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        };
    if self_signed {
        findings.push(Finding::new(
            "self-signed",
            Severity::Info,
            "The certificate is self-signed. That is normal for MDM server certificates: Apple only uses its public key.".to_owned(),
        ));
    } else {
        findings.push(Finding::new(
            "issued-by-ca",
            Severity::Info,
            format!("The certificate was issued by {issuer}."),
        ));
    }
    // Self-signed certificates made with `openssl req -x509` are marked CA by default; only a
    // CA certificate issued by someone else suggests the admin picked the wrong one.
    if ca == Some(true) && !self_signed {
        findings.push(Finding::new(
            "basic-constraints-ca",
            Severity::Info,
            "This is a certificate authority (CA) certificate issued by another CA. MDM servers usually have their own end-entity certificate; check that this is the server's certificate and not one of its issuers.".to_owned(),
        ));
    }
    if version == 1 {
        findings.push(Finding::new(
            "version-1",
            Severity::Info,
            "This is an old-style version 1 certificate without extensions. It can still be used."
                .to_owned(),
        ));
    }

    Ok(CertificateReport {
        der: der.to_vec(),
        subject,
        issuer,
        serial_hex: hex_upper(tbs.serial.as_bytes(), ":"),
        version,
        not_before,
        not_after,
        days_left,
        self_signed,
        public_key,
        signature_algorithm,
        key_usage,
        extended_key_usage,
        sha1_hex: hex_upper(&Sha1::digest(der), ":"),
        sha256_hex: hex_upper(&Sha256::digest(der), ":"),
        findings,
    })
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

/// Reads the public key and adds the key findings. Apple encrypts server tokens with RSA key
/// transport (PKCS#1 v1.5), so anything but a sane RSA key is an error.
fn key_findings(spki: &SubjectPublicKeyInfoRef<'_>, findings: &mut Vec<Finding>) -> PublicKeyInfo {
    let alg = &spki.algorithm.oid;
    let info = if *alg == RSA_ENCRYPTION {
        return rsa_findings(spki.subject_public_key.raw_bytes(), findings);
    } else if *alg == EC_PUBLIC_KEY {
        let curve = spki
            .algorithm
            .parameters
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
            .map_or_else(
                || "with explicit parameters".to_owned(),
                |c| name_or_dotted(&c),
            );
        PublicKeyInfo::Ec { curve }
    } else if *alg == ED25519 {
        PublicKeyInfo::Ed25519
    } else if *alg == ED448 {
        PublicKeyInfo::Ed448
    } else if *alg == RSA_PSS {
        PublicKeyInfo::Other {
            algorithm: "RSASSA-PSS (an RSA key restricted to signatures)".to_owned(),
        }
    } else {
        PublicKeyInfo::Other {
            algorithm: name_or_dotted(alg),
        }
    };
    findings.push(Finding::new(
        "key-not-rsa",
        Severity::Error,
        format!("The certificate's key is {info}, but Apple encrypts server tokens only to RSA keys. Ask the MDM vendor for the server's RSA certificate."),
    ));
    info
}

/// Strips the sign byte(s) of a DER INTEGER; `None` if it is negative.
fn unsigned(c: &[u8]) -> Option<&[u8]> {
    if c.first().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let first_nonzero = c.iter().position(|b| *b != 0).unwrap_or(c.len());
    c.get(first_nonzero..)
}

fn bit_len(n: &[u8]) -> usize {
    match n.first() {
        Some(b) => (n.len() - 1) * 8 + (8 - b.leading_zeros() as usize),
        None => 0,
    }
}

fn rsa_findings(key: &[u8], findings: &mut Vec<Finding>) -> PublicKeyInfo {
    let malformed = |findings: &mut Vec<Finding>, why: &str| {
        findings.push(Finding::new(
            "rsa-key-malformed",
            Severity::Error,
            format!("The RSA public key is malformed: {why}. A token encrypted to it would be unsafe or unreadable; ask the MDM vendor for a new certificate."),
        ));
    };
    let parts = single(key, 0x30).and_then(|t| {
        let kids = asn1::children(key, &t).ok()?;
        match kids.as_slice() {
            [n, e] if n.tag == 0x02 && e.tag == 0x02 => Some((n.content(key), e.content(key))),
            _ => None,
        }
    });
    let Some((n_raw, e_raw)) = parts else {
        malformed(
            findings,
            "its key data is not two integers (modulus and exponent)",
        );
        return PublicKeyInfo::Rsa {
            bits: 0,
            exponent: "unreadable".into(),
        };
    };
    let (n, e) = (unsigned(n_raw), unsigned(e_raw));
    let bits = n.map_or(0, bit_len);
    let exponent = match e {
        Some(e) if e.len() <= 16 => e
            .iter()
            .fold(0u128, |acc, b| (acc << 8) | u128::from(*b))
            .to_string(),
        Some(e) => format!("0x{}", hex_upper(e, "")),
        None => format!("-0x{}", hex_upper(e_raw, "")),
    };
    let info = PublicKeyInfo::Rsa {
        bits,
        exponent: exponent.clone(),
    };
    let mut bad = false;
    match n {
        None => {
            malformed(findings, "the modulus is negative");
            bad = true;
        }
        Some([]) => {
            malformed(findings, "the modulus is zero");
            bad = true;
        }
        Some(m) if m.last().is_some_and(|b| b & 1 == 0) => {
            malformed(findings, "the modulus is even");
            bad = true;
        }
        Some(_) if bits < 512 => {
            malformed(
                findings,
                &format!("the modulus has only {bits} bits (under 512)"),
            );
            bad = true;
        }
        _ => {}
    }
    match e {
        None => {
            malformed(findings, "the exponent is negative");
            bad = true;
        }
        Some(ev) if ev.len() > 8 => {
            malformed(
                findings,
                &format!("the exponent is absurdly large ({} bits)", bit_len(ev)),
            );
            bad = true;
        }
        Some(ev) => {
            let v = ev.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            if v < 3 {
                malformed(
                    findings,
                    &format!("the exponent is {v} (it must be at least 3)"),
                );
                bad = true;
            } else if v % 2 == 0 {
                malformed(findings, &format!("the exponent {v} is even"));
                bad = true;
            } else if v != 65537 {
                findings.push(Finding::new(
                    "rsa-exponent-unusual",
                    Severity::Info,
                    format!("The RSA exponent is {v}, not the usual 65537. It works with Apple's encryption."),
                ));
            }
        }
    }
    if !bad {
        if bits < 2048 {
            findings.push(Finding::new(
                "rsa-key-too-short",
                Severity::Error,
                format!("The RSA key has only {bits} bits; at least 2048 are needed to keep the server token secret. Ask the MDM vendor for a certificate with a 2048-bit or larger key."),
            ));
        } else if bits > 4096 {
            findings.push(Finding::new(
                "rsa-key-very-large",
                Severity::Warning,
                format!("The RSA key has {bits} bits. That is secure, but some MDM servers and tools cannot handle keys over 4096 bits; check the token works after uploading it."),
            ));
        } else {
            findings.push(Finding::new(
                "rsa-key-size",
                Severity::Info,
                format!("RSA key of {bits} bits, exponent {exponent}: suitable for server tokens."),
            ));
        }
    }
    info
}

/// Parses UTCTime (years 1950 to 2049) and GeneralizedTime (any four-digit year, optional
/// fraction), both in UTC with `Z`, as OpenSSL does; seconds may be omitted.
pub(crate) fn parse_time(t: &AnyRef<'_>) -> Result<Timestamp, String> {
    let raw = t.value();
    let (year_digits, kind) = match u8::from(t.tag()) {
        0x17 => (2, "UTCTime"),
        0x18 => (4, "GeneralizedTime"),
        other => return Err(format!("a date has ASN.1 tag 0x{other:02X}, not a time")),
    };
    let bad = || format!("the {kind} value is not a valid date");
    let s = std::str::from_utf8(raw).map_err(|_| bad())?;
    let s = s
        .strip_suffix('Z')
        .ok_or_else(|| format!("the {kind} value is not in UTC (no Z)"))?;
    let (main, _fraction) = s.split_once('.').unwrap_or((s, ""));
    if !main.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let num = |from: usize, len: usize| -> Result<i64, String> {
        main.get(from..from + len)
            .and_then(|d| d.parse::<i64>().ok())
            .ok_or_else(bad)
    };
    let mut year = num(0, year_digits)?;
    if year_digits == 2 {
        year += if year >= 50 { 1900 } else { 2000 };
    }
    let p = year_digits;
    let month = num(p, 2)?;
    let day = num(p + 2, 2)?;
    let hour = num(p + 4, 2)?;
    let minute = num(p + 6, 2)?;
    let second = match main.len().saturating_sub(p) {
        8 => 0,
        10 => num(p + 8, 2)?,
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 60 {
        return Err(bad());
    }
    let month = month as u8;
    if day < 1 || day > i64::from(days_in_month(year, month)) {
        return Err(bad());
    }
    Ok(CivilDateTime {
        year,
        month,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second.min(59) as u8,
    }
    .to_timestamp())
}

/// Formats a Name with RFC 4514 attribute syntax and escaping, but in encoded order (as
/// `openssl x509 -subject` and Keychain show it, so admins can compare side by side), RDNs
/// separated by ", ". `<` and `>` are left alone: the text is shown as plain text, never as
/// markup, so escaping them would only confuse admins.
pub(crate) fn format_name(name: &AnyRef<'_>) -> String {
    let v = name.value();
    let whole = Tlv {
        tag: 0x30,
        start: 0,
        content_start: 0,
        content_end: v.len(),
        end: v.len(),
    };
    let Ok(rdns) = asn1::children_max(v, &whole, 10_000) else {
        return format!("#{}", hex_upper(v, ""));
    };
    let mut parts = Vec::with_capacity(rdns.len());
    for rdn in &rdns {
        let atvs = asn1::children(v, rdn).unwrap_or_default();
        let mut items = Vec::with_capacity(atvs.len());
        for atv in &atvs {
            let kids = asn1::children(v, atv).unwrap_or_default();
            let (Some(o), Some(val)) = (kids.first(), kids.get(1)) else {
                continue;
            };
            let key = ObjectIdentifier::from_bytes(o.content(v))
                .map(|id| name_or_dotted(&id))
                .unwrap_or_else(|_| "?".to_owned());
            let text = match decode_string(val.tag, val.content(v)) {
                Some(s) => escape(&s),
                None => format!("#{}", hex_upper(val.whole(v), "")),
            };
            items.push(format!("{key}={text}"));
        }
        parts.push(items.join("+"));
    }
    parts.join(", ")
}

fn decode_string(tag: u8, c: &[u8]) -> Option<String> {
    match tag {
        0x0c | 0x13 | 0x16 | 0x1a | 0x12 => Some(String::from_utf8_lossy(c).into_owned()),
        // T.61: treat as Latin-1, which is what certificates put there in practice.
        0x14 => Some(c.iter().map(|&b| char::from(b)).collect()),
        0x1e => {
            let units = c.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]]));
            Some(
                char::decode_utf16(units)
                    .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect(),
            )
        }
        0x1c => Some(
            c.chunks_exact(4)
                .map(|p| {
                    char::from_u32(u32::from_be_bytes([p[0], p[1], p[2], p[3]]))
                        .unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect(),
        ),
        _ => None,
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let n = s.chars().count();
    for (i, c) in s.chars().enumerate() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i + 1 == n => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:02X}", u32::from(c) & 0xff)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Tag;

    fn time(tag: Tag, s: &str) -> Result<Timestamp, String> {
        parse_time(&AnyRef::new(tag, s.as_bytes()).unwrap())
    }

    #[test]
    fn times_before_1970_and_after_2050() {
        assert_eq!(
            time(Tag::UtcTime, "500101000000Z").unwrap().date_string(),
            "1950-01-01"
        );
        assert_eq!(
            time(Tag::UtcTime, "491231235959Z").unwrap().date_string(),
            "2049-12-31"
        );
        assert_eq!(
            time(Tag::GeneralizedTime, "99991231235959Z")
                .unwrap()
                .date_string(),
            "9999-12-31"
        );
        assert_eq!(
            time(Tag::GeneralizedTime, "19000101000000.5Z")
                .unwrap()
                .date_string(),
            "1900-01-01"
        );
        assert_eq!(
            time(Tag::UtcTime, "2501170930Z").unwrap().rfc3339(),
            "2025-01-17T09:30:00Z"
        );
        assert!(time(Tag::UtcTime, "250230000000Z").is_err());
        assert!(time(Tag::UtcTime, "2501010000+0100").is_err());
        assert!(time(Tag::UtcTime, "").is_err());
    }

    #[test]
    fn rsa_key_checks_say_which_part_is_wrong() {
        let key = |n: &[u8], e: &[u8]| {
            let mut body = vec![0x02, n.len() as u8];
            body.extend_from_slice(n);
            body.extend([0x02, e.len() as u8]);
            body.extend_from_slice(e);
            let mut k = vec![0x30, body.len() as u8];
            k.extend(body);
            let mut f = vec![];
            let info = rsa_findings(&k, &mut f);
            (info, f)
        };
        let mut odd = vec![0x00, 0xC1];
        odd.extend([0x11; 62]);
        odd.push(0x01);
        let (info, f) = key(&odd, &[2]);
        assert_eq!(info.to_string(), "RSA 512 bits, exponent 2");
        assert!(f[0].message.contains("exponent is 2"));
        let (_, f) = key(&odd, &[4, 0]);
        assert!(f[0].message.contains("even"), "{f:?}");
        let (_, f) = key(&[0x00, 0x10], &[1, 0, 1]);
        assert!(f[0].message.contains("even"));
        let (_, f) = key(&[0x00], &[1, 0, 1]);
        assert!(f[0].message.contains("zero"));
        let (_, f) = key(&odd, &[0x7f; 20]);
        assert!(f.iter().any(|x| x.message.contains("absurdly")));
        let (_, f) = key(&odd, &[3]);
        assert_eq!(
            f.iter().map(|x| x.code).collect::<Vec<_>>(),
            ["rsa-exponent-unusual", "rsa-key-too-short"]
        );
        let mut f = vec![];
        rsa_findings(b"junk", &mut f);
        assert_eq!(f[0].code, "rsa-key-malformed");
    }

    #[test]
    fn names_keep_markup_and_decode_bmp() {
        // SEQUENCE { SET { SEQUENCE { OID CN, BMPString "<a>" } } }
        let der = [
            0x30, 0x11, 0x31, 0x0f, 0x30, 0x0d, 0x06, 0x03, 0x55, 0x04, 0x03, 0x1e, 0x06, 0, b'<',
            0, b'a', 0, b'>',
        ];
        let any = AnyRef::from_der(&der).unwrap();
        assert_eq!(format_name(&any), "CN=<a>");
    }
}
