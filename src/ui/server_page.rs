//! One MDM server's page: its token (status, Download Token, calendar reminders, history), its
//! certificate and settings, and the changes an admin makes to it: rename, upload a new public
//! key, allow releasing devices, delete.

use yew::prelude::*;

use super::certificate_input::{
    accept_warnings, chosen_summary, fingerprint_display, CertificateInput, ChosenCertificate,
};
use super::controls::{use_denied, GuardedButton};
use super::routes::{self, Route};
use super::state::use_app;
use super::token_actions::{download_reminders, download_token};
use crate::domain::ids::ServerId;
use crate::domain::organization::{DeviceType, Server};
use crate::domain::permissions::Permission;
use crate::domain::token::TokenStatus;

/// Props for [`ServerPage`].
#[derive(Properties, PartialEq)]
pub struct ServerPageProps {
    /// Which server.
    pub id: ServerId,
}

/// A server's page.
#[component]
pub fn ServerPage(props: &ServerPageProps) -> Html {
    let app = use_app();
    let Some(server) = app.org().server(props.id).cloned() else {
        return html! {
            <section class="pane" aria-labelledby="server-missing-title">
                <h2 id="server-missing-title">{ "MDM server not found" }</h2>
                <p>{ "This server does not exist: it may have been deleted. " }
                   <a href="#/preferences/mdm-servers">{ "Back to MDM Server Assignment" }</a></p>
            </section>
        };
    };
    html! {
        <section class="pane server-page" aria-labelledby="server-title">
            <p class="breadcrumb"><a href="#/preferences/mdm-servers">{ "MDM Server Assignment" }</a></p>
            <h2 id="server-title">{ server.name.to_string() }</h2>
            <TokenPanel id={server.id} />
            <RenamePanel id={server.id} />
            <CertificatePanel id={server.id} />
            <SettingsPanel id={server.id} />
            <DeletePanel id={server.id} />
        </section>
    }
}

/// Props shared by the panels: the server they act on.
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// Which server.
    pub id: ServerId,
}

