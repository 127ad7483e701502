//! "Delete": the confirmation names the server and what goes with it, and when the server is a
//! default, asks where each of those defaults goes first.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::domain::ids::ServerId;
use crate::domain::organization::{Command, DeviceType};
use crate::domain::permissions::Permission;
use crate::ui::routes::{self, Route};
use crate::ui::state::{AppContext, Ask};
use crate::ui::widgets::GuardedButton;

/// The Delete button; its confirmation is the root's ([`AppContext::ask_with`]). A plain
/// function: where each default goes is chosen in the dialog and kept with it.
pub fn delete_panel(app: &AppContext, id: ServerId) -> Html {
    let open = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| ask_delete(&app, id))
    };
    html! {
        <div class="panel-inline danger-zone">
            <GuardedButton label="Delete" permission={Permission::DeleteServer} class="danger" onclick={open} />
        </div>
    }
}

/// Where each default of the deleted server goes (`None`: no default).
type Choices = Rc<RefCell<Vec<(DeviceType, Option<ServerId>)>>>;

fn ask_delete(app: &AppContext, id: ServerId) {
    let org = app.org();
    let Some(server) = org.server(id) else {
        return;
    };
    let name = server.name.to_string();
    let needed = org.defaults_for(id);
    // The choices made in the dialog's pickers, read when the admin confirms.
    let choices: Choices = Rc::new(RefCell::new(needed.iter().map(|d| (*d, None)).collect()));
    let reassign: Html = needed.iter().map(|device_type| {
        let device_type = *device_type;
        let field = format!(
            "reassign-{}",
            device_type.label().to_ascii_lowercase().replace(' ', "-")
        );
        let onchange = {
            let choices = choices.clone();
            Callback::from(move |event: Event| {
                let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
                let target = select.value().parse::<u64>().ok().map(ServerId);
                for slot in choices.borrow_mut().iter_mut().filter(|slot| slot.0 == device_type) {
                    slot.1 = target;
                }
            })
        };
        html! {
            <div class="field">
                <label for={field.clone()}>{ format!("New default for {}", device_type.label()) }</label>
                <select id={field} {onchange}>
                    <option value="">{ "No default" }</option>
                    { for org.servers().iter().filter(|s| s.id != id).map(|s| html! {
                        <option value={s.id.0.to_string()}>{ s.name.to_string() }</option>
                    }) }
                </select>
            </div>
        }
    }).collect();
    let then = {
        let (app, name) = (app.clone(), name.clone());
        Callback::from(move |()| {
            let reassign = choices.borrow().clone();
            match app.run(Command::DeleteServer { id, reassign }) {
                Ok(_) => {
                    routes::push(Route::MdmServers);
                    app.say(format!("Deleted “{name}”."));
                }
                Err(e) => app.say(e.to_string()),
            }
        })
    };
    app.ask_with(Ask {
        title: format!("Delete “{name}”?"),
        consequence: format!(
            "“{name}” will no longer be linked. Its token stops being listed here and its token \
             history is deleted. The activity log keeps a record."
        ),
        confirm: format!("Delete “{name}”"),
        danger: true,
        then,
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
}
