//! The quiet notes under the banners: a first visit with nothing stored (perhaps cleared site
//! data: how to restore), storage nearly full, and the backup reminder. `role=status`: they
//! inform without interrupting.

use yew::prelude::*;

use crate::domain::persistence::reminder::backup_reminder;
use crate::ui::routes::{link_click, Route};
use crate::ui::state::AppContext;

/// Warn when the site uses more than this share of what the browser lets it store.
const NEARLY_FULL_PERCENT: u32 = 80;

/// The notes that apply now; `export` exports a backup.
pub fn storage_notes(app: &AppContext, export: Callback<MouseEvent>) -> Html {
    let state = app.state();
    let org = app.org();
    let mut notes: Vec<Html> = Vec::new();
    let restore_link = html! {
        <a href={Route::Organization.href()} onclick={link_click(Route::Organization)}>
            { "Import backup in Preferences > Organization" }</a>
    };
    if state.first_visit && org.servers().is_empty() && state.revision == 0 {
        notes.push(html! {
            <p>{ "No MDM Link data is stored in this browser yet. If you used MDM Link here \
                  before, that data was cleared with the browser's site data: " }{ restore_link }
               { " to restore your latest backup." }</p>
        });
    }
    let percent = state
        .estimate
        .filter(|e| e.quota > 0.0)
        .map_or(0.0, |e| e.usage * 100.0 / e.quota) as u32;
    if percent >= NEARLY_FULL_PERCENT {
        notes.push(html! {
            <p class="warning-text">{ format!("Browser storage for MDM Link is {percent}% full. Before \
                it runs out, export a backup and archive old activity (Activity view).") }</p>
        });
    }
    if let Some(reminder) = backup_reminder(org, state.meta.backup_exported_at, state.now) {
        notes.push(html! {
            <p>{ reminder.to_string() }{ " " }
               <button type="button" class="button small secondary" onclick={export}>
                   { "Export backup now" }</button></p>
        });
    }
    if notes.is_empty() {
        return Html::default();
    }
    html! { <div class="banner note" role="status">{ for notes }</div> }
}
