//! "Delete": the confirmation names the server and what goes with it, and when the server is a
//! default, asks where each of those defaults goes first.

use yew::prelude::*;

use super::PanelProps;
use crate::domain::ids::ServerId;
use crate::domain::organization::{Command, DeviceType, Server};
use crate::domain::permissions::Permission;
use crate::ui::routes::{self, Route};
use crate::ui::state::use_app;
use crate::ui::widgets::{confirm_dialog, ConfirmDialogProps, GuardedButton};

/// The Delete button and its confirmation dialog.
#[component]
pub fn DeletePanel(props: &PanelProps) -> Html {
    let app = use_app();
    let confirming = use_state(|| false);
    let choices = use_state(Vec::<(DeviceType, Option<ServerId>)>::new);
    let error = use_state(|| None::<String>);
    let org = app.org();
    let Some(server) = org.server(props.id).cloned() else {
        return Html::default();
    };
    let needed = org.defaults_for(props.id);
    let others: Vec<Server> = org
        .servers()
        .iter()
        .filter(|s| s.id != props.id)
        .cloned()
        .collect();
    let open = {
        let (confirming, choices, error) = (confirming.clone(), choices.clone(), error.clone());
        let needed = needed.clone();
        Callback::from(move |_: MouseEvent| {
            choices.set(needed.iter().map(|d| (*d, None)).collect());
            error.set(None);
            confirming.set(true);
        })
    };
    let confirm = {
        let (app, choices, error) = (app.clone(), choices.clone(), error.clone());
        let id = props.id;
        Callback::from(move |()| {
            match app.run(Command::DeleteServer {
                id,
                reassign: (*choices).clone(),
            }) {
                Ok(_) => routes::push(Route::MdmServers),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |()| confirming.set(false))
    };
    let name = server.name.to_string();
    let reassign: Html = needed.iter().map(|device_type| {
        let device_type = *device_type;
        let id = format!(
            "reassign-{}",
            device_type.label().to_ascii_lowercase().replace(' ', "-")
        );
        let onchange = {
            let choices = choices.clone();
            Callback::from(move |event: Event| {
                let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                let target = select.value().parse::<u64>().ok().map(ServerId);
                let mut next = (*choices).clone();
                for slot in next.iter_mut().filter(|slot| slot.0 == device_type) {
                    slot.1 = target;
                }
                choices.set(next);
            })
        };
        html! {
            <div class="field">
                <label for={id.clone()}>{ format!("New default for {}", device_type.label()) }</label>
                <select id={id} {onchange}>
                    <option value="">{ "No default" }</option>
                    { for others.iter().map(|s| html! {
                        <option value={s.id.0.to_string()}>{ s.name.to_string() }</option>
                    }) }
                </select>
            </div>
        }
    }).collect();
    let dialog = confirm_dialog(ConfirmDialogProps {
        title: format!("Delete “{name}”?").into(),
        consequence: format!(
            "“{name}” will no longer be linked. Its token stops being listed here and its token \
             history is deleted. The activity log keeps a record."
        )
        .into(),
        confirm_label: format!("Delete “{name}”").into(),
        danger: true,
        on_confirm: confirm,
        on_cancel: cancel,
        error: (*error).clone().map(AttrValue::from),
        return_focus: None,
        children: if needed.is_empty() {
            Html::default()
        } else {
            html! {
                <>
                    <p>{ format!("“{name}” is the default server for {}. Choose where each default goes:",
                         needed.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ")) }</p>
                    { reassign }
                </>
            }
        },
    });
    html! {
        <div class="panel-inline danger-zone">
            <GuardedButton label="Delete" permission={Permission::DeleteServer} class="danger" onclick={open} />
            if *confirming {
                { dialog }
            }
        </div>
    }
}
