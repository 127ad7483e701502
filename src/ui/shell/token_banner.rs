//! The banner listing servers whose tokens need action (expired, expiring soon, stopped
//! working), with a direct "Download Token" for people allowed to.

use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::domain::permissions::Permission;
use crate::domain::text::sort_by;
use crate::domain::token::TokenStatus;
use crate::domain::unicode::lowercase;
use crate::ui::routes::Route;
use crate::ui::state::use_app;
use crate::ui::token_actions::download_asking;

/// Servers listed by name in the banner; the rest are counted, with a link to the list (a
/// banner on every view must stay short, and cheap to render, at 1,000 servers).
const BANNER_LIMIT: usize = 8;

/// Servers whose tokens need action (expired, expiring soon, invalidated), with a direct
/// "Download Token" for people allowed to, and a plain explanation for people who are not.
#[component]
pub fn TokenBanner() -> Html {
    let app = use_app();
    let now = app.state().now;
    // Every server's token status, worked out once per version of the organization and minute
    // of the clock, not on every render of every view.
    let attention = {
        let org = app.state().org.clone();
        use_memo((app.state().org_version, now), move |(_, now)| {
            let mut attention: Vec<(String, ServerId, String, TokenStatus)> = org
                .servers()
                .iter()
                .filter_map(|server| {
                    let status = org.token_status(server.id, *now)?;
                    (status.needs_action() && status != TokenStatus::NoToken).then(|| {
                        let name = server.name.to_string();
                        (lowercase(&name), server.id, name, status)
                    })
                })
                .collect();
            sort_by(&mut attention, |a, b| a.0.cmp(&b.0));
            attention
        })
    };
    if attention.is_empty() {
        return Html::default();
    }
    let org = app.org();
    let denied = org.may(Permission::DownloadToken).err();
    html! {
        <section class="banner warning" aria-labelledby="token-banner-title">
            <h2 id="token-banner-title" class="banner-title">
                { if attention.len() == 1 { "1 server token needs action".to_string() }
                  else { format!("{} server tokens need action", attention.len()) } }
            </h2>
            <ul class="banner-list">
                { for attention.iter().take(BANNER_LIMIT).map(|(_, id, name, status)| {
                    let id = *id;
                    let href = Route::MdmServer { id: id.0 }.href();
                    let on_download = {
                        let app = app.clone();
                        Callback::from(move |_: MouseEvent| download_asking(&app, id))
                    };
                    html! {
                        <li key={id.0}>
                            <a {href}>{ name.clone() }</a>{ ": " }
                            <span class={["tone tone-", status.severity()].concat()}>{ crate::ui::widgets::dated(&status.text()) }</span>
                            if denied.is_none() {
                                { " " }
                                <button type="button" class="button small" onclick={on_download}
                                        aria-label={format!("Download Token for {name}")}>{ "Download Token" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
            if attention.len() > BANNER_LIMIT {
                <p>{ format!("…and {} more. ", attention.len() - BANNER_LIMIT) }
                   <a href={Route::MdmServers.href()}>{ "See every server's token in MDM Server Assignment" }</a>
                   { " (sort by Token)." }</p>
            }
            if let Some(denied) = &denied {
                <p class="why">{ format!("{denied} Ask one of them to download new tokens.") }</p>
            }
        </section>
    }
}
