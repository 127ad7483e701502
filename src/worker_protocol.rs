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

use zeroize::Zeroizing;

use crate::domain::certificate::{Finding, Severity};
use crate::domain::ids::UserId;
use crate::domain::time::Timestamp;
use crate::domain::token::open::{
    finding_code, CertificateFacts, Recipient, TokenContents, TokenForm, TokenReport,
};
use crate::domain::token::{IssuedToken, TokenRecord};

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
        w.0
    }

    /// Reads a message made by [`Request::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, ProtocolError> {
        let mut r = Reader {
            data: bytes,
            pos: 0,
        };
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
        w.0
    }

    /// Reads a message made by [`Reply::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, ProtocolError> {
        let mut r = Reader {
            data: bytes,
            pos: 0,
        };
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
    let mut r = Reader {
        data: bytes,
        pos: 0,
    };
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

/// The token forms by number, in [`TokenForm`]'s order.
const FORMS: [TokenForm; 5] = [
    TokenForm::Smime {
        apple_headers: true,
    },
    TokenForm::Smime {
        apple_headers: false,
    },
    TokenForm::Base64,
    TokenForm::Binary,
    TokenForm::Pem,
];

/// The content ciphers a report can name.
const CIPHERS: [&str; 3] = ["AES-128-CBC", "AES-192-CBC", "AES-256-CBC"];

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

fn write_report(w: &mut Writer, report: &TokenReport) {
    w.index(report.form.and_then(|f| FORMS.iter().position(|x| *x == f)));
    w.u32(report.recipients.len() as u32);
    for recipient in &report.recipients {
        write_recipient(w, recipient);
    }
    w.index(
        report
            .content_cipher
            .and_then(|c| CIPHERS.iter().position(|x| *x == c)),
    );
    w.opt(report.key.as_deref().map(str::as_bytes));
    match &report.certificate {
        Some(c) => {
            w.u8(1);
            write_recipient(w, &c.id);
            w.u8(u8::from(c.is_recipient));
            w.u8(u8::from(c.matches_key));
        }
        None => w.u8(0),
    }
    match &report.contents {
        Some(c) => {
            w.u8(1);
            for field in [
                &c.consumer_key,
                &c.consumer_secret,
                &c.access_token,
                &c.access_secret,
            ] {
                w.str(field);
            }
            w.str(&c.expiry_text);
            w.i64(c.expiry.0);
            w.i64(c.days_left);
        }
        None => w.u8(0),
    }
    w.u32(report.findings.len() as u32);
    for f in &report.findings {
        w.str(f.code);
        w.index(SEVERITIES.iter().position(|s| *s == f.severity));
        w.str(&f.message);
    }
}

fn write_recipient(w: &mut Writer, recipient: &Recipient) {
    match recipient {
        Recipient::IssuerSerial { issuer, serial_hex } => {
            w.u8(0);
            w.str(issuer);
            w.str(serial_hex);
        }
        Recipient::KeyId { key_id_hex } => {
            w.u8(1);
            w.str(key_id_hex);
        }
    }
}

fn read_report(r: &mut Reader<'_>) -> Result<TokenReport, ProtocolError> {
    let form = r.index(&FORMS)?.copied();
    let recipients = (0..r.count()?)
        .map(|_| read_recipient(r))
        .collect::<Result<_, _>>()?;
    let content_cipher = r.index(&CIPHERS)?.copied();
    let key = r.opt_string()?;
    let certificate = match r.u8()? {
        0 => None,
        _ => Some(CertificateFacts {
            id: read_recipient(r)?,
            is_recipient: r.u8()? == 1,
            matches_key: r.u8()? == 1,
        }),
    };
    let contents = match r.u8()? {
        0 => None,
        _ => Some(TokenContents {
            consumer_key: r.secret()?,
            consumer_secret: r.secret()?,
            access_token: r.secret()?,
            access_secret: r.secret()?,
            expiry_text: r.string()?,
            expiry: Timestamp(r.i64()?),
            days_left: r.i64()?,
        }),
    };
    let findings = (0..r.count()?)
        .map(|_| {
            let code = finding_code(&r.string()?).unwrap_or("unknown");
            let severity = *r.index(&SEVERITIES)?.ok_or(ProtocolError)?;
            Ok(Finding {
                code,
                severity,
                message: r.string()?,
            })
        })
        .collect::<Result<_, ProtocolError>>()?;
    Ok(TokenReport {
        form,
        recipients,
        content_cipher,
        key,
        certificate,
        contents,
        findings,
    })
}

