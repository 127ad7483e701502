//! Preferences > MDM Server Assignment: every linked server in a sortable, filterable table,
//! the "Add" button, and the default server for each device type.

use std::cmp::Ordering;

use yew::prelude::*;

use super::default_servers::DefaultServers;
use crate::domain::ids::ServerId;
use crate::domain::organization::{DeviceType, Organization, Server};
use crate::domain::permissions::Permission;
use crate::domain::text::{count, sort_by};
use crate::domain::time::Timestamp;
use crate::domain::token::TokenStatus;
use crate::domain::unicode::lowercase;
use crate::ui::routes::{self, Route};
use crate::ui::state::use_app;
use crate::ui::widgets::GuardedButton;

/// Columns the list sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Name,
    Certificate,
    Expires,
    Token,
    Release,
    Defaults,
    Added,
}

impl Column {
    const ALL: [Column; 7] = [
        Column::Name,
        Column::Certificate,
        Column::Expires,
        Column::Token,
        Column::Release,
        Column::Defaults,
        Column::Added,
    ];

    /// Columns hidden on narrow screens (their facts are on the server's page).
    fn minor(self) -> bool {
        matches!(self, Column::Certificate | Column::Release | Column::Added)
    }

    fn label(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Certificate => "Certificate",
            Column::Expires => "Certificate expires",
            Column::Token => "Token",
            Column::Release => "Release devices",
            Column::Defaults => "Default for",
            Column::Added => "Added",
        }
    }
}

/// One table row, computed once per render from the organization and the current time.
#[derive(Clone, PartialEq)]
struct Row {
    id: ServerId,
    name: String,
    sort_name: String,
    subject: String,
    sort_subject: String,
    expires: Timestamp,
    token: TokenStatus,
    release: bool,
    defaults: Vec<DeviceType>,
    added: Timestamp,
    /// What the filter searches, lowercased once: name, subject, token status, device types.
    haystack: String,
}

fn rows(org: &Organization, now: Timestamp) -> Vec<Row> {
    org.servers()
        .iter()
        .map(|server: &Server| {
            let token = org
                .token_status(server.id, now)
                .unwrap_or(TokenStatus::NoToken);
            let defaults = org.defaults_for(server.id);
            let sort_name = lowercase(server.name.as_str());
            let sort_subject = lowercase(&server.certificate.subject);
            let mut haystack = format!("{sort_name} {sort_subject} {}", token.text());
            for device_type in &defaults {
                haystack.push(' ');
                haystack.push_str(device_type.label());
            }
            Row {
                id: server.id,
                name: server.name.to_string(),
                sort_name,
                subject: server.certificate.subject.clone(),
                sort_subject,
                expires: server.certificate.not_after,
                token,
                release: server.allow_release_devices,
                defaults,
                added: server.added_at,
                haystack: lowercase(&haystack),
            }
        })
        .collect()
}

fn compare(a: &Row, b: &Row, column: Column) -> Ordering {
    let primary = match column {
        Column::Name => a.sort_name.cmp(&b.sort_name),
        Column::Certificate => a.sort_subject.cmp(&b.sort_subject),
        Column::Expires => a.expires.cmp(&b.expires),
        Column::Token => a.token.code().cmp(b.token.code()),
        Column::Release => a.release.cmp(&b.release),
        Column::Defaults => a.defaults.len().cmp(&b.defaults.len()),
        Column::Added => a.added.cmp(&b.added),
    };
    primary.then_with(|| a.sort_name.cmp(&b.sort_name))
}

/// Whether every word of `query` (already lowercased) is in the row's text.
fn matches_filter(row: &Row, query: &str) -> bool {
    query
        .split_whitespace()
        .all(|word| row.haystack.contains(word))
}

/// Rows rendered at first, and added by each "Show more": the rest of a long list costs the
/// browser layout time on every change (1,000 rows: ~0.2 s per re-sort) for rows off screen.
const PAGE: usize = 100;

