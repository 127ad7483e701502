//! The "Users" view: people, their Managed Apple Accounts and roles.
//!
//! Every change goes through the core's commands; the view only asks the core beforehand
//! ([`crate::domain::user_actions`]) so buttons the signed-in role may not use are disabled with
//! the core's own sentence beside them, and shows the core's error when an attempt is refused
//! (the last Administrator, removing yourself).

use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::controls::{next_id, GuardedButton};
use super::modal::Modal;
use super::state::{use_app, AppContext};
use crate::domain::ids::UserId;
use crate::domain::organization::Organization;
use crate::domain::permissions::{Permission, PermissionDenied};
use crate::domain::user_actions::{
    edit_denied, grant_denied, remove_denied, reset_password_denied,
};
use crate::domain::users::{PersonName, Role, User};

/// Which form is open: at most one, so the fields' labels ("Name"...) stay unique on the page.
#[derive(Clone, Copy, PartialEq)]
enum Panel {
    None,
    Adding,
    Editing(UserId),
}

/// A destructive action waiting for the admin's confirmation in a dialog.
#[derive(Clone, Copy, PartialEq)]
enum Confirm {
    Reset(UserId),
    Remove(UserId),
}

/// The Users view.
#[component]
pub fn UsersView() -> Html {
    let app = use_app();
    let panel = use_state(|| Panel::None);
    let confirm = use_state(|| None::<Confirm>);
    // What the last action did (role=status) or why it was refused (role=alert).
    let notice = use_state(|| None::<String>);
    let refusal = use_state(|| None::<String>);
    let heading_ref = use_node_ref();

    let org = app.org();
    let me = org.signed_in();

    // Someone else signed in: what was open or said was for the previous person.
    {
        let (panel, confirm) = (panel.clone(), confirm.clone());
        let (notice, refusal) = (notice.clone(), refusal.clone());
        use_effect_with(me, move |_| {
            panel.set(Panel::None);
            confirm.set(None);
            notice.set(None);
            refusal.set(None);
        });
    }

    let open_add = {
        let (panel, notice, refusal) = (panel.clone(), notice.clone(), refusal.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            refusal.set(None);
            panel.set(Panel::Adding);
        })
    };
    let close_form = {
        let panel = panel.clone();
        Callback::from(move |()| panel.set(Panel::None))
    };
    let form_done = {
        let (panel, notice) = (panel.clone(), notice.clone());
        Callback::from(move |message: String| {
            notice.set(Some(message));
            panel.set(Panel::None);
        })
    };
    let close_confirm = {
        let confirm = confirm.clone();
        Callback::from(move |()| confirm.set(None))
    };

    let actions = RowActions {
        app: app.clone(),
        panel: panel.clone(),
        confirm: confirm.clone(),
        notice: notice.clone(),
        refusal: refusal.clone(),
    };

    let active = org.active_users();
    let former = org.former_users();
    let rows = active.iter().map(|user| {
        let editing = *panel == Panel::Editing(user.id);
        html! {
            <key={user.id.0.to_string()}>
                { actions.row(org, user, me) }
                if editing {
                    <tr class="editing-row">
                        <td colspan="5">
                            <UserForm editing={Some(user.id)}
                                      title={format!("Edit {}", user.name)}
                                      return_focus_id={edit_button_id(user.id)}
                                      on_done={form_done.clone()} on_cancel={close_form.clone()} />
                        </td>
                    </tr>
                }
            </>
        }
    });

    let dialog = confirm.and_then(|c| {
        let id = match c {
            Confirm::Reset(id) | Confirm::Remove(id) => id,
        };
        let user = org.user(id)?;
        Some(actions.dialog(c, user, close_confirm.clone(), heading_ref.clone()))
    });

    html! {
        <section class="users" aria-labelledby="users-title">
            <h1 id="users-title" ref={heading_ref} tabindex="-1">{ "Users" }</h1>
            <p class="lead">{ "People in your organization, their Managed Apple Accounts and what \
                              their role lets them do here." }</p>
            <div class="toolbar">
                <GuardedButton label="Add user" permission={Permission::ManageUsers}
                               id="add-user-button" onclick={open_add} />
            </div>
            if *panel == Panel::Adding {
                <div class="card">
                    <UserForm editing={None::<UserId>} title="Add user"
                              return_focus_id="add-user-button"
                              on_done={form_done.clone()} on_cancel={close_form.clone()} />
                </div>
            }
            <p role="status" class="notice">{ (*notice).clone().unwrap_or_default() }</p>
            <div role="alert" class="refusal-message">
                if let Some(message) = &*refusal {
                    <p class="error-text">{ message.clone() }</p>
                }
            </div>
            <div class="table-wrap">
                <table class="data-table people">
                    <caption>{ "People" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col">{ "Managed Apple Account" }</th>
                            <th scope="col">{ "Role" }</th>
                            <th scope="col">{ "Password last changed" }</th>
                            <th scope="col">{ "Actions" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <section class="former" aria-labelledby="former-title">
                <h2 id="former-title">{ "Former members" }</h2>
                if former.is_empty() {
                    <p class="empty-state">{ "No one has left the organization." }</p>
                } else {
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption class="visually-hidden">{ "Former members" }</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{ "Name" }</th>
                                    <th scope="col">{ "Managed Apple Account" }</th>
                                    <th scope="col">{ "Role" }</th>
                                    <th scope="col">{ "Left on" }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for former.iter().map(|user| html! {
                                    <tr key={user.id.0.to_string()}>
                                        <th scope="row">{ user.name.as_str() }</th>
                                        <td class="account">{ account_cell(user.account.as_str()) }</td>
                                        <td>{ user.role.label() }</td>
                                        <td>{ user.left_at.map(|t| t.date_string()).unwrap_or_default() }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>
            { dialog.unwrap_or_default() }
        </section>
    }
}

/// An account with a line-break opportunity after the "@" (`<wbr>` adds no text), so narrow
/// tables wrap "name@" / "example.com" rather than mid-word.
fn account_cell(account: &str) -> Html {
    match account.split_once('@') {
        Some((local, domain)) => {
            html! { <>{ format!("{local}@") }<wbr />{ domain.to_string() }</> }
        }
        None => html! { { account.to_string() } },
    }
}

/// The id of a person's Edit button, where focus returns after their edit form closes.
fn edit_button_id(id: UserId) -> AttrValue {
    AttrValue::from(format!("edit-user-{}", id.0))
}

/// Builds the rows' action buttons and the confirmation dialogs, sharing the view's state.
struct RowActions {
    app: AppContext,
    panel: UseStateHandle<Panel>,
    confirm: UseStateHandle<Option<Confirm>>,
    notice: UseStateHandle<Option<String>>,
    refusal: UseStateHandle<Option<String>>,
}

/// One action button of a row: short visible text, the person in its accessible name.
struct ActionButton {
    id: Option<AttrValue>,
    text: &'static str,
    label: String,
    denied: Option<PermissionDenied>,
    class: &'static str,
    onclick: Callback<MouseEvent>,
}

impl RowActions {
    /// One active person's row.
    fn row(&self, org: &Organization, user: &User, me: UserId) -> Html {
        let id = user.id;
        let name = user.name.as_str();
        let on_edit = {
            let panel = self.panel.clone();
            let (notice, refusal) = (self.notice.clone(), self.refusal.clone());
            Callback::from(move |_: MouseEvent| {
                notice.set(None);
                refusal.set(None);
                panel.set(Panel::Editing(id));
            })
        };
        let on_reset = {
            let confirm = self.confirm.clone();
            let (notice, refusal) = (self.notice.clone(), self.refusal.clone());
            Callback::from(move |_: MouseEvent| {
                notice.set(None);
                refusal.set(None);
                confirm.set(Some(Confirm::Reset(id)));
            })
        };
        let on_remove = {
            let app = self.app.clone();
            let confirm = self.confirm.clone();
            let (notice, refusal) = (self.notice.clone(), self.refusal.clone());
            Callback::from(move |_: MouseEvent| {
                notice.set(None);
                // Try it on a copy first: if the core would refuse (the last Administrator,
                // yourself), say why now instead of asking for a confirmation that cannot work.
                let mut trial = app.org().clone();
                match trial.remove_user(id, app.state().now) {
                    Ok(()) => {
                        refusal.set(None);
                        confirm.set(Some(Confirm::Remove(id)));
                    }
                    Err(error) => refusal.set(Some(error.to_string())),
                }
            })
        };
        let buttons = [
            ActionButton {
                id: Some(edit_button_id(id)),
                text: "Edit",
                label: format!("Edit {name}"),
                denied: edit_denied(org, id),
                class: "secondary",
                onclick: on_edit,
            },
            ActionButton {
                id: None,
                text: "Reset password",
                label: format!("Reset password for {name}"),
                denied: reset_password_denied(org, id),
                class: "secondary",
                onclick: on_reset,
            },
            ActionButton {
                id: None,
                text: "Remove",
                label: format!("Remove {name}"),
                denied: remove_denied(org, id),
                class: "danger",
                onclick: on_remove,
            },
        ];
        // One sentence per distinct reason, each linked from the buttons it disables.
        let mut reasons: Vec<String> = Vec::new();
        for button in &buttons {
            if let Some(denied) = &button.denied {
                let text = denied.to_string();
                if !reasons.contains(&text) {
                    reasons.push(text);
                }
            }
        }
        let reason_id = |text: &str| {
            reasons
                .iter()
                .position(|r| r == text)
                .map(|i| format!("why-user-{}-{i}", id.0))
        };
        let rendered = buttons.iter().map(|b| {
            let described = b.denied.as_ref().and_then(|d| reason_id(&d.to_string()));
            html! {
                <button type="button" id={b.id.clone()}
                        class={classes!("button", "small-action", b.class)}
                        aria-label={b.label.clone()} disabled={b.denied.is_some()}
                        aria-describedby={described} onclick={b.onclick.clone()}>
                    { b.text }
                </button>
            }
        });
        html! {
            <tr>
                <th scope="row">
                    { name }
                    if id == me { <span class="you">{ " (you)" }</span> }
                </th>
                <td class="account">{ account_cell(user.account.as_str()) }</td>
                <td>{ user.role.label() }</td>
                <td>{ user.password_changed_at().map_or_else(|| "Not recorded".to_string(), |t| t.date_string()) }</td>
                <td class="actions">
                    <div class="action-buttons">{ for rendered }</div>
                    { for reasons.iter().enumerate().map(|(i, text)| html! {
                        <p class="why" id={format!("why-user-{}-{i}", id.0)}>{ text.clone() }</p>
                    }) }
                </td>
            </tr>
        }
    }

    /// The confirmation dialog for `confirm` about `user`.
    fn dialog(
        &self,
        confirm: Confirm,
        user: &User,
        on_close: Callback<()>,
        heading: NodeRef,
    ) -> Html {
        let id = user.id;
        let name = user.name.to_string();
        let (title, question, action, return_focus) = match confirm {
            Confirm::Reset(_) => (
                "Reset password",
                format!(
                    "Record that {name} changed their Managed Apple Account password? Server \
                     tokens they downloaded will stop working."
                ),
                "Reset password",
                None,
            ),
            Confirm::Remove(_) => (
                "Remove from organization",
                format!(
                    "Remove {name} from the organization? Server tokens they downloaded will \
                     stop working."
                ),
                "Remove",
                // Their row disappears, so focus goes back to the top of the view.
                Some(heading),
            ),
        };
        let on_confirm = {
            let app = self.app.clone();
            let (notice, refusal) = (self.notice.clone(), self.refusal.clone());
            let on_close = on_close.clone();
            Callback::from(move |_: MouseEvent| {
                let result = match confirm {
                    Confirm::Reset(_) => app
                        .run(|org, now| org.record_password_change(id, now).map(|()| now))
                        .map(|at| {
                            format!(
                                "Recorded that {name} changed their password on {}.",
                                at.date_string()
                            )
                        }),
                    Confirm::Remove(_) => app.run(|org, now| org.remove_user(id, now)).map(|()| {
                        format!("{name} was removed and is listed under Former members.")
                    }),
                };
                match result {
                    Ok(message) => {
                        refusal.set(None);
                        notice.set(Some(message));
                    }
                    Err(error) => refusal.set(Some(error.to_string())),
                }
                on_close.emit(());
            })
        };
        let cancel = {
            let on_close = on_close.clone();
            Callback::from(move |_: MouseEvent| on_close.emit(()))
        };
        let danger = matches!(confirm, Confirm::Remove(_));
        html! {
            <Modal title={title} {on_close} {return_focus}>
                <p>{ question }</p>
                <div class="dialog-actions">
                    <button type="button" class="button secondary" autofocus=true onclick={cancel}>
                        { "Cancel" }</button>
                    <button type="button" class={classes!("button", danger.then_some("danger"))}
                            onclick={on_confirm}>{ action }</button>
                </div>
            </Modal>
        }
    }
}

/// Props for [`UserForm`].
#[derive(Properties, PartialEq)]
struct UserFormProps {
    /// The person being edited, or `None` to add someone.
    editing: Option<UserId>,
    /// The form's accessible name ("Add user", "Edit Jane Doe").
    title: AttrValue,
    /// The id of the element that gets focus back when the form closes.
    return_focus_id: AttrValue,
    /// Called with a sentence saying what was done, after the core accepted it.
    on_done: Callback<String>,
    /// Called on Cancel or Escape.
    on_cancel: Callback<()>,
}

/// The add/edit form: Name, Managed Apple Account, Role, checked by the core as the admin types.
#[component]
fn UserForm(props: &UserFormProps) -> Html {
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
            .map(|d| format!("{} is not available: {d}", r.label()))
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
    let on_submit = {
        let app = app.clone();
        let (name, account, role) = (name.clone(), account.clone(), role.clone());
        let (touched, error) = (touched.clone(), error.clone());
        let on_done = props.on_done.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            touched.set((true, true));
            let chosen = *role;
            let result = match editing {
                None => app
                    .run(|org, now| org.add_user(&name, &account, chosen, now))
                    .map(|_| ()),
                Some(id) => app.run(|org, now| org.edit_user(id, &name, &account, chosen, now)),
            };
            match result {
                Ok(()) => {
                    let shown = PersonName::parse(&name)
                        .map(|n| n.to_string())
                        .unwrap_or_else(|_| (*name).clone());
                    on_done.emit(match editing {
                        None => format!("Added {shown} as {}.", chosen.label()),
                        Some(_) => format!("Saved the changes to {shown}."),
                    });
                }
                Err(refused) => error.set(Some(refused.to_string())),
            }
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