fn read_recipient(r: &mut Reader<'_>) -> Result<Recipient, ProtocolError> {
    Ok(match r.u8()? {
        0 => Recipient::IssuerSerial {
            issuer: r.string()?,
            serial_hex: r.string()?,
        },
        _ => Recipient::KeyId {
            key_id_hex: r.string()?,
        },
    })
}

/// Writes a message into a buffer wiped on drop.
#[derive(Default)]
struct Writer(Zeroizing<Vec<u8>>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.u32(u32::try_from(b.len()).unwrap_or(u32::MAX));
        self.0.extend_from_slice(b);
    }

    fn lines(&mut self, lines: &[String]) {
        self.u32(lines.len() as u32);
        for line in lines {
            self.str(line);
        }
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn opt(&mut self, b: Option<&[u8]>) {
        match b {
            Some(b) => {
                self.u8(1);
                self.bytes(b);
            }
            None => self.u8(0),
        }
    }

    /// An optional index into a fixed table: 0 for none, else index + 1.
    fn index(&mut self, i: Option<usize>) {
        self.u8(i.map_or(0, |i| i as u8 + 1));
    }
}

/// Reads a message; every read checks what is left.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ProtocolError> {
        let end = self.pos.checked_add(n).ok_or(ProtocolError)?;
        let slice = self.data.get(self.pos..end).ok_or(ProtocolError)?;
        self.pos = end;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, ProtocolError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, ProtocolError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i64(&mut self) -> Result<i64, ProtocolError> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(i64::from_be_bytes(a))
    }

    fn bytes(&mut self) -> Result<&'a [u8], ProtocolError> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    fn string(&mut self) -> Result<String, ProtocolError> {
        std::str::from_utf8(self.bytes()?)
            .map(str::to_owned)
            .map_err(|_| ProtocolError)
    }

    /// Text that is a secret: straight into a buffer wiped on drop.
    fn secret(&mut self) -> Result<Zeroizing<String>, ProtocolError> {
        let bytes = self.bytes()?;
        let text = std::str::from_utf8(bytes).map_err(|_| ProtocolError)?;
        let mut out = Zeroizing::new(String::with_capacity(text.len()));
        out.push_str(text);
        Ok(out)
    }

    fn opt(&mut self) -> Result<Option<&'a [u8]>, ProtocolError> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.bytes().map(Some),
            _ => Err(ProtocolError),
        }
    }

    fn opt_string(&mut self) -> Result<Option<String>, ProtocolError> {
        match self.opt()? {
            Some(b) => std::str::from_utf8(b)
                .map(|s| Some(s.to_owned()))
                .map_err(|_| ProtocolError),
            None => Ok(None),
        }
    }

    /// A list length, bounded by what is left (each element takes at least one byte).
    fn count(&mut self) -> Result<usize, ProtocolError> {
        let n = self.u32()? as usize;
        if n > self.data.len().saturating_sub(self.pos) {
            return Err(ProtocolError);
        }
        Ok(n)
    }

    fn index<T>(&mut self, table: &'a [T]) -> Result<Option<&'a T>, ProtocolError> {
        match self.u8()? {
            0 => Ok(None),
            i => table.get(usize::from(i) - 1).map(Some).ok_or(ProtocolError),
        }
    }

    fn end(self) -> Result<(), ProtocolError> {
        if self.pos == self.data.len() {
            Ok(())
        } else {
            Err(ProtocolError)
        }
    }
}
