//! "Rename": the same name rules as adding, checked by the core as the admin types.

use yew::prelude::*;

use super::PanelProps;
use crate::domain::organization::Command;
use crate::domain::permissions::Permission;
use crate::ui::routes;
use crate::ui::state::use_app;
use crate::ui::widgets::GuardedButton;

/// "Rename": the same name rules as adding, checked as the admin types.
#[component]
pub fn RenamePanel(props: &PanelProps) -> Html {
    let app = use_app();
    let editing = use_state(|| false);
    let draft = use_state(String::new);
    let error = use_state(|| None::<String>);
    // The name when the admin opened the form: a rename from another window meanwhile makes
    // this one refused, not silently overwritten.
    let from = use_state(String::new);
    let Some(server) = app.org().server(props.id) else {
        return Html::default();
    };
    let current = server.name.to_string();
    let check = app.org().check_server_name(&draft, Some(props.id));
    let open = {
        let editing = editing.clone();
        let draft = draft.clone();
        let error = error.clone();
        let from = from.clone();
        Callback::from(move |_: MouseEvent| {
            from.set(current.clone());
            draft.set(current.clone());
            error.set(None);
            editing.set(true);
        })
    };
    // Rename stays in the page while the form is open, so focus can go back to it at once when
    // the form closes (saved or cancelled).
    let button = html! {
        <div class="panel-inline">
            <GuardedButton label="Rename" permission={Permission::EditServer} class="secondary" onclick={open} id="rename-button" />
        </div>
    };
    if !*editing {
        // The same shape as while editing, so Yew keeps the button element (and its focus).
        return html! { <>{ button }{ Html::default() }</> };
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
        let from = from.clone();
        let id = props.id;
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match app.run(Command::RenameServer {
                id,
                from: (*from).clone(),
                name: (*draft).clone(),
            }) {
                Ok(_) => {
                    let now = app
                        .org()
                        .server(id)
                        .map(|s| s.name.to_string())
                        .unwrap_or_default();
                    app.say(format!("Renamed “{}” to “{now}”.", *from));
                    editing.set(false);
                    routes::focus("#rename-button", false);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| {
            editing.set(false);
            routes::focus("#rename-button", false);
        })
    };
    let live_error = check.as_ref().err().map(|e| e.to_string());
    let form = html! {
        <form class="panel form" {onsubmit} aria-labelledby="rename-title" novalidate=true>
            { crate::ui::widgets::raw("<h3 id=\"rename-title\">Rename</h3>") }
            <div class="field">
                { crate::ui::widgets::raw("<label for=\"rename-name\">Name</label>") }
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
    };
    html! { <>{ button }{ form }</> }
}
