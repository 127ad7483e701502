//! The signed-in person's name at the bottom of the sidebar and the menu it opens (WAI-ARIA
//! menu button pattern: Enter, Space or ArrowDown opens and focuses the first item; arrows move;
//! Escape closes and returns focus to the button). "Sign in as" opens a modal dialog listing the
//! current members; the app simulates signing in, so choosing one just switches roles.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::sign_in_as::SignInAs;
use crate::ui::routes::{self, Route};

/// Props for [`AccountMenu`].
#[derive(Properties, PartialEq)]
pub struct AccountMenuProps {
    /// The signed-in person's name.
    pub person_name: AttrValue,
}

/// The name button and its menu.
#[component]
pub fn AccountMenu(props: &AccountMenuProps) -> Html {
    let open = use_state(|| false);
    let choosing = use_state(|| false);
    let button_ref = use_node_ref();
    let menu_ref = use_node_ref();

    // Focus the first item whenever the menu opens.
    {
        let menu_ref = menu_ref.clone();
        use_effect_with(*open, move |is_open| {
            if *is_open {
                focus_item(&menu_ref, 0);
            }
        });
    }

    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_button_key = {
        let open = open.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "ArrowDown" || event.key() == "ArrowUp" {
                event.prevent_default();
                open.set(true);
            }
        })
    };
    let close_and_refocus = {
        let open = open.clone();
        let button_ref = button_ref.clone();
        Callback::from(move |()| {
            open.set(false);
            if let Some(button) = button_ref.cast::<HtmlElement>() {
                let _ = button.focus();
            }
        })
    };
    let on_menu_key = {
        let menu_ref = menu_ref.clone();
        let close_and_refocus = close_and_refocus.clone();
        Callback::from(move |event: KeyboardEvent| {
            let count = menu_items(&menu_ref).len();
            let current = focused_index(&menu_ref);
            match event.key().as_str() {
                "Escape" | "Tab" => close_and_refocus.emit(()),
                "ArrowDown" => {
                    event.prevent_default();
                    focus_item(&menu_ref, current.map_or(0, |i| (i + 1) % count.max(1)));
                }
                "ArrowUp" => {
                    event.prevent_default();
                    let previous = current.map_or(0, |i| (i + count.max(1) - 1) % count.max(1));
                    focus_item(&menu_ref, previous);
                }
                "Home" => focus_item(&menu_ref, 0),
                "End" => focus_item(&menu_ref, count.saturating_sub(1)),
                _ => {}
            }
        })
    };
    let go = |route: Route| {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            open.set(false);
            routes::push(route);
        })
    };

    let open_sign_in = {
        let open = open.clone();
        let choosing = choosing.clone();
        Callback::from(move |_: MouseEvent| {
            open.set(false);
            choosing.set(true);
        })
    };
    let close_sign_in = {
        let choosing = choosing.clone();
        Callback::from(move |()| choosing.set(false))
    };

    html! {
        <div class="account-menu">
            <button ref={button_ref.clone()} type="button" class="account-button" id="account-button"
                    aria-haspopup="menu" aria-expanded={if *open { "true" } else { "false" }}
                    aria-controls="account-menu-list"
                    onclick={toggle} onkeydown={on_button_key}>
                <span class="avatar" aria-hidden="true">{ initials(&props.person_name) }</span>
                <span class="account-name">{ props.person_name.clone() }</span>
            </button>
            if *open {
                <ul ref={menu_ref} role="menu" id="account-menu-list" class="menu"
                    aria-labelledby="account-button" onkeydown={on_menu_key}>
                    <li role="none">
                        <button type="button" role="menuitem" tabindex="-1"
                                onclick={go(Route::MdmServers)}>{ "Preferences" }</button>
                    </li>
                    <li role="none">
                        <button type="button" role="menuitem" tabindex="-1" aria-haspopup="dialog"
                                onclick={open_sign_in}>{ "Sign in as" }</button>
                    </li>
                </ul>
            }
            if *choosing {
                <SignInAs on_close={close_sign_in} return_focus={button_ref.clone()} />
            }
        </div>
    }
}

/// Up to two initials for the avatar circle.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .map(|c| crate::domain::unicode::uppercase(c.encode_utf8(&mut [0; 4])))
        .collect()
}

fn menu_items(menu_ref: &NodeRef) -> Vec<HtmlElement> {
    let Some(menu) = menu_ref.cast::<web_sys::Element>() else {
        return Vec::new();
    };
    let Ok(list) = menu.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn focused_index(menu_ref: &NodeRef) -> Option<usize> {
    let active = web_sys::window()?.document()?.active_element()?;
    menu_items(menu_ref)
        .iter()
        .position(|item| item.is_same_node(Some(&active)))
}

fn focus_item(menu_ref: &NodeRef, index: usize) {
    if let Some(item) = menu_items(menu_ref).get(index) {
        let _ = item.focus();
    }
}
