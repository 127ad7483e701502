//! One MDM server's page: its token (status, Download Token, calendar reminders, history), its
//! certificate and settings, and the changes an admin makes to it: rename, upload a new public
//! key, allow releasing devices, delete.

mod certificate_panel;
mod delete_panel;
mod rename_panel;
mod settings_panel;
mod token_panel;

use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::ui::routes::{link_click, Route};
use crate::ui::state::use_app;
use certificate_panel::CertificatePanel;
use delete_panel::delete_panel;
use rename_panel::RenamePanel;
use settings_panel::settings_panel;
use token_panel::token_panel;

/// Props for [`ServerPage`].
#[derive(Properties, PartialEq)]
pub struct ServerPageProps {
    /// Which server.
    pub id: ServerId,
}

/// A server's page.
#[component]
pub fn ServerPage(props: &ServerPageProps) -> Html {
    let app = use_app();
    let Some(server) = app.org().server(props.id).cloned() else {
        return html! {
            <section class="pane" aria-labelledby="server-missing-title">
                { crate::ui::widgets::raw("<h2 id=\"server-missing-title\">MDM server not found</h2>") }
                <p>{ "This server does not exist: it may have been deleted. " }
                   <a href={Route::MdmServers.href()} onclick={link_click(Route::MdmServers)}>
                       { "Back to MDM Server Assignment" }</a></p>
            </section>
        };
    };
    html! {
        <section class="pane server-page" aria-labelledby="server-title">
            <p class="breadcrumb"><a href={Route::MdmServers.href()} onclick={link_click(Route::MdmServers)}>
                { "MDM Server Assignment" }</a></p>
            <h2 id="server-title">{ server.name.to_string() }</h2>
            { token_panel(&app, server.id) }
            <RenamePanel id={server.id} />
            <CertificatePanel id={server.id} />
            { settings_panel(&app, server.id) }
            { delete_panel(&app, server.id) }
        </section>
    }
}

/// Props shared by the panels: the server they act on.
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// Which server.
    pub id: ServerId,
}
