//! The "Sign in as" dialog: one button per current member, "NAME — ROLE", the signed-in person
//! marked. The app simulates signing in, so choosing someone just switches roles; the switch is
//! logged.

use yew::prelude::*;

use crate::domain::organization::Command;
use crate::ui::state::use_app;
use crate::ui::widgets::Modal;

/// Props for [`SignInAs`].
#[derive(Properties, PartialEq)]
pub struct SignInAsProps {
    /// Closes the dialog (Escape, Cancel, or after choosing).
    pub on_close: Callback<()>,
    /// The name button, which gets focus back.
    pub return_focus: NodeRef,
}

/// The "Sign in as" dialog: one button per current member, "NAME — ROLE", the signed-in person
/// marked. Any member may switch (see `Organization::sign_in_as`); the switch is logged.
#[component]
pub fn SignInAs(props: &SignInAsProps) -> Html {
    let app = use_app();
    let error = use_state(|| None::<String>);
    let me = app.org().signed_in();
    let people = app.org().active_users().into_iter().map(|user| {
        let id = user.id;
        let current = id == me;
        let onclick = {
            let app = app.clone();
            let error = error.clone();
            let on_close = props.on_close.clone();
            Callback::from(move |_: MouseEvent| {
                match app.run(Command::SignInAs { id }) {
                    Ok(_) => on_close.emit(()),
                    Err(refused) => error.set(Some(refused.to_string())),
                }
            })
        };
        html! {
            <li key={id.0.to_string()}>
                <button type="button" class={classes!("person-choice", current.then_some("current"))}
                        aria-current={current.then_some("true")} autofocus={current} {onclick}>
                    <span class="person-name">{ user.name.as_str() }</span>
                    { " — " }
                    <span class="person-role">{ user.role.label() }</span>
                    if current { { crate::ui::widgets::raw("<span class=\"you\"> (signed in)</span>") } }
                </button>
            </li>
        }
    });
    let cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    html! {
        <Modal title="Sign in as" on_close={props.on_close.clone()}
               return_focus={Some(props.return_focus.clone())}>
            { crate::ui::widgets::raw("<p class=\"hint\">Choose who uses MDM Link now. What you can change follows their role.</p>") }
            <ul class="person-list">{ for people }</ul>
            <div role="alert" class="form-error">
                if let Some(message) = &*error { <p class="error-text">{ message.clone() }</p> }
            </div>
            <div class="dialog-actions">
                <button type="button" class="button secondary" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </Modal>
    }
}
