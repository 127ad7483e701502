//! Stage 5, for the file as a whole: a private key inside, several certificates, blocks set
//! aside, trailing bytes, a bundle. Each a whole sentence with a stable code, naming the input
//! as the admin gave it: "the file", or "the pasted text".

use super::error::{InputError, Source, NEVER_SHARE};
use super::findings::finding;
use super::{Finding, Severity};
use crate::domain::text::{count, count_or_no};

/// A private key sits beside the certificates: an error on the file and on each certificate.
pub(crate) fn private_key_in_file(source: Source, kind: &str) -> Finding {
    let (the, this) = match source {
        Source::File => ("The file", "this file"),
        Source::Pasted => ("The pasted text", "this text"),
    };
    finding(
        "private-key-in-file",
        Severity::Error,
        format!(
            "{the} also contains a private key ({kind}). It was not read, shown or kept, and a \
             token cannot be made from {this}. {NEVER_SHARE}"
        ),
    )
}

/// Several certificates: a warning, not an error, because each is still reported and one of
/// them may be right, but an MDM server entry takes exactly one.
pub(crate) fn several_certificates(source: Source, n: usize) -> Finding {
    finding(
        "several-certificates",
        Severity::Warning,
        format!(
            "{} contains {}, but an MDM server entry takes exactly one. Choose the \
             server's own certificate (usually the first; not its issuers) and save it alone, \
             or ask the vendor for it.",
            source.the_capital(),
            count_or_no(n, "certificate", "certificates")
        ),
    )
}

/// Blocks that were set aside, named in plain words.
pub(crate) fn other_blocks_ignored(source: Source, set_aside: &[InputError]) -> Finding {
    let the = source.the_capital();
    let mut names: Vec<String> = Vec::new();
    for e in set_aside {
        let name = e.what_it_is();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let message = if set_aside.len() == 1 {
        format!(
            "{the} also contains {}, which is not a certificate; it was ignored.",
            list_and(&names)
        )
    } else if names.len() < set_aside.len() {
        // Some kind more than once: count the blocks, and name the kinds.
        format!(
            "{the} also contains {} that are not certificates ({}); they were ignored.",
            count(set_aside.len(), "block", "blocks"),
            list_and(&names)
        )
    } else {
        format!(
            "{the} also contains {}, which are not certificates; they were ignored.",
            list_and(&names)
        )
    };
    finding("other-blocks-ignored", Severity::Info, message)
}

/// One certificate of several could not be read.
pub(crate) fn unreadable_certificate(source: Source, e: &InputError) -> Finding {
    finding(
        "unreadable-certificate",
        Severity::Warning,
        format!(
            "One certificate in {} could not be read and was skipped. {e}",
            source.the()
        ),
    )
}

/// The certificates came out of a PKCS#7 bundle.
pub(crate) fn pkcs7_bundle(source: Source) -> Finding {
    finding(
        "pkcs7-bundle",
        Severity::Info,
        format!(
            "{} is a PKCS#7 bundle (.p7b); the certificates were read from inside it.",
            source.the_capital()
        ),
    )
}

/// A bundle held more certificates than are read.
pub(crate) fn bundle_capped(read: usize) -> Finding {
    finding(
        "bundle-capped",
        Severity::Warning,
        format!(
            "The bundle holds more than {}; only the first {read} {} read.",
            count(read, "certificate", "certificates"),
            if read == 1 { "was" } else { "were" }
        ),
    )
}

/// OpenSSL's `TRUSTED CERTIFICATE` trust settings follow the certificate.
pub(crate) fn trust_settings_ignored() -> Finding {
    finding(
        "trust-settings-ignored",
        Severity::Info,
        "The certificate carries OpenSSL trust settings (\"TRUSTED CERTIFICATE\"); they were \
         ignored, only the certificate is used."
            .into(),
    )
}

/// Bytes after the last certificate of a whole DER input (found where the input's source is
/// not known, so the sentence does not name it).
pub(crate) fn trailing_data(bytes: usize) -> Finding {
    finding(
        "trailing-data",
        Severity::Warning,
        if bytes == 1 {
            "1 byte after the certificate is not a certificate; it was ignored.".to_owned()
        } else {
            format!("{bytes} bytes after the certificate are not a certificate; they were ignored.")
        },
    )
}

/// Bytes after the certificate inside one PEM block.
pub(crate) fn extra_bytes_in_block(bytes: usize) -> Finding {
    finding(
        "trailing-data",
        Severity::Warning,
        if bytes == 1 {
            "A certificate block has 1 extra byte after the certificate; it was ignored.".to_owned()
        } else {
            format!(
                "A certificate block has {bytes} extra bytes after the certificate; they were \
                 ignored."
            )
        },
    )
}

/// "a", "a and b", "a, b and c".
fn list_and(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
