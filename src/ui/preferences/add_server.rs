//! The "Add" form of MDM Server Assignment, in Apple's order: a name, the public key
//! certificate, whether the server may release devices, then Save. Names are checked by the core
//! as the admin types; the certificate goes through the certificate check before Save.

use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::domain::organization::{Command, Outcome};
use crate::domain::permissions::Permission;
use crate::ui::routes::{self, link_click, Route};
use crate::ui::state::use_app;
use crate::ui::widgets::{
    accept_warnings, chosen_summary, use_denied, CertificateInput, ChosenCertificate, GuardedButton,
};

/// Id of the certificate file input. "For MDM vendors" hands its test certificate to the form
/// through this input, as if the admin had picked the file ("Use this certificate for a new
/// server"), so it goes through the same check and rules.
pub(crate) const CERTIFICATE_INPUT_ID: &str = "server-certificate";

/// The Add server form.
#[component]
pub fn AddServer() -> Html {
    let app = use_app();
    let name = use_state(String::new);
    let name_touched = use_state(|| false);
    let chosen = use_state(|| ChosenCertificate::None);
    let warnings_accepted = use_state(|| false);
    let allow_release = use_state(|| false);
    let save_error = use_state(|| None::<String>);
    let denied = use_denied(Permission::AddServer);

    let name_check = app.org().check_server_name(&name, None);
    let name_error = match (&name_check, *name_touched) {
        (Err(error), true) => Some(error.to_string()),
        _ => None,
    };
    let ready = name_check.is_ok() && chosen.ready(*warnings_accepted);
    // Why Save is off, in the order the form is filled. Once the name's own message shows at
    // the field, Save points there instead of saying it a second time.
    let why_not = if ready {
        None
    } else if name_check.is_err() {
        Some(if *name_touched {
            "Correct the name above first.".into()
        } else {
            "Enter a name for the MDM server.".into()
        })
    } else {
        Some(
            match &*chosen {
                ChosenCertificate::None => "Choose the MDM vendor's public key certificate.",
                ChosenCertificate::Reading(_) => "Wait until the certificate is checked.",
                ChosenCertificate::Refused { .. } => {
                    "The chosen file cannot be used: choose another one."
                }
                ChosenCertificate::Accepted { .. } => {
                    "Read the certificate's warnings and confirm them above."
                }
            }
            .to_string(),
        )
    };

    let on_name = {
        let name = name.clone();
        let touched = name_touched.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            name.set(input.value());
            touched.set(true);
        })
    };
    let on_choose = {
        let chosen = chosen.clone();
        let warnings_accepted = warnings_accepted.clone();
        Callback::from(move |choice: ChosenCertificate| {
            warnings_accepted.set(false);
            chosen.set(choice);
        })
    };
    let on_release = {
        let allow_release = allow_release.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            allow_release.set(input.checked());
        })
    };
    let save = {
        let app = app.clone();
        let name = name.clone();
        let chosen = chosen.clone();
        let allow_release = allow_release.clone();
        let save_error = save_error.clone();
        let name_touched = name_touched.clone();
        Callback::from(move |()| {
            name_touched.set(true);
            let ChosenCertificate::Accepted { certificate, .. } = &*chosen else {
                return;
            };
            let command = Command::AddServer {
                name: (*name).clone(),
                certificate: certificate.clone(),
                allow_release_devices: *allow_release,
            };
            match app.run(command) {
                Ok(Outcome::ServerAdded(ServerId(id))) => routes::push(Route::MdmServer { id }),
                Ok(_) => routes::push(Route::MdmServers),
                Err(error) => save_error.set(Some(error.to_string())),
            }
        })
    };
    let onsubmit = {
        let save = save.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            save.emit(());
        })
    };

    html! {
        <section class="pane" aria-labelledby="add-server-title">
            <p class="breadcrumb"><a href={Route::MdmServers.href()} onclick={link_click(Route::MdmServers)}>{ "MDM Server Assignment" }</a></p>
            { crate::ui::widgets::raw("<h2 id=\"add-server-title\">Add MDM server</h2>") }
            if let Some(reason) = &denied {
                <p class="why" id="add-server-why">{ reason.clone() }</p>
            }
            <form class="form" {onsubmit} novalidate=true>
                <div class="field">
                    { crate::ui::widgets::raw("<label for=\"server-name\">Name</label>") }
                    <input id="server-name" type="text" value={(*name).clone()} oninput={on_name}
                           onblur={{ let touched = name_touched.clone(); Callback::from(move |_: FocusEvent| touched.set(true)) }}
                           autocomplete="off" maxlength="400" disabled={denied.is_some()}
                           aria-invalid={name_error.is_some().then_some("true")}
                           aria-describedby="server-name-help" />
                    <p id="server-name-help" class={classes!(if name_error.is_some() { "field-error" } else { "hint" })}
                       aria-live="polite">
                        { name_error.clone().unwrap_or_else(|| "A unique name, up to 100 characters, for example “Cupertino iPads”.".into()) }
                    </p>
                </div>
                <CertificateInput id={CERTIFICATE_INPUT_ID} label="Public key certificate"
                                  on_choose={on_choose} disabled={denied.is_some()}
                                  file_name={chosen.file_name()} />
                <p class="hint"><a href={Route::Vendors.href()} onclick={link_click(Route::Vendors)}>
                    { "No certificate yet? Make a test certificate" }</a></p>
                { chosen_summary(&chosen) }
                { accept_warnings("accept-warnings", &chosen, &warnings_accepted) }
                <div class="field checkbox">
                    <input id="allow-release" type="checkbox" checked={*allow_release}
                           onchange={on_release} disabled={denied.is_some()} />
                    { crate::ui::widgets::raw("<label for=\"allow-release\">Allow this MDM server to release devices</label>") }
                </div>
                { crate::ui::widgets::raw("<p class=\"hint\">Releasing removes a device from your organization for good. Leave this off unless this server must be able to do it.</p>") }
                if let Some(message) = &*save_error {
                    <p class="field-error" role="alert">{ message.clone() }</p>
                }
                <div class="form-actions sticky">
                    <GuardedButton label="Save" permission={Permission::AddServer} submit=true
                                   disabled={!ready} onclick={Callback::from(|_: MouseEvent| ())}
                                   describedby={why_not.as_ref().map(|_| AttrValue::from("save-why"))} />
                    <a class="button secondary" href={Route::MdmServers.href()} onclick={link_click(Route::MdmServers)}>{ "Cancel" }</a>
                    if let Some(reason) = &why_not {
                        <p class="why" id="save-why">{ reason.clone() }</p>
                    }
                </div>
            </form>
        </section>
    }
}
