//! A server's public key certificate, its earlier fingerprints, and "Upload new public key".

use yew::prelude::*;

use super::PanelProps;
use crate::domain::hex::fingerprint_display;
use crate::domain::organization::Command;
use crate::domain::permissions::Permission;
use crate::ui::state::use_app;
use crate::ui::token_actions::token_stops;
use crate::ui::widgets::{
    accept_warnings, chosen_summary, use_denied, CertificateInput, ChosenCertificate,
};

/// The certificate, its earlier fingerprints, and "Upload new public key".
#[component]
pub fn CertificatePanel(props: &PanelProps) -> Html {
    let app = use_app();
    let chosen = use_state(|| ChosenCertificate::None);
    let accepted_warnings = use_state(|| false);
    let result = use_state(|| None::<(bool, String)>);
    let denied = use_denied(Permission::EditServer);
    let Some(server) = app.org().server(props.id).cloned() else {
        return Html::default();
    };
    let certificate = &server.certificate;
    let on_choose = {
        let chosen = chosen.clone();
        let accepted_warnings = accepted_warnings.clone();
        let result = result.clone();
        Callback::from(move |choice: ChosenCertificate| {
            accepted_warnings.set(false);
            result.set(None);
            chosen.set(choice);
        })
    };
    let ready = chosen.ready(*accepted_warnings);
    let working = app
        .org()
        .token_status(props.id, app.state().now)
        .is_some_and(|s| s.is_working());
    let on_replace = {
        let app = app.clone();
        let chosen = chosen.clone();
        let result = result.clone();
        let id = props.id;
        Callback::from(move |()| {
            let ChosenCertificate::Accepted { certificate, .. } = &*chosen else {
                return;
            };
            let certificate = certificate.clone();
            match app.run(Command::ReplaceCertificate { id, certificate }) {
                Ok(_) => {
                    chosen.set(ChosenCertificate::None);
                    result.set(Some((true, if working {
                        "The public key was replaced. Download a new token: the previous one no longer works."
                    } else {
                        "The public key was replaced. New tokens are made for it."
                    }.into())));
                }
                Err(e) => result.set(Some((false, e.to_string()))),
            }
        })
    };
    let cancel = {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| chosen.set(ChosenCertificate::None))
    };
    // A new key breaks the working token: ask first, naming it.
    let ask = {
        let (app, name) = (app.clone(), server.name.to_string());
        Callback::from(move |_: MouseEvent| {
            app.ask(
                format!("Replace the public key of “{name}”?"),
                if working {
                    token_stops(&name)
                } else {
                    format!("New tokens for “{name}” are made for the new key; the MDM server must hold its private key.")
                },
                "Replace public key",
                working,
                on_replace.clone(),
            )
        })
    };
    html! {
        <section class="panel" aria-labelledby="certificate-title">
            { crate::ui::widgets::raw("<h3 id=\"certificate-title\">Public key certificate</h3>") }
            <dl class="details">
                { crate::ui::widgets::raw("<dt>Subject</dt>") }<dd>{ certificate.subject.clone() }</dd>
                { crate::ui::widgets::raw("<dt>Issuer</dt>") }<dd>{ certificate.issuer.clone() }</dd>
                { crate::ui::widgets::raw("<dt>Serial number</dt>") }<dd class="mono">{ certificate.serial_hex.clone() }</dd>
                { crate::ui::widgets::raw("<dt>Public key</dt>") }<dd>{ certificate.key_description.clone() }</dd>
                { crate::ui::widgets::raw("<dt>Expires</dt>") }<dd>{ certificate.not_after.date_string() }</dd>
                { crate::ui::widgets::raw("<dt>SHA-256 fingerprint</dt>") }
                <dd class="mono" id="certificate-sha256">{ fingerprint_display(&certificate.sha256_hex) }</dd>
            </dl>
            if let Some(reason) = &denied {
                <p class="why" id="upload-why">{ reason.clone() }</p>
            }
            <CertificateInput id="upload-new-public-key" label="Upload new public key" {on_choose}
                              disabled={denied.is_some()} file_name={chosen.file_name()}
                              describedby={denied.as_ref().map(|_| AttrValue::from("upload-why"))} />
            { chosen_summary(&chosen) }
            if matches!(*chosen, ChosenCertificate::Accepted { .. }) {
                { accept_warnings("replace-accept-warnings", &chosen, &accepted_warnings) }
                <div class="form-actions">
                    <button type="button" class="button" disabled={!ready} onclick={ask}>{ "Replace certificate" }</button>
                    <button type="button" class="button secondary" onclick={cancel}>{ "Cancel" }</button>
                </div>
            }
            if let Some((ok, text)) = &*result {
                <p class={if *ok { "notice" } else { "field-error" }} role={if *ok { "status" } else { "alert" }}>{ text.clone() }</p>
            }
            if !server.certificate_history.is_empty() {
                <table class="data-table compact">
                    <caption>{ "Earlier certificates" }</caption>
                    { crate::ui::widgets::thead(&["SHA-256 fingerprint", "Subject", "Replaced"]) }
                    <tbody>
                        { for server.certificate_history.iter().rev().map(|old| html! {
                            <tr>
                                <td class="mono wrap">{ fingerprint_display(&old.sha256_hex) }</td>
                                <td class="wrap">{ old.subject.clone() }</td>
                                <td>{ old.replaced_at.date_string() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
