//! The add/edit form of Users: Name, Managed Apple Account, Role, checked by the core as the
//! admin types.

use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::domain::ids::UserId;
use crate::domain::organization::{Command, OrgError};
use crate::domain::permissions::{can, Permission, PermissionDenied};
use crate::domain::text::{quoted_list, with_reason};
use crate::domain::user_actions::grant_denied;
use crate::domain::users::{PersonName, Role};
use crate::ui::state::use_app;
use crate::ui::widgets::next_id;

/// Props for [`UserForm`].
#[derive(Properties, PartialEq)]
pub struct UserFormProps {
    /// The person being edited, or `None` to add someone.
    pub editing: Option<UserId>,
    /// The form's accessible name ("Add user", "Edit Jane Doe").
    pub title: AttrValue,
    /// The id of the element that gets focus back when the form closes.
    pub return_focus_id: AttrValue,
    /// Called with a sentence saying what was done, after the core accepted it.
    pub on_done: Callback<String>,
    /// Called on Cancel or Escape.
    pub on_cancel: Callback<()>,
}

/// The add/edit form: Name, Managed Apple Account, Role, checked by the core as the admin types.
#[component]
pub fn UserForm(props: &UserFormProps) -> Html {
    let app = use_app();
    let editing = props.editing;
    let initial = editing.and_then(|id| app.org().user(id)).cloned();
    let name = use_state(|| {
        initial
            .as_ref()
            .map(|u| u.name.to_string())
            .unwrap_or_default()
    });
    let account = use_state(|| {
        initial
            .as_ref()
            .map(|u| u.account.to_string())
            .unwrap_or_default()
    });
    let role = use_state(|| initial.as_ref().map_or(Role::Staff, |u| u.role));
    // Errors show once a field has been typed in (or Save was pressed), not on an empty form.
    let touched = use_state(|| (false, false));
    let error = use_state(|| None::<String>);
    let ids = use_memo((), |()| {
        let n = next_id();
        (
            format!("user-name-{n}"),
            format!("user-account-{n}"),
            format!("user-role-{n}"),
        )
    });
    let name_ref = use_node_ref();

    // Put the cursor in Name when the form opens; give focus back when it closes.
    {
        let name_ref = name_ref.clone();
        let return_id = props.return_focus_id.clone();
        use_effect_with((), move |()| {
            if let Some(input) = name_ref.cast::<HtmlElement>() {
                let _ = input.focus();
            }
            move || {
                let target = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&return_id))
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(e).ok());
                if let Some(target) = target {
                    let _ = target.focus();
                }
            }
        });
    }

    let org = app.org();
    let name_error = touched
        .0
        .then(|| PersonName::parse(&name).err())
        .flatten()
        .map(|e| e.to_string());
    let account_error = touched
        .1
        .then(|| org.check_account(&account, editing).err())
        .flatten()
        .map(|e| e.to_string());
    // Roles this person may not grant stay listed but disabled, with the reason under the list
    // (keeping the person's current role selectable, which the core allows when editing).
    let current_role = initial.as_ref().map(|u| u.role);
    let role_denials: Vec<(Role, Option<PermissionDenied>)> = Role::ALL
        .iter()
        .map(|&r| {
            let denied = if Some(r) == current_role {
                None
            } else {
                grant_denied(org, r)
            };
            (r, denied)
        })
        .collect();
    let role_reason = role_denials.iter().find_map(|(r, denied)| {
        denied
            .as_ref()
            .map(|d| with_reason(&format!("{} is not available.", r.label()), &d.to_string()))
    });

    let on_name = {
        let (name, touched) = (name.clone(), touched.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            name.set(input.value());
            touched.set((true, touched.1));
        })
    };
    let on_account = {
        let (account, touched) = (account.clone(), touched.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            account.set(input.value());
            touched.set((touched.0, true));
        })
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(chosen) = select
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| Role::ALL.get(i))
            {
                role.set(*chosen);
            }
        })
    };
    let save = {
        let app = app.clone();
        let (name, account, role) = (name.clone(), account.clone(), role.clone());
        let error = error.clone();
        let on_done = props.on_done.clone();
        Callback::from(move |()| {
            let chosen = *role;
            let (name, account) = ((*name).clone(), (*account).clone());
            let command = match editing {
                None => Command::AddUser {
                    name: name.clone(),
                    account,
                    role: chosen,
                },
                Some(id) => Command::EditUser {
                    id,
                    name: name.clone(),
                    account,
                    role: chosen,
                },
            };
            match app.run(command) {
                Ok(_) => {
                    let shown = PersonName::parse(&name)
                        .map(|n| n.to_string())
                        .unwrap_or_else(|_| name.clone());
                    on_done.emit(match editing {
                        None => format!("Added {shown} as {}.", chosen.label()),
                        Some(_) => format!("Saved the changes to {shown}."),
                    });
                }
                // A name or account refusal already shows at its field (submitting touches
                // both): saying it again under the form would print it twice.
                Err(OrgError::User(_)) => error.set(None),
                Err(refused) => error.set(Some(refused.to_string())),
            }
        })
    };
    let on_submit = {
        let app = app.clone();
        let role = role.clone();
        let touched = touched.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            touched.set((true, true));
            // Demoting the person who downloaded working tokens to a role that cannot download
            // tokens: say that nobody can renew those through them, and ask first.
            let org = app.org();
            let before = editing.and_then(|id| org.user(id));
            if let Some(person) = before {
                let servers = org.servers_relying_on(person.id, app.state().now);
                let downloads = |r| can(r, Permission::DownloadToken).is_ok();
                if !servers.is_empty() && downloads(person.role) && !downloads(*role) {
                    let who = person.name.to_string();
                    let (tokens, renew) = if servers.len() == 1 {
                        ("token", "replace it before it expires")
                    } else {
                        ("tokens", "replace them before they expire")
                    };
                    app.ask(
                        format!("Make {who} {}?", role.with_article()),
                        format!(
                            "{who} downloaded the working {tokens} of {}. As {}, {who} can no longer \
                             download new tokens: someone who can must {renew}.",
                            quoted_list(&servers),
                            role.label()
                        ),
                        "Change role",
                        false,
                        save.clone(),
                    );
                    return;
                }
            }
            save.emit(());
        })
    };
    let on_cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let on_key = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                on_cancel.emit(());
            }
        })
    };

    let (name_id, account_id, role_id) = &*ids;
    let name_error_id = format!("{name_id}-error");
    let account_error_id = format!("{account_id}-error");
    let role_why_id = format!("{role_id}-why");
    html! {
        <form class="user-form" aria-label={props.title.clone()} novalidate=true
              onsubmit={on_submit} onkeydown={on_key}>
            <div class="form-fields">
                <div class="field">
                    <label for={name_id.clone()}>{ "Name" }</label>
                    <input ref={name_ref} id={name_id.clone()} type="text" autocomplete="off"
                           value={(*name).clone()} oninput={on_name}
                           aria-invalid={name_error.is_some().then_some("true")}
                           aria-describedby={name_error.is_some().then(|| name_error_id.clone())} />
                    if let Some(message) = &name_error {
                        <p class="field-error" id={name_error_id.clone()}>{ message.clone() }</p>
                    }
                </div>
                <div class="field">
                    <label for={account_id.clone()}>{ "Managed Apple Account" }</label>
                    <input id={account_id.clone()} type="email" autocomplete="off" spellcheck="false"
                           value={(*account).clone()} oninput={on_account}
                           placeholder="name@example.com"
                           aria-invalid={account_error.is_some().then_some("true")}
                           aria-describedby={account_error.is_some().then(|| account_error_id.clone())} />
                    if let Some(message) = &account_error {
                        <p class="field-error" id={account_error_id.clone()}>{ message.clone() }</p>
                    }
                </div>
                <div class="field">
                    <label for={role_id.clone()}>{ "Role" }</label>
                    <select id={role_id.clone()} onchange={on_role}
                            aria-describedby={role_reason.is_some().then(|| role_why_id.clone())}>
                        { for role_denials.iter().enumerate().map(|(i, (r, denied))| html! {
                            <option value={i.to_string()} selected={*r == *role}
                                    disabled={denied.is_some()}>{ r.label() }</option>
                        }) }
                    </select>
                    if let Some(reason) = &role_reason {
                        <p class="why" id={role_why_id.clone()}>{ reason.clone() }</p>
                    }
                </div>
            </div>
            <div role="alert" class="form-error">
                if let Some(message) = &*error {
                    <p class="error-text">{ message.clone() }</p>
                }
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{ "Save" }</button>
                <button type="button" class="button secondary" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </form>
    }
}
