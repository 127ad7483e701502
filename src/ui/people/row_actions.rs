//! The Users table's rows: each person's action buttons (disabled with the core's reason when
//! the signed-in role may not use them) and the confirmations for recording a password change
//! and removing someone.

use yew::prelude::*;

use crate::domain::ids::UserId;
use crate::domain::organization::{Command, Organization};
use crate::domain::permissions::PermissionDenied;
use crate::domain::text::tokens_stop;
use crate::domain::user_actions::{edit_denied, remove_denied, reset_password_denied};
use crate::domain::users::User;
use crate::ui::state::AppContext;
use crate::ui::widgets::{confirm_dialog, ConfirmDialogProps};

/// Which form is open: at most one, so the fields' labels ("Name"...) stay unique on the page.
#[derive(Clone, Copy, PartialEq)]
pub enum Panel {
    None,
    Adding,
    Editing(UserId),
}

/// A destructive action waiting for the admin's confirmation in a dialog.
#[derive(Clone, Copy, PartialEq)]
pub enum Confirm {
    Reset(UserId),
    Remove(UserId),
}

/// An account with a line-break opportunity after the "@" (`<wbr>` adds no text), so narrow
/// tables wrap "name@" / "example.com" rather than mid-word.
pub fn account_cell(account: &str) -> Html {
    match account.split_once('@') {
        Some((local, domain)) => {
            html! { <>{ format!("{local}@") }<wbr />{ domain.to_string() }</> }
        }
        None => html! { { account.to_string() } },
    }
}

/// The id of a person's Edit button, where focus returns after their edit form closes.
pub fn edit_button_id(id: UserId) -> AttrValue {
    AttrValue::from(format!("edit-user-{}", id.0))
}

/// Builds the rows' action buttons and the confirmation dialogs, sharing the view's state.
pub struct RowActions {
    pub app: AppContext,
    pub panel: UseStateHandle<Panel>,
    pub confirm: UseStateHandle<Option<Confirm>>,
    pub notice: UseStateHandle<Option<String>>,
    pub refusal: UseStateHandle<Option<String>>,
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
    /// One active person's row. A reason in `shared` (the table's explanations, shown once
    /// above it) is linked there rather than repeated under the row.
    pub fn row(&self, org: &Organization, user: &User, me: UserId, shared: &[String]) -> Html {
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
                match trial.apply(&Command::RemoveUser { id }, app.state().now) {
                    Ok(_) => {
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
                text: "Record password change",
                label: format!("Record password change for {name}"),
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
                if !shared.contains(&text) && !reasons.contains(&text) {
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
            let described = b.denied.as_ref().and_then(|d| {
                let text = d.to_string();
                match shared.iter().position(|r| *r == text) {
                    Some(i) => Some(format!("users-why-{i}")),
                    None => reason_id(&text),
                }
            });
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
                    if id == me { { crate::ui::widgets::raw("<span class=\"you\"> (you)</span>") } }
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
    pub fn dialog(
        &self,
        confirm: Confirm,
        user: &User,
        on_close: Callback<()>,
        heading: NodeRef,
    ) -> Html {
        let id = user.id;
        let name = user.name.to_string();
        // The servers whose working token this person downloaded: the tokens that stop working.
        let org = self.app.org();
        let stops = tokens_stop(&org.servers_relying_on(id, self.app.state().now));
        let stops = if stops.is_empty() {
            format!("No working server token was downloaded by {name}.")
        } else {
            stops
        };
        let (title, question, action, return_focus) = match confirm {
            Confirm::Reset(_) => (
                "Record password change",
                format!("Record that {name} changed their Managed Apple Account password? {stops}"),
                "Record password change",
                None,
            ),
            Confirm::Remove(_) => (
                "Remove from organization",
                format!("Remove {name} from the organization? {stops}"),
                "Remove",
                // Their row disappears, so focus goes back to the top of the view.
                Some(heading),
            ),
        };
        let on_confirm = {
            let app = self.app.clone();
            let (notice, refusal) = (self.notice.clone(), self.refusal.clone());
            let on_close = on_close.clone();
            Callback::from(move |()| {
                let result = match confirm {
                    Confirm::Reset(_) => app.run(Command::RecordPasswordChange { id }).map(|_| {
                        format!(
                            "Recorded that {name} changed their password on {}.",
                            app.state().now.date_string()
                        )
                    }),
                    Confirm::Remove(_) => app
                        .run(Command::RemoveUser { id })
                        .map(|_| format!("{name} was removed and is listed under Former members.")),
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
        let danger = matches!(confirm, Confirm::Remove(_));
        confirm_dialog(ConfirmDialogProps {
            title: title.into(),
            consequence: question.into(),
            confirm_label: action.into(),
            danger,
            on_confirm,
            on_cancel: on_close,
            error: None,
            return_focus,
            children: Html::default(),
        })
    }
}
