//! The messages between the page and the vendor kit's web worker (`src/bin/worker.rs`).
//!
//! The page and the worker are two wasm programs built from this crate, so they share this one
//! definition. A message is one byte buffer, moved across with `postMessage`'s transfer list (no
//! copy is left behind in the sender) and filled with zeros by the receiver once read: requests
//! carry a private key and replies the token's secrets, which must never become JavaScript
//! strings (those cannot be wiped) unless a person reveals or copies one. Hence bytes rather than
//! structured-clone objects or JSON text, and a small length-prefixed format rather than serde:
//! what the page decodes stays a few hundred bytes of wasm (the first-load budget), and every
//! buffer here is wiped when dropped.
//!
//! Format: a kind byte, then fields in order; `u32`/`i64` big-endian; byte strings and text as a
//! `u32` length and the bytes; an optional field as a 0/1 byte and the field. Decoding checks
//! every length against what is left, so a damaged message is an error, never a panic.
//! That format's writer and reader are in `wire`; a token report's fields in `report`.

use zeroize::Zeroizing;

use crate::domain::ids::UserId;
use crate::domain::time::Timestamp;
use crate::domain::token::open::TokenReport;
use crate::domain::token::{IssuedToken, TokenRecord};

mod report;
mod wire;

use report::{read_report, write_report};
use wire::{Reader, Writer};

/// What the page asks the worker to do.
pub enum Request {
    /// Make a server token encrypted to `certificate_der` (the app's Download Token: the RSA
    /// and AES work is here, so the app's first load carries no big-number code).
    Issue {
        /// The server's certificate, DER in standard base64 as stored (decoded and checked
        /// again by the worker, so the app's first load carries no base64 decoder of its own).
        certificate_base64: String,
        /// The server's name, for the file name.
        server_name: String,
        /// Who downloads it.
        downloaded_by: u64,
        /// The page's clock.
        now: Timestamp,
    },
    /// Make a test certificate (checked again by the worker).
    Make {
        /// Key size in bits.
        bits: u32,
        /// The common name.
        common_name: String,
        /// Days of validity.
        validity_days: u32,
        /// The page's clock.
        now: Timestamp,
    },
    /// Check a backup file completely and compare it with the current organization (the
    /// import preview): the checks, the upgrades of older versions and the comparison are here,
    /// not in the app's first load.
    PlanImport {
        /// The backup file's text.
        backup: String,
        /// The current organization, as a [`crate::domain::persistence::snapshot`].
        current: Vec<String>,
        /// The page's clock (certificates are checked again).
        now: Timestamp,
    },
    /// Upgrade a document of an older schema (an earlier release's stored data) to the current
    /// one.
    Upgrade {
        /// The stored text.
        document: String,
    },
    /// Write the backup file of an organization (a whole document: its encoding is here, not
    /// in the app's first load).
    Export {
        /// The organization, as a [`crate::domain::persistence::snapshot`].
        organization: Vec<String>,
    },
    /// Open a token.
    Open {
        /// The token file's bytes.
        token: Vec<u8>,
        /// The private key file's bytes, if one was chosen.
        key: Option<Zeroizing<Vec<u8>>>,
        /// Its password, if one was typed.
        password: Option<Zeroizing<String>>,
        /// The page's clock.
        now: Timestamp,
    },
}

/// What the worker answers.
pub enum Reply {
    /// The worker has started and listens (requests sent before are kept until then).
    Ready,
    /// Making a certificate reached step `n` of
    /// [`crate::domain::vendor::Progress::STEPS`].
    Progress(u8),
    /// The certificate and key are made.
    Made {
        /// The certificate, DER.
        certificate_der: Vec<u8>,
        /// The certificate, PEM.
        certificate_pem: String,
        /// The private key, PKCS#8 PEM.
        private_key_pem: Zeroizing<String>,
    },
    /// No certificate was made, and why (the core's sentence).
    MakeFailed(String),
    /// What opening the token found.
    Opened(Box<TokenReport>),
    /// The token is made: the file to download and the record to keep.
    Issued(Box<IssuedToken>),
    /// No token was made, and why (the core's sentence).
    IssueFailed(String),
    /// The backup is good: what importing it would make current, and the summary of changes.
    Planned {
        /// The organization, as a [`crate::domain::persistence::snapshot`].
        organization: Vec<String>,
        /// One line per kind of change.
        summary: Vec<String>,
    },
    /// The backup was refused, and why (where in the file).
    PlanRefused(String),
    /// The document, upgraded, as a [`crate::domain::persistence::snapshot`].
    Upgraded(Vec<String>),
    /// The document could not be upgraded, and why.
    UpgradeFailed(String),
    /// The backup file's text ([`Request::Export`]).
    Exported(String),
    /// No backup was written, and why.
    ExportFailed(String),
}

