//! The one confirmation dialog: a change that cannot be undone, or that breaks something that
//! works, names its consequence and waits for the admin to confirm. Built on [`Modal`], so it
//! traps focus, closes on Escape and gives focus back.

use yew::prelude::*;

use super::modal::Modal;

/// What [`confirm_dialog`] shows.
pub struct ConfirmDialogProps {
    /// The question, as the dialog's heading and accessible name ("Delete “Lab Macs”?").
    pub title: AttrValue,
    /// What will happen, in plain words; the dialog's accessible description.
    pub consequence: AttrValue,
    /// The confirming button's label, naming the action ("Delete “Lab Macs”").
    pub confirm_label: AttrValue,
    /// Whether confirming destroys something (a red button).
    pub danger: bool,
    /// Called on confirm.
    pub on_confirm: Callback<()>,
    /// Called on Cancel or Escape.
    pub on_cancel: Callback<()>,
    /// Why the last attempt was refused, if it was.
    pub error: Option<AttrValue>,
    /// Where focus goes when the dialog closes; defaults to what was focused when it opened.
    pub return_focus: Option<NodeRef>,
    /// Extra fields between the consequence and the buttons (e.g. where defaults go).
    pub children: Html,
}

/// A modal confirmation with Cancel first (and focused), so Enter never confirms by accident.
/// A plain function over [`Modal`], not a component of its own: it keeps no state, and each
/// component type costs Yew glue in the wasm.
pub fn confirm_dialog(props: ConfirmDialogProps) -> Html {
    let confirm = {
        let on_confirm = props.on_confirm.clone();
        Callback::from(move |_: MouseEvent| on_confirm.emit(()))
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    html! {
        <Modal title={props.title} description={props.consequence} alert=true
               on_close={props.on_cancel} return_focus={props.return_focus}>
            { props.children }
            <div role="alert" class="form-error">
                if let Some(message) = &props.error {
                    <p class="error-text">{ message.clone() }</p>
                }
            </div>
            <div class="dialog-actions">
                <button type="button" class="button secondary" autofocus=true onclick={cancel}>
                    { "Cancel" }</button>
                <button type="button" class={classes!("button", props.danger.then_some("danger"))}
                        onclick={confirm}>{ props.confirm_label }</button>
            </div>
        </Modal>
    }
}
