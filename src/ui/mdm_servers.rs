//! placeholder

use yew::prelude::*;

/// placeholder
#[component]
pub fn MdmServers() -> Html {
    Html::default()
}