/// The replies the app itself reads ([`decode_app_reply`]); a refusal of any request is
/// [`AppReply::Refused`] with the core's sentence.
pub enum AppReply {
    /// A token ([`Request::Issue`]).
    Issued(Box<IssuedToken>),
    /// A checked backup ([`Request::PlanImport`]).
    Planned {
        /// The organization importing would make current, as a snapshot.
        organization: Vec<String>,
        /// One line per kind of change, for the preview.
        summary: Vec<String>,
    },
    /// An upgraded document ([`Request::Upgrade`]), as a snapshot.
    Upgraded(Vec<String>),
    /// A backup file's text ([`Request::Export`]).
    Exported(String),
    /// Nothing was done, and why.
    Refused(String),
}

/// The encoding of [`Reply::Ready`], which the page's worker edge waits for before it sends.
pub const READY: &[u8] = &[1];

/// A message that could not be read: the page and worker disagree (a stale cached worker).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProtocolError;

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "The page and its background worker could not understand each other; reload the \
             page and try again.",
        )
    }
}

impl std::error::Error for ProtocolError {}

impl Request {
    /// The message bytes (wiped when dropped).
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut w = Writer::default();
        match self {
            Request::Make {
                bits,
                common_name,
                validity_days,
                now,
            } => {
                w.u8(1);
                w.u32(*bits);
                w.str(common_name);
                w.u32(*validity_days);
                w.i64(now.0);
            }
            Request::Issue {
                certificate_base64,
                server_name,
                downloaded_by,
                now,
            } => {
                w.u8(3);
                w.str(certificate_base64);
                w.str(server_name);
                w.i64(*downloaded_by as i64);
                w.i64(now.0);
            }
            Request::PlanImport {
                backup,
                current,
                now,
            } => {
                w.u8(4);
                w.str(backup);
                w.lines(current);
                w.i64(now.0);
            }
            Request::Export { organization } => {
                w.u8(6);
                w.lines(organization);
            }
            Request::Upgrade { document } => {
                w.u8(5);
                w.str(document);
            }
            Request::Open {
                token,
                key,
                password,
                now,
            } => {
                w.u8(2);
                w.bytes(token);
                w.opt(key.as_deref().map(Vec::as_slice));
                w.opt(password.as_deref().map(String::as_bytes));
                w.i64(now.0);
            }
        }
        w.finish()
    }

    /// Reads a message made by [`Request::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, ProtocolError> {
        let mut r = Reader::new(bytes);
        let request = match r.u8()? {
            1 => Request::Make {
                bits: r.u32()?,
                common_name: r.string()?,
                validity_days: r.u32()?,
                now: Timestamp(r.i64()?),
            },
            2 => Request::Open {
                token: r.bytes()?.to_vec(),
                key: r.opt()?.map(|k| Zeroizing::new(k.to_vec())),
                password: match r.opt()? {
                    Some(p) => Some(Zeroizing::new(
                        std::str::from_utf8(p)
                            .map_err(|_| ProtocolError)?
                            .to_owned(),
                    )),
                    None => None,
                },
                now: Timestamp(r.i64()?),
            },
            4 => Request::PlanImport {
                backup: r.string()?,
                current: read_lines(&mut r)?,
                now: Timestamp(r.i64()?),
            },
            6 => Request::Export {
                organization: read_lines(&mut r)?,
            },
            5 => Request::Upgrade {
                document: r.string()?,
            },
            3 => Request::Issue {
                certificate_base64: r.string()?,
                server_name: r.string()?,
                downloaded_by: r.i64()? as u64,
                now: Timestamp(r.i64()?),
            },
            _ => return Err(ProtocolError),
        };
        r.end()?;
        Ok(request)
    }
}

