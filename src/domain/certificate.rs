//! Certificate check: reads whatever an admin was sent and says whether it can be an MDM
//! server's public key certificate.
//!
//! Admins get these files from MDM vendors by e-mail, portals and chat, in every encoding
//! OpenSSL and Keychain produce, and sometimes the wrong file entirely (a CSR, a private key, a
//! screenshot, last year's token). So reading is at least as forgiving as OpenSSL, and every
//! refusal names the exact problem and what to do about it: [`InputError`] has one variant per
//! kind of wrong input and never a generic "invalid file".
//!
//! The check is a pipeline; each stage is one module, called once, in this order:
//!
//! 1. `sniff`: what kind of input (empty, too large, an image, archive or PDF, DER or text);
//! 2. `framing`: undo the framing (PEM blocks, bare base64) into pieces of DER;
//! 3. `shape`: classify each piece's ASN.1 shape and locate its certificates;
//! 4. `x509`: read each certificate's fields (its RSA key through [`crate::domain::rsa_key`]);
//! 5. `findings`: judge each certificate and the file, giving findings and a verdict.
//!
//! [`check_file`] below only passes each stage's output to the next and decides what a failure
//! at each place means. Everything here is pure: "now" is a parameter, nothing is random,
//! nothing panics on any input, and a private key found in a file is never decoded into output
//! or kept.

pub(crate) mod asn1;
pub(crate) mod dn;
mod error;
pub(crate) mod file_findings;
mod findings;
mod framing;
pub(crate) mod pem;
mod report;
mod shape;
mod sniff;
mod validity;
mod x509;

pub use error::{size_text, InputError, Source};
pub use report::{
    CertificateReport, CheckedFile, Encoding, Finding, PublicKeyInfo, Severity, Verdict,
    MAX_FILE_BYTES,
};
pub(crate) use x509::token_view;

use crate::domain::time::Timestamp;
use framing::{Origin, Piece};
use shape::Place;

/// Reads `bytes` (a whole file) and reports every certificate in it, or says precisely what the
/// file is instead. `now` is used for the expiry findings.
pub fn check_file(bytes: &[u8], now: Timestamp) -> Result<CheckedFile, InputError> {
    check(bytes, Source::File, now)
}

/// Reads `bytes` (a file, or pasted text as UTF-8, as `source` says) and reports every
/// certificate in it, or says precisely what the input is instead; the findings about the
/// input as a whole name it as the admin gave it ("the pasted text"). For pasted text, show a
/// refusal with [`InputError::describe`] and [`Source::Pasted`].
pub fn check(bytes: &[u8], source: Source, now: Timestamp) -> Result<CheckedFile, InputError> {
    let sniffed = sniff::sniff(bytes)?;
    let framed = framing::unframe(sniffed)?;
    let mut file = FileInProgress::new(framed.encoding, source, now);
    for piece in &framed.pieces {
        match piece {
            Ok(piece) => file.add(piece)?,
            Err(damaged) => file.problem(damaged.clone()),
        }
    }
    file.finish(framed.private_key.as_deref(), framed.set_aside)
}

/// The file being assembled from the pieces, in file order.
struct FileInProgress {
    file: CheckedFile,
    /// How the admin gave the input, for the findings that name it.
    source: Source,
    now: Timestamp,
    /// The first problem with a certificate block (reported if no certificate is found, else a
    /// warning).
    first_problem: Option<InputError>,
    /// Bundle blocks that turned out to be something else.
    set_aside: Vec<InputError>,
    trust_noted: bool,
}

impl FileInProgress {
    fn new(encoding: Encoding, source: Source, now: Timestamp) -> Self {
        FileInProgress {
            file: CheckedFile {
                certificates: Vec::new(),
                findings: Vec::new(),
                encoding,
            },
            source,
            now,
            first_problem: None,
            set_aside: Vec::new(),
            trust_noted: false,
        }
    }

