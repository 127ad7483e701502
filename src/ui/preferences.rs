//! Preferences, organised like Apple Business Essentials: a list of sections and the pane of the
//! selected one. "MDM Server Assignment" is the section that matters here.

use yew::prelude::*;

/// The sections of Preferences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreferencesSection {
    /// Linking MDM servers.
    MdmServers,
}

/// Props for [`Preferences`].
#[derive(Properties, PartialEq)]
pub struct PreferencesProps {
    /// The section to show.
    pub section: PreferencesSection,
}

/// The Preferences view.
#[component]
pub fn Preferences(props: &PreferencesProps) -> Html {
    let pane = match props.section {
        PreferencesSection::MdmServers => html! {
            <section class="pane" aria-labelledby="mdm-servers-title">
                <h2 id="mdm-servers-title">{ "MDM Server Assignment" }</h2>
                <p class="empty-state">
                    { "No MDM servers are linked yet. Link one to assign devices to it and \
                       download its server token." }
                </p>
            </section>
        },
    };
    html! {
        <div class="preferences">
            <h1>{ "Preferences" }</h1>
            <div class="preferences-layout">
                <nav class="preferences-sections" aria-label="Preferences sections">
                    <ul>
                        <li><a href="#/preferences/mdm-servers" class="current" aria-current="page">
                            { "MDM Server Assignment" }</a></li>
                    </ul>
                </nav>
                { pane }
            </div>
        </div>
    }
}
