//! The banner on every view that says when stored data needs the admin: it could not be loaded
//! or saved, it was deleted, it belongs to a newer release, a change could not be saved on top
//! of another window's; then the quiet notes (a first visit, storage nearly full, a backup
//! reminder) and, through [`TokenBanner`], servers whose tokens need action.

use yew::prelude::*;

use super::storage_notes::storage_notes;
use super::token_banner::TokenBanner;
use crate::ui::backup_actions::export_backup;
use crate::ui::edges::{clock, downloads};
use crate::ui::state::{use_app, Action, AppContext, StorageHealth};
use crate::ui::widgets::{confirm_dialog, ConfirmDialogProps};

/// The banner; renders nothing when all is well.
#[component]
pub fn StatusBanner() -> Html {
    let app = use_app();
    // What the last button said went wrong (a failed download, a failed export).
    let failed = use_state(|| None::<String>);
    let confirming = use_state(|| false);
    let report = {
        let failed = failed.clone();
        Callback::from(move |result: Result<String, String>| failed.set(result.err()))
    };
    let export = {
        let (app, report) = (app.clone(), report.clone());
        Callback::from(move |_: MouseEvent| export_backup(&app, report.clone()))
    };
    let export_button = html! {
        <button type="button" class="button secondary" onclick={export.clone()}>{ "Export backup now" }</button>
    };
    let storage = match &app.state().storage {
        StorageHealth::Ok => Html::default(),
        StorageHealth::Unavailable { reason } => html! {
            <div class="banner warning" role="alert">
                <p>{ crate::ui::widgets::raw("<strong>Browser storage is not available: </strong>") }
                   { format!("{reason}. You can work normally, but nothing will be kept after this \
                              page is closed: export a backup before you leave.") }</p>
                <div class="banner-actions">{ export_button.clone() }</div>
            </div>
        },
        StorageHealth::SaveFailed { reason, attempts } => {
            let retry = {
                let app = app.clone();
                Callback::from(move |_: MouseEvent| app.dispatch(Action::RetrySave))
            };
            html! {
                <div class="banner error" role="alert">
                    <p>{ crate::ui::widgets::raw("<strong>Your last change was not saved: </strong>") }{ format!("{reason}.") }
                       if *attempts > 1 {
                           { format!(" Tried {attempts} times; still not saved.") }
                       }</p>
                    { crate::ui::widgets::raw("<p>Everything is still here in this page, but it will be lost when this page closes unless it can be saved. Free space for this site (for example, delete other sites' data in the browser's settings, or archive old activity), then choose Try saving again. Meanwhile, export a backup.</p>") }
                    <div class="banner-actions">
                        <button type="button" class="button" onclick={retry}>{ "Try saving again" }</button>
                        { export_button.clone() }
                    </div>
                </div>
            }
        }
        StorageHealth::DeletedElsewhere => {
            let again = {
                let app = app.clone();
                Callback::from(move |_: MouseEvent| app.dispatch(Action::RetrySave))
            };
            html! {
                <div class="banner error" role="alert">
                    <p>{ crate::ui::widgets::raw("<strong>The data MDM Link stored in this browser was deleted. </strong>") }
                       { "Another tab, a browser setting or a tool removed it while this page was open. \
                          Everything is still here in this page, but nothing is saved until you choose: \
                          save it again to keep it in this browser, or export a backup." }</p>
                    <div class="banner-actions">
                        <button type="button" class="button" onclick={again}>{ "Save it again" }</button>
                        { export_button.clone() }
                    </div>
                </div>
            }
        }
        StorageHealth::NewerRelease { error, raw } => html! {
            <div class="banner error" role="alert">
                <p>{ crate::ui::widgets::raw("<strong>MDM Link is read-only here. </strong>") }{ error.clone() }</p>
                { crate::ui::widgets::raw("<p>So that the newer release's data is never overwritten, nothing you do on this page is saved. Open the newer release to work with it, or download the stored data.</p>") }
                <div class="banner-actions">{ download_stored(raw, &report) }</div>
            </div>
        },
        StorageHealth::Unreadable { error, raw } => {
            let ask = {
                let confirming = confirming.clone();
                Callback::from(move |_: MouseEvent| confirming.set(true))
            };
            html! {
                <div class="banner error" role="alert">
                    <p>{ crate::ui::widgets::raw("<strong>The data stored in this browser could not be loaded. </strong>") }
                       { error.clone() }</p>
                    { crate::ui::widgets::raw("<p>It has not been changed or deleted. You are working on a new, empty organization that is not saved, so the stored data stays as it was. Download the stored data to keep a copy.</p>") }
                    <div class="banner-actions">
                        { download_stored(raw, &report) }
                        <button type="button" class="button secondary" onclick={ask}>
                            { "Replace stored data with this organization" }</button>
                    </div>
                    if *confirming {
                        { replace_dialog(&app, &confirming) }
                    }
                </div>
            }
        }
    };
    html! {
        <>
            { storage }
            if let Some(reason) = &*failed {
                <div class="banner error" role="alert"><p>{ reason.clone() }</p></div>
            }
            { notices(&app) }
            { storage_notes(&app, export) }
            <TokenBanner />
        </>
    }
}

/// "Download stored data": exactly what is stored, reported if the browser refuses.
fn download_stored(raw: &std::rc::Rc<String>, report: &Callback<Result<String, String>>) -> Html {
    let raw = raw.clone();
    let report = report.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        let name = format!("mdm-link-stored-data-{}.json", clock::now().date_string());
        report.emit(
            downloads::download(raw.as_bytes(), &name, "application/json")
                .map(|()| name)
                .map_err(|reason| {
                    format!(
                        "The stored data could not be downloaded: {reason}. Nothing was changed; \
                         try again, or copy it from the browser's developer tools."
                    )
                }),
        );
    });
    html! { <button type="button" class="button" {onclick}>{ "Download stored data" }</button> }
}

/// The confirmation before unreadable stored data is replaced for good.
fn replace_dialog(app: &AppContext, confirming: &UseStateHandle<bool>) -> Html {
    let confirm = {
        let (app, confirming) = (app.clone(), confirming.clone());
        Callback::from(move |()| {
            confirming.set(false);
            app.dispatch(Action::ReplaceUnreadable);
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |()| confirming.set(false))
    };
    confirm_dialog(ConfirmDialogProps {
        title: "Replace the stored data?".into(),
        consequence: "The data stored in this browser could not be read. Replacing it with the \
            organization shown here deletes it for good; download it first if it may hold \
            anything you need."
            .into(),
        confirm_label: "Replace stored data".into(),
        danger: true,
        on_confirm: confirm,
        on_cancel: cancel,
        error: None,
        return_focus: None,
        children: Html::default(),
    })
}

/// Changes that could not be saved on top of another window's, each with Dismiss.
fn notices(app: &AppContext) -> Html {
    let notices = app.state().notices.clone();
    if notices.is_empty() {
        return Html::default();
    }
    html! {
        <div class="banner error" role="alert">
            <ul class="banner-list">
                { for notices.iter().enumerate().map(|(i, text)| {
                    let app = app.clone();
                    let dismiss = Callback::from(move |_: MouseEvent| app.dispatch(Action::DismissNotice(i)));
                    html! {
                        <li>{ text.clone() }{ " " }
                            <button type="button" class="button small secondary" onclick={dismiss}
                                    aria-label={format!("Dismiss: {text}")}>{ "Dismiss" }</button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
