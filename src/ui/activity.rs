//! The "Activity" view: every change, newest first, filterable, downloadable as CSV.
//!
//! The filter and the CSV are the core's ([`filter_activity`], [`activity_csv`]); the download
//! holds exactly the entries that match the filter, so what the admin exports is what they see.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::domain::activity::{activity_csv, filter_activity, ActivityKind};
use crate::domain::organization::{Command, MAX_ACTIVITY_AGE_DAYS, MAX_ACTIVITY_ENTRIES};
use crate::domain::text::{capitalize, count, count_or_no};
use crate::domain::time::Timestamp;
use crate::ui::edges::{clock, downloads};
use crate::ui::state::use_app;

/// At most this many rows are drawn: a log of thousands of entries would make every keystroke
/// in the filter redraw a huge table. The count and the CSV still cover every match.
const MAX_ROWS: usize = 500;

/// The Activity view.
#[component]
pub fn ActivityView() -> Html {
    let app = use_app();
    let query = use_state(String::new);
    let download_error = use_state(|| None::<String>);

    let entries = filter_activity(app.org().activity(), &query);
    let total = entries.len();

    let on_filter = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            query.set(input.value());
        })
    };
    let on_download = {
        let app = app.clone();
        let query = query.clone();
        let download_error = download_error.clone();
        Callback::from(move |_: MouseEvent| {
            let matching = filter_activity(app.org().activity(), &query);
            let csv = activity_csv(matching.iter().copied());
            let name = format!("mdm-link-activity-{}.csv", clock::now().date_string());
            download_error.set(
                downloads::download(csv.as_bytes(), &name, "text/csv")
                    .err()
                    .map(|reason| format!("The CSV file could not be downloaded: {reason}.")),
            );
        })
    };

    let shown_count = capitalize(&count_or_no(total, "entry", "entries"));
    let archive = archive_note(&app, &download_error);
    let rows = entries.iter().take(MAX_ROWS).map(|entry| {
        html! {
            <tr>
                <td class="time"><time datetime={entry.at.rfc3339()}>{ minute_string(entry.at) }</time></td>
                <td>{ entry.actor_name.as_str() }</td>
                <td>{ action_label(entry.action) }</td>
                <td>{ entry.subject_name.as_str() }</td>
                <td class="detail">{ entry.detail.as_str() }</td>
            </tr>
        }
    });

    html! {
        <section class="activity" aria-labelledby="activity-title">
            { crate::ui::widgets::raw("<h1 id=\"activity-title\">Activity</h1>") }
            { crate::ui::widgets::raw("<p class=\"lead\">Every change made in MDM Link, newest first.</p>") }
            <div class="field filter">
                { crate::ui::widgets::raw("<label for=\"activity-filter\">Filter activity</label>") }
                <div class="field-row">
                    <input id="activity-filter" type="search" value={(*query).clone()}
                           oninput={on_filter} autocomplete="off"
                           aria-describedby="activity-filter-hint" />
                    <button type="button" class="button secondary" onclick={on_download}>
                        { "Download CSV" }</button>
                </div>
                { crate::ui::widgets::raw("<p class=\"hint\" id=\"activity-filter-hint\">Every word must match a date, person, action, name or detail. The CSV holds the entries that match.</p>") }
            </div>
            { archive }
            <p role="status" class="count">
                { shown_count }{ "." }
                if total > MAX_ROWS {
                    { format!(" Showing {MAX_ROWS} of {total}; refine the filter to see the others.") }
                }
            </p>
            <div role="alert" class="form-error">
                if let Some(message) = &*download_error {
                    <p class="error-text">{ message.clone() }</p>
                }
            </div>
            if total == 0 {
                { crate::ui::widgets::raw("<p class=\"empty-state\">No activity matches the filter.</p>") }
            } else {
                <div class="table-wrap">
                    <table class="data-table activity-table">
                        <caption class="visually-hidden">{ "Activity" }</caption>
                        { crate::ui::widgets::thead(&["Time", "Person", "Action", "What", "Detail"]) }
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </section>
    }
}

/// `YYYY-MM-DD HH:MM UTC`: minutes are enough to read a log, and UTC matches the CSV.
fn minute_string(at: Timestamp) -> String {
    let c = at.civil();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        c.year, c.month, c.day, c.hour, c.minute
    )
}

/// A readable label from the stable code: "server-added" → "Server added".
fn action_label(kind: ActivityKind) -> String {
    let words = kind.code().replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// What was archived already, and the offer to archive what may be now (its CSV first).
fn archive_note(
    app: &crate::ui::state::AppContext,
    error: &UseStateHandle<Option<String>>,
) -> Html {
    let org = app.org();
    let now = app.state().now;
    let archivable = org.archivable_activity(now);
    let done = org.activity_archive();
    let on_archive = {
        let (app, error) = (app.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let now = clock::now();
            let entries = app.org().activity_to_archive(now);
            let n = entries.len();
            let csv = activity_csv(entries.iter());
            let name = format!("mdm-link-activity-archive-{}.csv", now.date_string());
            if let Err(reason) = downloads::download(csv.as_bytes(), &name, "text/csv") {
                error.set(Some(format!(
                    "The old entries could not be downloaded, so none was archived: {reason}."
                )));
                return;
            }
            error.set(
                app.run(Command::ArchiveActivity { entries: n })
                    .err()
                    .map(|e| e.to_string()),
            );
        })
    };
    html! {
        <>
            if done.count > 0 {
                <p class="note" id="activity-archived">
                    { format!("{} {} archived (the last archive on {}), after their CSV download; \
                               they are no longer kept in this browser.",
                              count(done.count, "earlier entry", "earlier entries"),
                              if done.count == 1 { "was" } else { "were" },
                              done.last_at.map(|t| t.date_string()).unwrap_or_default()) }
                </p>
            }
            if archivable > 0 {
                <div class="note">
                    <p>{ format!("{} can be archived: MDM Link keeps at most {MAX_ACTIVITY_ENTRIES} entries, \
                                  and none older than {} years, in this browser. Download them as CSV; \
                                  then they are removed from storage.",
                                 count(archivable, "old entry", "old entries"), MAX_ACTIVITY_AGE_DAYS / 365) }</p>
                    <button type="button" class="button secondary" onclick={on_archive}>
                        { "Download CSV and archive" }</button>
                </div>
            }
        </>
    }
}
