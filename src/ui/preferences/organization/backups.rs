//! Preferences > Organization > Backups: "Export backup", and "Import backup" from a file
//! labelled "Backup file", which the core checks completely and compares with the current state
//! before anything changes; the preview lists what importing would add, change and remove, and
//! its "Import" applies all of it (or, if the state changed meanwhile, nothing).

use std::rc::Rc;

use yew::prelude::*;

use crate::domain::certificate::size_text;
use crate::domain::organization::{Command, Organization};
use crate::domain::persistence::{self, backup::MAX_BACKUP_BYTES};
use crate::domain::text::{count, with_reason};
use crate::ui::background;
use crate::ui::background::ANSWERED_ELSE;
use crate::ui::backup_actions::export_backup;
use crate::ui::edges::{clock, files};
use crate::ui::state::use_app;
use crate::worker_protocol::{AppReply, Request};

/// Where the import stands.
#[derive(Clone, PartialEq)]
enum Import {
    /// Nothing chosen or done.
    Idle,
    /// Reading and checking the file.
    Checking(String),
    /// Checked: what importing would change, waiting for Import or Cancel.
    Preview {
        file_name: String,
        /// The organization importing would make current.
        organization: Rc<Organization>,
        /// One line per kind of change.
        summary: Rc<Vec<String>>,
        /// The organization the check compared with (the import is refused if it changed).
        over: Rc<Organization>,
    },
}

/// The Backups section.
#[component]
pub fn Backups() -> Html {
    let app = use_app();
    let import = use_state(|| Import::Idle);
    let message = use_state(|| None::<(bool, String)>);
    let file_ref = use_node_ref();

    let on_export = {
        let (app, message) = (app.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let message = message.clone();
            export_backup(
                &app,
                Callback::from(move |result: Result<String, String>| {
                    message.set(Some(match result {
                        Ok(name) => (
                            true,
                            format!(
                                "Exported {name}. Keep it somewhere safe: it is \
                                            the only copy outside this browser."
                            ),
                        ),
                        Err(reason) => (false, reason),
                    }));
                }),
            );
        })
    };
    let on_import = {
        let (app, import, message, file_ref) = (
            app.clone(),
            import.clone(),
            message.clone(),
            file_ref.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let input: Option<web_sys::HtmlInputElement> = file_ref.cast();
            let Some(picked) = files::picked_files(input.and_then(|i| i.files()))
                .into_iter()
                .next()
            else {
                message.set(Some((false, "Choose the backup file first.".to_string())));
                return;
            };
            if picked.size > MAX_BACKUP_BYTES as u64 {
                message.set(Some((
                    false,
                    format!(
                        "“{}” is {}, far larger than any MDM Link backup; it was not read.",
                        picked.name,
                        size_text(picked.size)
                    ),
                )));
                return;
            }
            message.set(None);
            import.set(Import::Checking(picked.name.clone()));
            let (app, import, message) = (app.clone(), import.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = match files::read_file(&picked.file).await {
                    Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Err(reason) => {
                        import.set(Import::Idle);
                        message.set(Some((
                            false,
                            with_reason(&format!("“{}” could not be read.", picked.name), &reason),
                        )));
                        return;
                    }
                };
                // Checked in the background worker, with the certificate check, the upgrades of
                // older backups and the comparison (none of them is in the app's first load).
                let over = app.org().clone();
                let request = Request::PlanImport {
                    backup: text,
                    current: persistence::snapshot(&over),
                    now: clock::now(),
                };
                let planned = match background::ask_async(request).await {
                    Ok(AppReply::Planned {
                        organization,
                        summary,
                    }) => persistence::from_snapshot(&organization)
                        .map(|organization| (organization, summary))
                        .map_err(|e| e.to_string()),
                    Ok(AppReply::Refused(reason)) => Err(reason),
                    Ok(_) => Err(ANSWERED_ELSE.to_string()),
                    Err(reason) => Err(reason),
                };
                match planned {
                    Ok((organization, summary)) => import.set(Import::Preview {
                        file_name: picked.name,
                        organization: Rc::new(organization),
                        summary: Rc::new(summary),
                        over: Rc::new(over),
                    }),
                    Err(error) => {
                        import.set(Import::Idle);
                        message.set(Some((
                            false,
                            with_reason(&format!("“{}” was not imported.", picked.name), &error),
                        )));
                    }
                }
            });
        })
    };
    let last = app.state().meta.backup_exported_at.map_or_else(
        || "No backup was exported from this browser yet.".to_string(),
        |at| {
            format!(
                "Last backup exported from this browser: {}.",
                at.date_string()
            )
        },
    );
    html! {
        <section class="settings-form" aria-labelledby="backups-heading">
            { crate::ui::widgets::raw("<h3 id=\"backups-heading\">Backups</h3>") }
            { crate::ui::widgets::raw("<p class=\"hint\">This organization lives in this browser only. A backup is one file with everything (people, servers and their certificates, token records, settings, activity); it never holds a private key.</p>") }
            <p class="current">{ last }</p>
            <div class="field-row">
                <button type="button" class="button" onclick={on_export}>{ "Export backup" }</button>
            </div>
            <div class="field">
                { crate::ui::widgets::raw("<label for=\"backup-file\">Backup file</label>") }
                <div class="field-row">
                    <input id="backup-file" type="file" accept=".json,application/json" ref={file_ref} />
                    <button type="button" class="button secondary" onclick={on_import}>{ "Import backup" }</button>
                </div>
                { crate::ui::widgets::raw("<p class=\"hint\">Importing checks the whole file first, then shows what it would change; nothing changes until you choose Import.</p>") }
            </div>
            { preview(&app, &import, &message) }
            if let Some((ok, text)) = &*message {
                <p class={if *ok { "notice" } else { "field-error" }} role={if *ok { "status" } else { "alert" }}>
                    { text.clone() }</p>
            }
        </section>
    }
}

