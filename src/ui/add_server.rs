//! placeholder

use yew::prelude::*;

/// placeholder
#[component]
pub fn AddServer() -> Html {
    Html::default()
}
