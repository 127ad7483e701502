//! One result of the certificate check: a file's certificates with their details, verdict and
//! findings, or the specific reason the file is not a certificate. All certificate text is
//! rendered as text (Yew escapes it), so a subject containing markup shows literally.

use yew::prelude::*;

use super::fingerprint::Fingerprint;
use crate::domain::certificate::{
    CertificateReport, CheckedFile, Finding, InputError, Source, Verdict,
};
use crate::domain::text::{count, with_reason};

/// What checking one input gave.
#[derive(Debug, PartialEq)]
pub enum CheckOutcome {
    /// The core read certificates from it.
    Checked(CheckedFile),
    /// The core refused it (or it was too large to read), with the core's specific message.
    Refused {
        /// Why.
        error: InputError,
        /// A file or pasted text, for the wording.
        source: Source,
    },
    /// The browser could not read it.
    Unreadable(String),
}

/// One input's result, in its own `<article>` headed by the file name (`name`: the file name or
/// "Pasted text N"; `id`: unique, for element ids and the list key). A plain function rather than
/// a component: it keeps no state, and each component type costs yew machinery in the wasm.
pub fn check_result(id: usize, name: &AttrValue, outcome: &CheckOutcome) -> Html {
    let title_id = format!("result-{id}-title");
    let body = match outcome {
        CheckOutcome::Checked(file) => checked_file(id, file),
        CheckOutcome::Refused { error, source } => refusal(&error.describe(*source), error.code()),
        CheckOutcome::Unreadable(message) => refusal(
            &with_reason("The file could not be read.", message),
            "unreadable",
        ),
    };
    let verdict_class = match outcome {
        CheckOutcome::Checked(file)
            if file
                .certificates
                .iter()
                .all(|c| c.verdict() == Verdict::Usable)
                && file.certificates.len() == 1 =>
        {
            "usable"
        }
        CheckOutcome::Checked(_) => "not-usable",
        _ => "refused",
    };
    html! {
        <article key={id} class={classes!("result", verdict_class)} aria-labelledby={title_id.clone()}>
            <h3 id={title_id} class="result-title">{ name.clone() }</h3>
            { body }
        </article>
    }
}

/// Why an input is not a certificate: the sentence, then its stable code in the quieter style
/// every finding's code has (the same markup, so the check, the Add form and pasted text agree).
pub fn refusal(sentence: &str, code: &'static str) -> Html {
    html! {
        <p class="refusal" data-code={code}>
            { sentence.to_string() }{ " " }<code class="finding-code">{ code }</code>
        </p>
    }
}

/// The file's own findings (several certificates among them: the finding says so, once), then
/// each certificate with the findings the file's list does not already show.
fn checked_file(id: usize, file: &CheckedFile) -> Html {
    let count = file.certificates.len();
    html! {
        <>
            { findings(file.findings.iter().collect()) }
            { for file.certificates.iter().enumerate().map(|(index, report)| {
                let heading = (count > 1).then(|| format!("Certificate {} of {count}", index + 1));
                certificate_details(index, &format!("{id}-{index}"), heading, report, file)
            }) }
        </>
    }
}

/// A certificate's verdict, details and findings (`key`: its index in the file; `id`: unique, for
/// element ids; `heading`: "Certificate 2 of 3" when the file holds several). A plain function:
/// no state of its own (the fingerprints' copy feedback lives in [`Fingerprint`]).
fn certificate_details(
    key: usize,
    id: &str,
    heading: Option<String>,
    report: &CertificateReport,
    file: &CheckedFile,
) -> Html {
    let verdict = report.verdict();
    let verdict_class = match verdict {
        Verdict::Usable => "verdict usable",
        Verdict::NotUsable => "verdict not-usable",
    };
    let validity = if report.days_left >= 0 {
        format!(
            "{} ({} left)",
            report.not_after.date_string(),
            count(report.days_left, "day", "days")
        )
    } else {
        format!(
            "{} (expired {} ago)",
            report.not_after.date_string(),
            count(-report.days_left, "day", "days")
        )
    };
    let list = |items: &Option<Vec<String>>| match items {
        None => "not present".to_string(),
        Some(items) if items.is_empty() => "present, empty".to_string(),
        Some(items) => items.join(", "),
    };
    html! {
        <section key={key} class="certificate" aria-label={heading.clone().unwrap_or_else(|| "Certificate".into())}>
            if let Some(heading) = &heading {
                <h4>{ heading.clone() }</h4>
            }
            <p class={verdict_class}>
                { crate::ui::widgets::raw("<span class=\"verdict-label\">For an MDM server: </span>") }
                <strong>{ verdict.label() }</strong>
            </p>
            { findings(file.shown_findings(report).collect()) }
            <dl class="details">
                { crate::ui::widgets::raw("<dt>Subject</dt>") }<dd>{ report.subject.clone() }</dd>
                { crate::ui::widgets::raw("<dt>Issuer</dt>") }<dd>{ report.issuer.clone() }</dd>
                { crate::ui::widgets::raw("<dt>Serial number</dt>") }<dd class="mono">{ report.serial_hex.clone() }</dd>
                { crate::ui::widgets::raw("<dt>Version</dt>") }<dd>{ report.version }</dd>
                { crate::ui::widgets::raw("<dt>Valid from</dt>") }<dd>{ report.not_before.date_string() }</dd>
                { crate::ui::widgets::raw("<dt>Valid until</dt>") }<dd>{ validity }</dd>
                { crate::ui::widgets::raw("<dt>Self-signed</dt>") }<dd>{ if report.self_signed { "Yes" } else { "No" } }</dd>
                { crate::ui::widgets::raw("<dt>Public key</dt>") }<dd>{ report.public_key.to_string() }</dd>
                { crate::ui::widgets::raw("<dt>Signature algorithm</dt>") }<dd>{ report.signature_algorithm.clone() }</dd>
                { crate::ui::widgets::raw("<dt>Key usage</dt>") }<dd>{ list(&report.key_usage) }</dd>
                { crate::ui::widgets::raw("<dt>Extended key usage</dt>") }<dd>{ list(&report.extended_key_usage) }</dd>
                { crate::ui::widgets::raw("<dt>SHA-1 fingerprint</dt>") }
                <dd><Fingerprint id={format!("{id}-sha1")} label="SHA-1 fingerprint"
                                 value={report.sha1_hex.clone()} /></dd>
                { crate::ui::widgets::raw("<dt>SHA-256 fingerprint</dt>") }
                <dd><Fingerprint id={format!("{id}-sha256")} label="SHA-256 fingerprint"
                                 value={report.sha256_hex.clone()} /></dd>
            </dl>
        </section>
    }
}

/// Findings, errors first, each with its severity, plain sentence and stable code (after the
/// sentence, in a quieter style). A plain function: it keeps no state.
pub fn findings(mut findings: Vec<&Finding>) -> Html {
    if findings.is_empty() {
        return Html::default();
    }
    crate::domain::text::sort_by(&mut findings, |a, b| {
        (a.severity as u8).cmp(&(b.severity as u8))
    });
    html! {
        <ul class="findings" aria-label="Findings">
            { for findings.into_iter().map(|finding| html! {
                <li class={classes!("finding", finding.severity.label().to_ascii_lowercase())} data-code={finding.code}>
                    <span class="severity">{ finding.severity.label() }</span>{ ": " }
                    { finding.message.clone() }
                    { " " }<code class="finding-code">{ finding.code }</code>
                </li>
            }) }
        </ul>
    }
}
