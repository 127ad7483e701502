//! Small shared controls: buttons guarded by a permission, which stay visible but disabled
//! with the core's reason beside them, so a Staff member sees what exists and why they cannot
//! use it.

use yew::prelude::*;

use crate::domain::permissions::Permission;
use crate::ui::state::use_app;

/// Props for [`GuardedButton`].
#[derive(Properties, PartialEq)]
pub struct GuardedButtonProps {
    /// The button's visible label (its accessible name).
    pub label: AttrValue,
    /// What the signed-in person must be allowed to do.
    pub permission: Permission,
    /// What a click does when allowed.
    pub onclick: Callback<MouseEvent>,
    /// Extra classes ("secondary", "danger").
    #[prop_or_default]
    pub class: Classes,
    /// Disabled for another reason (e.g. the form is incomplete).
    #[prop_or_default]
    pub disabled: bool,
    /// `type="submit"` instead of `button`.
    #[prop_or_default]
    pub submit: bool,
    /// The button's element id, so focus can be returned to it (e.g. after a form closes).
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// The element saying why it is disabled for another reason (`disabled`), if any.
    #[prop_or_default]
    pub describedby: Option<AttrValue>,
}

/// A button that is disabled, with the reason shown beside it and linked by
/// `aria-describedby`, when the signed-in person's role does not allow `permission`.
#[component]
pub fn GuardedButton(props: &GuardedButtonProps) -> Html {
    let app = use_app();
    let denied = app.org().may(props.permission).err();
    let reason_id = use_memo((), |()| format!("why-{}", next_id()));
    let onclick = {
        let onclick = props.onclick.clone();
        let allowed = denied.is_none();
        Callback::from(move |event: MouseEvent| {
            if allowed {
                onclick.emit(event);
            }
        })
    };
    html! {
        <span class="guarded">
            <button type={if props.submit { "submit" } else { "button" }} id={props.id.clone()}
                    class={classes!("button", props.class.clone())}
                    disabled={denied.is_some() || props.disabled}
                    aria-describedby={denied.as_ref().map(|_| AttrValue::from((*reason_id).clone())).or(props.describedby.clone())}
                    {onclick}>
                { props.label.clone() }
            </button>
            if let Some(denied) = denied {
                <span class="why" id={(*reason_id).clone()}>{ denied.to_string() }</span>
            }
        </span>
    }
}

/// A page-unique number for element ids.
pub fn next_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The sentence saying why the signed-in person may not do `permission`, if they may not.
#[hook]
pub fn use_denied(permission: Permission) -> Option<String> {
    let app = use_app();
    app.org()
        .may(permission)
        .err()
        .map(|denied| denied.to_string())
}