impl Reply {
    /// The message bytes (wiped when dropped).
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut w = Writer::default();
        match self {
            Reply::Ready => w.u8(1),
            Reply::Progress(step) => {
                w.u8(2);
                w.u8(*step);
            }
            Reply::Made {
                certificate_der,
                certificate_pem,
                private_key_pem,
            } => {
                w.u8(3);
                w.bytes(certificate_der);
                w.str(certificate_pem);
                w.str(private_key_pem);
            }
            Reply::MakeFailed(message) => {
                w.u8(4);
                w.str(message);
            }
            Reply::Opened(report) => {
                w.u8(5);
                write_report(&mut w, report);
            }
            Reply::Issued(issued) => {
                w.u8(6);
                w.str(&issued.file_name);
                w.bytes(&issued.file_bytes);
                let record = &issued.record;
                w.str(&record.id);
                w.i64(record.issued_at.0);
                w.i64(record.expires_at.0);
                w.i64(record.downloaded_by.0 as i64);
                w.str(&record.certificate_sha256);
                w.str(&record.consumer_key_sha256);
            }
            Reply::IssueFailed(message) => {
                w.u8(7);
                w.str(message);
            }
            Reply::Planned {
                organization,
                summary,
            } => {
                w.u8(8);
                w.lines(organization);
                w.lines(summary);
            }
            Reply::PlanRefused(message) => {
                w.u8(9);
                w.str(message);
            }
            Reply::Upgraded(document) => {
                w.u8(10);
                w.lines(document);
            }
            Reply::UpgradeFailed(message) => {
                w.u8(11);
                w.str(message);
            }
            Reply::Exported(text) => {
                w.u8(12);
                w.str(text);
            }
            Reply::ExportFailed(message) => {
                w.u8(13);
                w.str(message);
            }
        }
        w.finish()
    }

    /// Reads a message made by [`Reply::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, ProtocolError> {
        let mut r = Reader::new(bytes);
        let reply = match r.u8()? {
            1 => Reply::Ready,
            2 => Reply::Progress(r.u8()?),
            3 => Reply::Made {
                certificate_der: r.bytes()?.to_vec(),
                certificate_pem: r.string()?,
                private_key_pem: r.secret()?,
            },
            4 => Reply::MakeFailed(r.string()?),
            5 => Reply::Opened(Box::new(read_report(&mut r)?)),
            6 => Reply::Issued(Box::new(read_issued(&mut r)?)),
            7 => Reply::IssueFailed(r.string()?),
            8 => Reply::Planned {
                organization: read_lines(&mut r)?,
                summary: read_lines(&mut r)?,
            },
            9 => Reply::PlanRefused(r.string()?),
            10 => Reply::Upgraded(read_lines(&mut r)?),
            11 => Reply::UpgradeFailed(r.string()?),
            12 => Reply::Exported(r.string()?),
            13 => Reply::ExportFailed(r.string()?),
            _ => return Err(ProtocolError),
        };
        r.end()?;
        Ok(reply)
    }
}

/// Reads a reply to one of the app's own requests (a token, an import plan, an upgrade): its
/// own decoder, which knows no other reply, so the app's first load carries none of the vendor
/// kit's report reading.
pub fn decode_app_reply(bytes: &[u8]) -> Result<AppReply, ProtocolError> {
    let mut r = Reader::new(bytes);
    let reply = match r.u8()? {
        6 => AppReply::Issued(Box::new(read_issued(&mut r)?)),
        8 => AppReply::Planned {
            organization: read_lines(&mut r)?,
            summary: read_lines(&mut r)?,
        },
        10 => AppReply::Upgraded(read_lines(&mut r)?),
        12 => AppReply::Exported(r.string()?),
        7 | 9 | 11 | 13 => AppReply::Refused(r.string()?),
        _ => return Err(ProtocolError),
    };
    r.end()?;
    Ok(reply)
}

fn read_lines(r: &mut Reader<'_>) -> Result<Vec<String>, ProtocolError> {
    (0..r.count()?).map(|_| r.string()).collect()
}

fn read_issued(r: &mut Reader<'_>) -> Result<IssuedToken, ProtocolError> {
    Ok(IssuedToken {
        file_name: r.string()?,
        file_bytes: r.bytes()?.to_vec(),
        record: TokenRecord {
            id: r.string()?,
            issued_at: Timestamp(r.i64()?),
            expires_at: Timestamp(r.i64()?),
            downloaded_by: UserId(r.i64()? as u64),
            certificate_sha256: r.string()?,
            consumer_key_sha256: r.string()?,
            replaced_at: None,
        },
    })
}