    fn problem(&mut self, e: InputError) {
        self.first_problem.get_or_insert(e);
    }

    /// Stages 3 to 5 for one piece. Only a whole input's failure is the answer for the file
    /// (`Err`); in a PEM file one bad block does not hide the good ones.
    fn add(&mut self, piece: &Piece<'_>) -> Result<(), InputError> {
        let shaped = match shape::locate(&piece.der, piece.origin) {
            Ok(shaped) => shaped,
            Err(e) => {
                match piece.origin {
                    Origin::Whole => return Err(e),
                    Origin::CertificateBlock { .. } => self.problem(e),
                    Origin::BundleBlock => self.set_aside.push(e),
                }
                return Ok(());
            }
        };
        let before = self.file.certificates.len();
        let mut problems = Vec::new();
        let mut cut_short = false;
        for located in &shaped.certificates {
            match x509::read(located.der) {
                Ok(fields) => self
                    .file
                    .certificates
                    .push(findings::judge(fields, self.now)),
                Err(failure) => {
                    let e = not_x509(failure);
                    match located.place {
                        Place::First => return Err(e),
                        Place::InBlock => self.problem(e),
                        Place::InBundle => {
                            problems.push(file_findings::unreadable_certificate(self.source, &e))
                        }
                        Place::Concatenated { bytes_left, .. } => {
                            // Everything from here on is reported as one run of trailing bytes.
                            problems.push(file_findings::trailing_data(bytes_left));
                            cut_short = true;
                            break;
                        }
                    }
                }
            }
        }
        let read = self.file.certificates.len() - before;
        if shaped.bundle && read == 0 {
            if piece.origin == Origin::Whole {
                return Err(InputError::Pkcs7Bundle);
            }
            self.set_aside.push(InputError::Pkcs7Bundle);
            return Ok(());
        }
        if read == 0 {
            // A block whose one certificate could not be read: its notes (trailing bytes)
            // would only distract from the problem already recorded.
            return Ok(());
        }
        self.file.findings.extend(problems);
        for note in shaped.notes {
            if cut_short && note.code == "trailing-data" {
                continue;
            }
            if note.code == "trust-settings-ignored" {
                if self.trust_noted {
                    continue;
                }
                self.trust_noted = true;
            }
            self.file.findings.push(note);
        }
        if shaped.bundle {
            self.file
                .findings
                .push(file_findings::pkcs7_bundle(self.source));
        }
        Ok(())
    }

    /// The file-level findings, or the answer when no certificate was found.
    fn finish(
        mut self,
        private_key: Option<&str>,
        mut set_aside: Vec<InputError>,
    ) -> Result<CheckedFile, InputError> {
        set_aside.append(&mut self.set_aside);
        let mut file = self.file;
        if file.certificates.is_empty() {
            if let Some(kind) = private_key {
                return Err(InputError::PrivateKey { kind: kind.into() });
            }
            return Err(self
                .first_problem
                .or_else(|| set_aside.into_iter().next())
                .unwrap_or(InputError::NotCertificateText {
                    looks_like: "PEM text without blocks".into(),
                }));
        }
        if let Some(e) = &self.first_problem {
            file.findings
                .push(file_findings::unreadable_certificate(self.source, e));
        }
        if !set_aside.is_empty() {
            file.findings
                .push(file_findings::other_blocks_ignored(self.source, &set_aside));
        }
        if let Some(kind) = private_key {
            let key = file_findings::private_key_in_file(self.source, kind);
            for c in &mut file.certificates {
                c.findings.insert(0, key.clone());
            }
            file.findings.insert(0, key);
        }
        if file.certificates.len() > 1 {
            let n = file.certificates.len();
            file.findings
                .push(file_findings::several_certificates(self.source, n));
        }
        Ok(file)
    }
}

fn not_x509(e: x509::X509Failure) -> InputError {
    InputError::NotX509 {
        part: e.part,
        offset: e.offset,
        detail: e.detail,
    }
}
