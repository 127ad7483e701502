//! Certificate check (temporary stub on main; the real module lands from the `cert` branch).
#![allow(missing_docs)]
use crate::domain::time::Timestamp;
use std::fmt;

pub const MAX_FILE_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct CheckedFile {
    pub certificates: Vec<CertificateReport>,
    pub findings: Vec<Finding>,
}
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateReport {
    pub der: Vec<u8>,
    pub subject: String,
    pub issuer: String,
    pub serial_hex: String,
    pub version: u8,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
    pub days_left: i64,
    pub self_signed: bool,
    pub public_key: PublicKeyInfo,
    pub signature_algorithm: String,
    pub key_usage: Option<Vec<String>>,
    pub extended_key_usage: Option<Vec<String>>,
    pub sha1_hex: String,
    pub sha256_hex: String,
    pub findings: Vec<Finding>,
}
impl CertificateReport {
    pub fn verdict(&self) -> Verdict {
        if self.findings.iter().any(|f| f.severity == Severity::Error) {
            Verdict::NotUsable
        } else {
            Verdict::Usable
        }
    }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Usable,
    NotUsable,
}
impl Verdict {
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Usable => "Usable",
            Verdict::NotUsable => "Not usable",
        }
    }
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKeyInfo {
    Rsa { bits: usize, exponent: String },
    Ec { curve: String },
    Ed25519,
    Ed448,
    Other { algorithm: String },
}
impl fmt::Display for PublicKeyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    Info,
}
impl Severity {
    pub fn label(&self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Information",
        }
    }
}
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    Empty,
}
impl InputError {
    pub fn code(&self) -> &'static str {
        "empty"
    }
}
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("The file is empty.")
    }
}
pub fn check_file(_bytes: &[u8], _now: Timestamp) -> Result<CheckedFile, InputError> {
    Err(InputError::Empty)
}
