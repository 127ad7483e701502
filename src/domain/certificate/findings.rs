//! Stage 5 of the check: judge what stage 4 read. Each certificate gets its findings (errors
//! block a token, warnings are the admin's call, information explains) and so its verdict;
//! `file_findings` has the findings the file gets about itself.
//!
//! Every finding's message is one or two whole sentences; its code is stable (the UI and tests
//! key on it) and never reworded.

use sha1::{Digest, Sha1};
use sha2::Sha256;

use super::x509::{Fields, KeyFields};
use super::{CertificateReport, Finding, PublicKeyInfo, Severity};
use crate::domain::hex;
use crate::domain::rsa_key::{RsaKeyRefusal, RsaPublicKey};
use crate::domain::text::count;
use crate::domain::time::Timestamp;

/// Signatures that are broken.
const MD5_SIGNATURES: &[&str] = &["md5WithRSAEncryption", "md2WithRSAEncryption"];
/// Signatures no longer considered safe.
const SHA1_SIGNATURES: &[&str] = &["sha1WithRSAEncryption", "ecdsa-with-SHA1", "dsa-with-SHA1"];

/// Certificates expiring within this many days get a warning.
const EXPIRES_SOON_DAYS: i64 = 30;

/// Keys above this size get a warning: some MDM servers and tools cannot handle them.
const LARGE_RSA_BITS: usize = 4096;

/// The usual RSA exponent; anything else gets a note.
const USUAL_EXPONENT: u64 = 65_537;

pub(super) fn finding(code: &'static str, severity: Severity, message: String) -> Finding {
    Finding {
        code,
        severity,
        message,
    }
}

/// Stage 5: the report of one certificate at `now`.
pub(crate) fn judge(fields: Fields<'_>, now: Timestamp) -> CertificateReport {
    let mut findings: Vec<Finding> = Vec::new();
    for (i, name) in fields.unreadable_extensions.iter().enumerate() {
        // A certificate with the same extension twice says so once.
        if fields.unreadable_extensions[..i].contains(name) {
            continue;
        }
        findings.push(finding(
            "extension-unreadable",
            Severity::Warning,
            format!("The {name} extension could not be read; it was ignored."),
        ));
    }
    let public_key = key_findings(&fields.key, &mut findings);
    signature_findings(&fields.signature_algorithm, &mut findings);
    key_usage_findings(fields.key_usage.as_deref(), &mut findings);
    let days_left = now.days_until(fields.not_after);
    date_findings(&fields, now, days_left, &mut findings);
    let self_signed = fields.same_name
        && match (fields.authority_key_id, fields.subject_key_id) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        };
    issuer_findings(&fields, self_signed, &mut findings);
    CertificateReport {
        der: fields.der.to_vec(),
        subject: fields.subject,
        issuer: fields.issuer,
        serial_hex: hex::upper_colons(fields.serial),
        version: fields.version,
        not_before: fields.not_before,
        not_after: fields.not_after,
        days_left,
        self_signed,
        public_key,
        signature_algorithm: fields.signature_algorithm,
        key_usage: fields.key_usage,
        extended_key_usage: fields.extended_key_usage,
        sha1_hex: hex::upper_colons(&Sha1::digest(fields.der)),
        sha256_hex: hex::upper_colons(&Sha256::digest(fields.der)),
        findings,
    }
}

/// Apple encrypts server tokens with RSA key transport (PKCS#1 v1.5), so anything but an RSA
/// key that the one RSA key reader accepts is an error.
fn key_findings(key: &KeyFields, findings: &mut Vec<Finding>) -> PublicKeyInfo {
    let info = match key {
        KeyFields::Rsa(Ok(rsa)) => return rsa_findings(rsa, findings),
        KeyFields::Rsa(Err(refusal)) => return rsa_refused(refusal, findings),
        KeyFields::Ec { curve } => PublicKeyInfo::Ec {
            curve: curve.clone(),
        },
        KeyFields::Ed25519 => PublicKeyInfo::Ed25519,
        KeyFields::Ed448 => PublicKeyInfo::Ed448,
        KeyFields::Other { algorithm } => PublicKeyInfo::Other {
            algorithm: algorithm.clone(),
        },
    };
    findings.push(finding(
        "key-not-rsa",
        Severity::Error,
        format!(
            "The certificate's key is {info}, but Apple encrypts server tokens only to RSA keys. \
             Ask the MDM vendor for the server's RSA certificate."
        ),
    ));
    info
}

fn rsa_findings(key: &RsaPublicKey, findings: &mut Vec<Finding>) -> PublicKeyInfo {
    let facts = key.facts();
    let bits = facts.bits;
    if key.exponent() != USUAL_EXPONENT {
        findings.push(finding(
            "rsa-exponent-unusual",
            Severity::Info,
            format!(
                "The RSA exponent is {}, not the usual {USUAL_EXPONENT}. It works with Apple's \
                 encryption.",
                facts.exponent
            ),
        ));
    }
    if bits > LARGE_RSA_BITS {
        findings.push(finding(
            "rsa-key-very-large",
            Severity::Warning,
            format!(
                "The RSA key has {bits} bits. That is secure, but some MDM servers and tools \
                 cannot handle keys over {LARGE_RSA_BITS} bits; check the token works after \
                 uploading it."
            ),
        ));
    } else {
        findings.push(finding(
            "rsa-key-size",
            Severity::Info,
            format!(
                "RSA key of {bits} bits, exponent {}: suitable for server tokens.",
                facts.exponent
            ),
        ));
    }
    PublicKeyInfo::Rsa {
        bits,
        exponent: facts.exponent,
    }
}