/// The import preview: what would change, with Import and Cancel.
fn preview(
    app: &crate::ui::state::AppContext,
    import: &UseStateHandle<Import>,
    message: &UseStateHandle<Option<(bool, String)>>,
) -> Html {
    match &**import {
        Import::Idle => Html::default(),
        Import::Checking(name) => html! { <p role="status">{ format!("Checking {name}…") }</p> },
        Import::Preview {
            file_name,
            organization,
            summary,
            over,
        } => {
            let confirm = {
                let (app, import, message) = (app.clone(), import.clone(), message.clone());
                let (organization, over) = (organization.clone(), over.clone());
                Callback::from(move |_: MouseEvent| {
                    let command = Command::Import {
                        organization: Box::new((*organization).clone()),
                        over: Box::new((*over).clone()),
                    };
                    import.set(Import::Idle);
                    message.set(Some(match app.run(command) {
                        Ok(_) => (
                            true,
                            format!(
                                "Imported the backup of “{}”: {} and {}.",
                                organization.name(),
                                count(organization.servers().len(), "server", "servers"),
                                count(organization.active_users().len(), "person", "people")
                            ),
                        ),
                        Err(error) => (false, error.to_string()),
                    }));
                })
            };
            let cancel = {
                let (import, message) = (import.clone(), message.clone());
                Callback::from(move |_: MouseEvent| {
                    import.set(Import::Idle);
                    message.set(Some((true, "Nothing was imported.".to_string())));
                })
            };
            html! {
                <section class="import-preview" aria-labelledby="import-preview-title">
                    <h4 id="import-preview-title">{ format!("Importing {file_name} would change:") }</h4>
                    <ul>{ for summary.iter().map(|line| html! { <li>{ line.clone() }</li> }) }</ul>
                    { crate::ui::widgets::raw("<p class=\"hint\">Everything in the backup replaces what is here now, all of it or nothing.</p>") }
                    <div class="form-actions">
                        <button type="button" class="button" onclick={confirm}>{ "Import" }</button>
                        <button type="button" class="button secondary" onclick={cancel}>{ "Cancel" }</button>
                    </div>
                </section>
            }
        }
    }
}
