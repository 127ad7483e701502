//! placeholder

use yew::prelude::*;

use crate::domain::ids::ServerId;

/// Props for [`ServerPage`].
#[derive(Properties, PartialEq)]
pub struct ServerPageProps {
    /// Which server.
    pub id: ServerId,
}

/// placeholder
#[component]
pub fn ServerPage(props: &ServerPageProps) -> Html {
    let _ = props.id;
    Html::default()
}
