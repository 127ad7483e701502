//! A token report (what the vendor kit's "Open token" found) in the protocol's format.

use super::wire::{Reader, Writer};
use super::ProtocolError;
use crate::domain::certificate::{Finding, Severity};
use crate::domain::time::Timestamp;
use crate::domain::token::open::{
    finding_code, CertificateFacts, Recipient, TokenContents, TokenForm, TokenReport,
};

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

pub(super) fn write_report(w: &mut Writer, report: &TokenReport) {
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

pub(super) fn read_report(r: &mut Reader<'_>) -> Result<TokenReport, ProtocolError> {
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