/// The MDM Server Assignment pane.
#[component]
pub fn MdmServers() -> Html {
    let app = use_app();
    let sort = use_state(|| (Column::Name, true));
    let filter = use_state(String::new);
    let limit = use_state(|| PAGE);
    let guide = use_state(|| false);
    let org = app.org();
    let now = app.state().now;

    // Keyed on the organization's version, not the organization: comparing 1,000 servers on
    // every render would cost what the memo saves.
    let all = {
        let org = app.state().org.clone();
        use_memo((app.state().org_version, now), move |(_, now)| {
            rows(&org, *now)
        })
    };
    let query = lowercase(&filter);
    let mut shown: Vec<&Row> = all
        .iter()
        .filter(|row| matches_filter(row, &query))
        .collect();
    let (column, ascending) = *sort;
    sort_by(&mut shown, |a, b| {
        let order = compare(a, b, column);
        if ascending {
            order
        } else {
            order.reverse()
        }
    });

    let on_add = Callback::from(|_: MouseEvent| routes::push(Route::AddMdmServer));
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let header = |col: Column| {
        let sort = sort.clone();
        let (current, ascending) = *sort;
        let aria_sort = if current == col {
            if ascending {
                "ascending"
            } else {
                "descending"
            }
        } else {
            "none"
        };
        let onclick = Callback::from(move |_: MouseEvent| {
            let (current, ascending) = *sort;
            sort.set((col, if current == col { !ascending } else { true }));
        });
        let arrow = match aria_sort {
            "ascending" => " ▲",
            "descending" => " ▼",
            _ => "",
        };
        html! {
            <th scope="col" aria-sort={aria_sort} class={col.minor().then_some("minor")}>
                <button type="button" class="sort-button" {onclick}>
                    { col.label() }<span aria-hidden="true">{ arrow }</span>
                </button>
            </th>
        }
    };

    html! {
        <section class="pane" aria-labelledby="mdm-servers-title">
            <div class="pane-header">
                { crate::ui::widgets::raw("<h2 id=\"mdm-servers-title\">MDM Server Assignment</h2>") }
                <GuardedButton label="Add" permission={Permission::AddServer} onclick={on_add} />
            </div>
            { crate::ui::widgets::raw("<p class=\"lead\">Link your MDM servers here: each needs a unique name, the MDM vendor's public key certificate, and a server token that you download and upload to the MDM server.</p>") }
            if all.is_empty() {
                { get_started(&guide) }
            } else {
                <div class="list-tools">
                    { crate::ui::widgets::raw("<label for=\"server-filter\" class=\"field-label\">Filter servers</label>") }
                    <input id="server-filter" type="search" value={(*filter).clone()} oninput={on_filter}
                           placeholder="Name, certificate, status or device type" />
                    <span role="status" class="muted">
                        { format!("{} of {} shown.", shown.len(), count(all.len(), "server", "servers")) }
                    </span>
                </div>
                <div class="table-scroll">
                    <table class="data-table">
                        <caption class="visually-hidden">{ "MDM servers" }</caption>
                        <thead><tr>{ for Column::ALL.iter().map(|c| header(*c)) }</tr></thead>
                        <tbody>
                            { for shown.iter().take(*limit).map(|row| server_row(row)) }
                        </tbody>
                    </table>
                </div>
                if shown.is_empty() {
                    <p class="empty-state">{ format!("No servers match “{}”.", *filter) }</p>
                }
                { more_rows(shown.len(), &limit) }
            }
            <DefaultServers />
            { org_note(org) }
        </section>
    }
}

/// "Showing 100 of 1,000 servers", with Show 100 more and Show all, when the list is longer
/// than what is rendered.
fn more_rows(total: usize, limit: &UseStateHandle<usize>) -> Html {
    let shown = total.min(**limit);
    if shown == total {
        return Html::default();
    }
    let more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE))
    };
    let all = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(usize::MAX))
    };
    html! {
        <div class="list-more">
            <p class="muted">{ format!("Showing {shown} of {total} servers. Sort or filter to find one, or show more.") }</p>
            <button type="button" class="button secondary" onclick={more}>
                { format!("Show {} more", PAGE.min(total - shown)) }</button>
            <button type="button" class="button secondary" onclick={all}>
                { format!("Show all {total}") }</button>
        </div>
    }
}

fn server_row(row: &Row) -> Html {
    let href = Route::MdmServer { id: row.id.0 }.href();
    let defaults = if row.defaults.is_empty() {
        "—".to_string()
    } else {
        row.defaults
            .iter()
            .map(|d| d.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    html! {
        <tr key={row.id.0}>
            <td class="server-name"><a {href}>{ row.name.clone() }</a></td>
            <td class="wrap minor">{ row.subject.clone() }</td>
            <td class="date">{ row.expires.date_string() }</td>
            <td class={["tone tone-", row.token.severity()].concat()}>{ crate::ui::widgets::dated(&row.token.text()) }</td>
            <td class="minor">{ if row.release { "Allowed" } else { "Not allowed" } }</td>
            <td>{ defaults }</td>
            <td class="date minor">{ row.added.date_string() }</td>
        </tr>
    }
}

/// What a server token is and the three steps (static HTML, no user data in it).
const GET_STARTED: &str = "<p>No MDM servers are linked yet. A server token is the file your MDM \
    server needs to manage this organization's devices. It is encrypted to the MDM server's \
    public key, so only that server can read it, and it works for one year.</p><ol><li>Get the \
    public key certificate (.pem or .der) from your MDM server.</li><li>Add the server here with \
    that certificate.</li><li>Download its server token and upload it to the MDM \
    server.</li></ol>";

/// With no servers yet: what a server token is and the three steps; where each common MDM
/// server takes the token is in the `vendors` wasm (fetched on "Where MDM servers take the
/// token"), because its text would cost first-load bytes every visit for a page read once.
fn get_started(guide: &UseStateHandle<bool>) -> Html {
    let open = {
        let guide = guide.clone();
        Callback::from(move |_: MouseEvent| guide.set(!*guide))
    };
    html! {
        <section class="card" aria-labelledby="get-started-title">
            { crate::ui::widgets::raw("<h3 id=\"get-started-title\">Get started</h3>") }
            // Static text as one piece of HTML: a virtual-DOM node per paragraph and list item
            // costs first-load bytes for nothing.
            { crate::ui::widgets::raw(GET_STARTED) }
            <button type="button" class="button secondary" aria-expanded={(**guide).to_string()} onclick={open}>
                { "Where MDM servers take the token" }</button>
            if **guide {
                { crate::ui::vendors::guide_root() }
            }
        </section>
    }
}

fn org_note(org: &Organization) -> Html {
    html! {
        <p class="muted small">
            { format!("{} · servers are kept in this browser only.", org.name()) }
        </p>
    }
}