fn rsa_refused(refusal: &RsaKeyRefusal, findings: &mut Vec<Finding>) -> PublicKeyInfo {
    findings.push(finding(
        refusal.error.code(),
        Severity::Error,
        refusal.error.to_string(),
    ));
    match &refusal.facts {
        Some(facts) => PublicKeyInfo::Rsa {
            bits: facts.bits,
            exponent: facts.exponent.clone(),
        },
        None => PublicKeyInfo::Rsa {
            bits: 0,
            exponent: "unreadable".into(),
        },
    }
}

fn signature_findings(algorithm: &str, findings: &mut Vec<Finding>) {
    if MD5_SIGNATURES.contains(&algorithm) {
        findings.push(finding(
            "weak-signature-md5",
            Severity::Warning,
            format!(
                "The certificate is signed with {algorithm}, which is broken. Apple does not \
                 check this signature, so a token can still be made, but ask the vendor for a \
                 certificate signed with SHA-256."
            ),
        ));
    } else if SHA1_SIGNATURES.contains(&algorithm) {
        findings.push(finding(
            "weak-signature-sha1",
            Severity::Warning,
            format!(
                "The certificate is signed with {algorithm}, which is no longer considered \
                 safe. Apple does not check this signature, so a token can still be made, but \
                 a SHA-256 certificate is better."
            ),
        ));
    }
}

fn key_usage_findings(key_usage: Option<&[String]>, findings: &mut Vec<Finding>) {
    let Some(usages) = key_usage else {
        return;
    };
    if usages.iter().any(|u| u == "keyEncipherment") {
        return;
    }
    let allowed = if usages.is_empty() {
        "nothing".to_string()
    } else {
        usages.join(", ")
    };
    findings.push(finding(
        "key-usage-without-key-encipherment",
        Severity::Warning,
        format!(
            "The key usage extension allows only {allowed} and not keyEncipherment, but a \
             server token is encrypted to this key. Apple does not check this, and most MDM \
             servers decrypt anyway; if yours refuses the token, ask the vendor for a \
             certificate that allows keyEncipherment."
        ),
    ));
}

fn date_findings(fields: &Fields<'_>, now: Timestamp, days_left: i64, out: &mut Vec<Finding>) {
    let (not_before, not_after) = (fields.not_before, fields.not_after);
    if now < not_before {
        out.push(finding(
            "not-yet-valid",
            Severity::Warning,
            format!(
                "The certificate is not valid until {}. Apple does not check certificate dates, \
                 so this does not block a token.",
                not_before.date_string()
            ),
        ));
    } else if now > not_after {
        out.push(finding(
            "expired",
            Severity::Warning,
            format!(
                "The certificate expired on {}. Apple does not check certificate dates (some MDM \
                 servers even use certificates valid for one day), so this does not block a \
                 token; check with the vendor that this is the current certificate.",
                not_after.date_string()
            ),
        ));
    } else if days_left < EXPIRES_SOON_DAYS {
        out.push(finding(
            "expires-soon",
            Severity::Warning,
            format!(
                "The certificate expires on {} ({} from now). Apple does not check this, but \
                 the vendor may replace it soon and you would then need a new token.",
                not_after.date_string(),
                count(days_left, "day", "days")
            ),
        ));
    }
    out.push(finding(
        "validity-period",
        Severity::Info,
        format!(
            "Valid from {} to {} ({}).",
            not_before.date_string(),
            not_after.date_string(),
            count(not_before.days_until(not_after), "day", "days")
        ),
    ));
}

fn issuer_findings(fields: &Fields<'_>, self_signed: bool, out: &mut Vec<Finding>) {
    if self_signed {
        out.push(finding(
            "self-signed",
            Severity::Info,
            "The certificate is self-signed. That is normal for MDM server certificates: Apple \
             only uses its public key."
                .to_owned(),
        ));
    } else {
        out.push(finding(
            "issued-by-ca",
            Severity::Info,
            if fields.issuer.is_empty() {
                "The certificate was issued by a certificate authority with an empty name."
                    .to_owned()
            } else {
                format!("The certificate was issued by “{}”.", fields.issuer)
            },
        ));
    }
    // Self-signed certificates made with `openssl req -x509` are marked CA by default; only a
    // CA certificate issued by someone else suggests the admin picked the wrong one.
    if fields.ca == Some(true) && !self_signed {
        out.push(finding(
            "basic-constraints-ca",
            Severity::Info,
            "This is a certificate authority (CA) certificate issued by another CA. MDM servers \
             usually have their own end-entity certificate; check that this is the server's \
             certificate and not one of its issuers."
                .to_owned(),
        ));
    }
    if fields.version == 1 {
        out.push(finding(
            "version-1",
            Severity::Info,
            "This is an old-style version 1 certificate without extensions. It can still be \
             used."
                .to_owned(),
        ));
    }
}