/// The token: status in plain words, Download Token, reminders and history.
#[component]
fn TokenPanel(props: &PanelProps) -> Html {
    let app = use_app();
    let message = use_state(|| None::<(bool, String)>);
    let now = app.state().now;
    let org = app.org();
    let status = org
        .token_status(props.id, now)
        .unwrap_or(TokenStatus::NoToken);
    let history = org.token_history(props.id, now);
    // Reminders only make sense for a token that is still working.
    let has_token = matches!(
        status,
        TokenStatus::Active { .. } | TokenStatus::ExpiresSoon { .. }
    );
    let on_download = {
        let app = app.clone();
        let message = message.clone();
        let id = props.id;
        Callback::from(move |_: MouseEvent| {
            match download_token(&app, id) {
            Ok(file) => message.set(Some((true, format!("Downloaded {file}. Upload it to your MDM server; the previous token no longer works.")))),
            Err(error) => message.set(Some((false, error))),
        }
        })
    };
    let on_reminder = {
        let app = app.clone();
        let message = message.clone();
        let id = props.id;
        Callback::from(move |_: MouseEvent| match download_reminders(&app, id) {
            Ok(file) => message.set(Some((
                true,
                format!("Downloaded {file}: open it to add the reminders to your calendar."),
            ))),
            Err(error) => message.set(Some((false, error))),
        })
    };
    html! {
        <section class="panel" aria-labelledby="token-title">
            <h3 id="token-title">{ "Server token" }</h3>
            <p class={classes!("token-status", status.code(), status.needs_action().then_some("attention"))}
               id="token-status">{ status.text() }</p>
            <div class="actions">
                <GuardedButton label="Download Token" permission={Permission::DownloadToken} onclick={on_download} />
                if has_token {
                    <button type="button" class="button secondary" onclick={on_reminder}>
                        { "Add reminder to calendar" }</button>
                }
            </div>
            if let Some((ok, text)) = &*message {
                <p class={if *ok { "notice" } else { "field-error" }} role={if *ok { "status" } else { "alert" }}>
                    { text.clone() }</p>
            }
            if !history.is_empty() {
                <table class="data-table compact">
                    <caption>{ "Token history" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Issued" }</th><th scope="col">{ "Expires" }</th>
                        <th scope="col">{ "Downloaded by" }</th><th scope="col">{ "Ended" }</th>
                    </tr></thead>
                    <tbody>
                        { for history.iter().rev().map(|(record, end)| html! {
                            <tr key={record.id.clone()}>
                                <td>{ record.issued_at.rfc3339().replace('T', " ").replace('Z', " UTC") }</td>
                                <td>{ record.expires_at.date_string() }</td>
                                <td>{ org.user(record.downloaded_by).map(|u| u.name.to_string()).unwrap_or_else(|| "unknown".into()) }</td>
                                <td>{ end.text() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// "Rename": the same name rules as adding, checked as the admin types.
#[component]
fn RenamePanel(props: &PanelProps) -> Html {
    let app = use_app();
    let editing = use_state(|| false);
    let draft = use_state(String::new);
    let error = use_state(|| None::<String>);
    let Some(server) = app.org().server(props.id) else {
        return Html::default();
    };
    let current = server.name.to_string();
    let check = app.org().check_server_name(&draft, Some(props.id));
    let open = {
        let editing = editing.clone();
        let draft = draft.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            draft.set(current.clone());
            error.set(None);
            editing.set(true);
        })
    };
    if !*editing {
        return html! {
            <div class="panel-inline">
                <GuardedButton label="Rename" permission={Permission::EditServer} class="secondary" onclick={open} />
            </div>
        };
    }
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            draft.set(input.value());
        })
    };
    let onsubmit = {
        let app = app.clone();
        let draft = draft.clone();
        let editing = editing.clone();
        let error = error.clone();
        let id = props.id;
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match app.run(|org, now| org.rename_server(id, &draft, now)) {
                Ok(()) => editing.set(false),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(false))
    };
    let live_error = check.as_ref().err().map(|e| e.to_string());
    html! {
        <form class="panel form" {onsubmit} aria-labelledby="rename-title" novalidate=true>
            <h3 id="rename-title">{ "Rename" }</h3>
            <div class="field">
                <label for="rename-name">{ "Name" }</label>
                <input id="rename-name" type="text" value={(*draft).clone()} {oninput}
                       aria-invalid={live_error.is_some().then_some("true")} aria-describedby="rename-help" />
                <p id="rename-help" class={if live_error.is_some() { "field-error" } else { "hint" }} aria-live="polite">
                    { live_error.unwrap_or_else(|| "Up to 100 characters, unique among your servers.".into()) }</p>
            </div>
            if let Some(message) = &*error {
                <p class="field-error" role="alert">{ message.clone() }</p>
            }
            <div class="form-actions">
                <button type="submit" class="button" disabled={check.is_err()}>{ "Save name" }</button>
                <button type="button" class="button secondary" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </form>
    }
}

/// The certificate, its earlier fingerprints, and "Upload new public key".
#[component]
fn CertificatePanel(props: &PanelProps) -> Html {
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
    let on_replace = {
        let app = app.clone();
        let chosen = chosen.clone();
        let result = result.clone();
        let id = props.id;
        Callback::from(move |_: MouseEvent| {
            let ChosenCertificate::Accepted { certificate, .. } = &*chosen else {
                return;
            };
            let certificate = certificate.clone();
            match app.run(|org, now| org.replace_certificate(id, certificate, now)) {
                Ok(()) => {
                    chosen.set(ChosenCertificate::None);
                    result.set(Some((true, "The public key was replaced. Download a new token: the previous one no longer works.".into())));
                }
                Err(e) => result.set(Some((false, e.to_string()))),
            }
        })
    };
    let cancel = {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| chosen.set(ChosenCertificate::None))
    };
    html! {
        <section class="panel" aria-labelledby="certificate-title">
            <h3 id="certificate-title">{ "Public key certificate" }</h3>
            <dl class="details">
                <dt>{ "Subject" }</dt><dd>{ certificate.subject.clone() }</dd>
                <dt>{ "Issuer" }</dt><dd>{ certificate.issuer.clone() }</dd>
                <dt>{ "Serial number" }</dt><dd class="mono">{ certificate.serial_hex.clone() }</dd>
                <dt>{ "Public key" }</dt><dd>{ certificate.key_description.clone() }</dd>
                <dt>{ "Expires" }</dt><dd>{ certificate.not_after.date_string() }</dd>
                <dt>{ "SHA-256 fingerprint" }</dt>
                <dd class="mono" id="certificate-sha256">{ fingerprint_display(&certificate.sha256_hex) }</dd>
            </dl>
            if let Some(reason) = &denied {
                <p class="why" id="upload-why">{ reason.clone() }</p>
            }
            <CertificateInput id="upload-new-public-key" label="Upload new public key" {on_choose}
                              disabled={denied.is_some()}
                              describedby={denied.as_ref().map(|_| AttrValue::from("upload-why"))} />
            { chosen_summary(&chosen) }
            if matches!(*chosen, ChosenCertificate::Accepted { .. }) {
                { accept_warnings("replace-accept-warnings", &chosen, &accepted_warnings) }
                <div class="form-actions">
                    <button type="button" class="button" disabled={!ready} onclick={on_replace}>{ "Replace certificate" }</button>
                    <button type="button" class="button secondary" onclick={cancel}>{ "Cancel" }</button>
                </div>
            }
            if let Some((ok, text)) = &*result {
                <p class={if *ok { "notice" } else { "field-error" }} role={if *ok { "status" } else { "alert" }}>{ text.clone() }</p>
            }
            if !server.certificate_history.is_empty() {
                <table class="data-table compact">
                    <caption>{ "Earlier certificates" }</caption>
                    <thead><tr><th scope="col">{ "SHA-256 fingerprint" }</th><th scope="col">{ "Subject" }</th>
                        <th scope="col">{ "Replaced" }</th></tr></thead>
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

/// Release devices, and which device types it is the default for.
#[component]
fn SettingsPanel(props: &PanelProps) -> Html {
    let app = use_app();
    let error = use_state(|| None::<String>);
    let denied = use_denied(Permission::EditServer);
    let Some(server) = app.org().server(props.id) else {
        return Html::default();
    };
    let defaults = app.org().defaults_for(props.id);
    let onchange = {
        let app = app.clone();
        let error = error.clone();
        let id = props.id;
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let allow = input.checked();
            if let Err(e) = app.run(|org, now| org.set_allow_release(id, allow, now)) {
                input.set_checked(!allow);
                error.set(Some(e.to_string()));
            }
        })
    };
    html! {
        <section class="panel" aria-labelledby="settings-title">
            <h3 id="settings-title">{ "Settings" }</h3>
            <div class="field checkbox">
                <input id="server-allow-release" type="checkbox" checked={server.allow_release_devices}
                       {onchange} disabled={denied.is_some()}
                       aria-describedby={denied.as_ref().map(|_| "release-why")} />
                <label for="server-allow-release">{ "Allow this MDM server to release devices" }</label>
            </div>
            if let Some(reason) = &denied {
                <p class="why" id="release-why">{ reason.clone() }</p>
            }
            if let Some(message) = &*error {
                <p class="field-error" role="alert">{ message.clone() }</p>
            }
            <p>{ "Default for: " }
                { if defaults.is_empty() { "no device type (choose defaults in MDM Server Assignment)".to_string() }
                  else { defaults.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ") } }</p>
            <p class="muted small">{ format!("Added on {}.", server.added_at.date_string()) }</p>
        </section>
    }
}

/// "Delete": a confirmation that names the server and, when it is a default, asks where each
/// of those defaults goes first.
#[component]
fn DeletePanel(props: &PanelProps) -> Html {
    let app = use_app();
    let confirming = use_state(|| false);
    let choices = use_state(Vec::<(DeviceType, Option<ServerId>)>::new);
    let error = use_state(|| None::<String>);
    let org = app.org();
    let Some(server) = org.server(props.id).cloned() else {
        return Html::default();
    };
    let needed = org.defaults_for(props.id);
    let others: Vec<Server> = org
        .servers()
        .iter()
        .filter(|s| s.id != props.id)
        .cloned()
        .collect();
    let open = {
        let confirming = confirming.clone();
        let choices = choices.clone();
        let needed = needed.clone();
        Callback::from(move |_: MouseEvent| {
            choices.set(needed.iter().map(|d| (*d, None)).collect());
            confirming.set(true);
        })
    };
    if !*confirming {
        return html! {
            <div class="panel-inline danger-zone">
                <GuardedButton label="Delete" permission={Permission::DeleteServer} class="danger" onclick={open} />
            </div>
        };
    }
    let confirm = {
        let app = app.clone();
        let choices = choices.clone();
        let error = error.clone();
        let id = props.id;
        Callback::from(move |_: MouseEvent| {
            match app.run(|org, now| org.delete_server(id, &choices, now)) {
                Ok(()) => routes::push(Route::MdmServers),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let name = server.name.to_string();
    html! {
        <section class="panel confirm" role="alertdialog" aria-labelledby="delete-title" aria-describedby="delete-text">
            <h3 id="delete-title">{ format!("Delete “{name}”?") }</h3>
            <p id="delete-text">{ format!("“{name}” will no longer be linked. Its token stops being listed here \
                 and its history is deleted. The activity log keeps a record.") }</p>
            if !needed.is_empty() {
                <p>{ format!("“{name}” is the default server for {}. Choose where each default goes:",
                     needed.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ")) }</p>
                { for needed.iter().map(|device_type| {
                    let device_type = *device_type;
                    let id = format!("reassign-{}", device_type.label().to_lowercase().replace(' ', "-"));
                    let onchange = {
                        let choices = choices.clone();
                        Callback::from(move |event: Event| {
                            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                            let target = select.value().parse::<u64>().ok().map(ServerId);
                            let mut next = (*choices).clone();
                            for slot in next.iter_mut() {
                                if slot.0 == device_type {
                                    slot.1 = target;
                                }
                            }
                            choices.set(next);
                        })
                    };
                    html! {
                        <div class="field">
                            <label for={id.clone()}>{ format!("New default for {}", device_type.label()) }</label>
                            <select id={id} {onchange}>
                                <option value="">{ "No default" }</option>
                                { for others.iter().map(|s| html! {
                                    <option value={s.id.0.to_string()}>{ s.name.to_string() }</option>
                                }) }
                            </select>
                        </div>
                    }
                }) }
            }
            if let Some(message) = &*error {
                <p class="field-error" role="alert">{ message.clone() }</p>
            }
            <div class="form-actions">
                <button type="button" class="button danger" onclick={confirm}>{ format!("Delete “{name}”") }</button>
                <button type="button" class="button secondary" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </section>
    }
}
