//! The "Users" view: people, their Managed Apple Accounts and roles.
//!
//! Every change goes through the core's commands; the view only asks the core beforehand
//! ([`crate::domain::user_actions`]) so buttons the signed-in role may not use are disabled with
//! the core's own sentence beside them, and shows the core's error when an attempt is refused
//! (the last Administrator, removing yourself).

use yew::prelude::*;

use super::row_actions::{account_cell, edit_button_id, Confirm, Panel, RowActions};
use super::user_form::UserForm;
use crate::domain::ids::UserId;
use crate::domain::permissions::Permission;
use crate::ui::state::use_app;

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

    // A role that may not manage people has the same reason on every row: said once, above.
    let mut shared: Vec<String> = Vec::new();
    for permission in [Permission::ManageUsers, Permission::ResetPasswords] {
        if let Err(denied) = org.may(permission) {
            let text = denied.to_string();
            if !shared.contains(&text) {
                shared.push(text);
            }
        }
    }
    let active = org.active_users();
    let former = org.former_users();
    let rows = active.iter().map(|user| {
        let editing = *panel == Panel::Editing(user.id);
        html! {
            <key={user.id.0.to_string()}>
                { actions.row(org, user, me, &shared) }
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
            { crate::ui::widgets::raw("<p class=\"lead\">People in your organization, their Managed Apple Accounts and what their role lets them do here.</p>") }
            <div class="toolbar">
                // Its reason is the table's first explanation (below), not a second copy of it.
                <button type="button" id="add-user-button" class="button" onclick={open_add}
                        disabled={!shared.is_empty()}
                        aria-describedby={(!shared.is_empty()).then_some("users-why-0")}>{ "Add user" }</button>
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
            { for shared.iter().enumerate().map(|(i, text)| html! {
                <p class="why" id={format!("users-why-{i}")}>{ text.clone() }</p>
            }) }
            <div class="table-wrap">
                <table class="data-table people">
                    <caption>{ "People" }</caption>
                    { crate::ui::widgets::thead(&["Name", "Managed Apple Account", "Role", "Password last changed", "Actions"]) }
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <section class="former" aria-labelledby="former-title">
                { crate::ui::widgets::raw("<h2 id=\"former-title\">Former members</h2>") }
                if former.is_empty() {
                    { crate::ui::widgets::raw("<p class=\"empty-state\">No one has left the organization.</p>") }
                } else {
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption class="visually-hidden">{ "Former members" }</caption>
                            { crate::ui::widgets::thead(&["Name", "Managed Apple Account", "Role", "Left on"]) }
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
