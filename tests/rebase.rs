//! What a tab's unsaved commands do when another tab saved first: the tab re-applies them, in
//! order, to the newer state (`ui/sync.rs`). Commands that still hold are kept; commands that no
//! longer hold (both tabs renamed the same server, one deleted what the other edits) are refused
//! with a sentence that says so, and change nothing.

use std::path::PathBuf;

use mdm_link::domain::certificate::check_file;
use mdm_link::domain::ids::ServerId;
use mdm_link::domain::organization::{
    Command, DeviceType, OrgError, Organization, StoredCertificate,
};
use mdm_link::domain::time::Timestamp;

const T0: Timestamp = Timestamp(1_767_225_600_000);

fn certificate() -> StoredCertificate {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/examples/rsa2048.pem");
    let bytes = std::fs::read(path).unwrap();
    StoredCertificate::from_checked_file(&check_file(&bytes, T0).unwrap()).unwrap()
}

fn base() -> (Organization, ServerId) {
    let mut org = Organization::new_first_launch(T0);
    let id = org
        .add_server("Lab Macs", certificate(), false, T0)
        .unwrap();
    (org, id)
}

fn rename(id: ServerId, from: &str, name: &str) -> Command {
    Command::RenameServer {
        id,
        from: from.into(),
        name: name.into(),
    }
}

#[test]
fn both_tabs_renaming_one_server_keeps_the_first_and_refuses_the_second() {
    let (base, id) = base();
    let mut theirs = base.clone();
    theirs
        .apply(&rename(id, "Lab Macs", "Lab Macs A"), T0)
        .unwrap();
    // This tab renamed from the same base; re-applied on theirs it must not win silently.
    let mine = rename(id, "Lab Macs", "Lab Macs B");
    base.clone().apply(&mine, T0).unwrap();
    let before = theirs.clone();
    let refused = theirs.apply(&mine, T0).unwrap_err();
    assert_eq!(
        refused,
        OrgError::RenamedElsewhere {
            from: "Lab Macs".into(),
            to: "Lab Macs A".into()
        }
    );
    assert_eq!(theirs, before, "a refused command changes nothing");
    assert_eq!(
        refused.to_string(),
        "“Lab Macs” was renamed to “Lab Macs A” in another window first, so your rename was not \
         made. Rename “Lab Macs A” if it still needs a different name."
    );
    assert_eq!(mine.describe(&base), "rename “Lab Macs” to “Lab Macs B”");
}

#[test]
fn an_edit_of_a_server_deleted_elsewhere_is_refused() {
    let (base, id) = base();
    let mut theirs = base.clone();
    theirs
        .apply(
            &Command::DeleteServer {
                id,
                reassign: Vec::new(),
            },
            T0,
        )
        .unwrap();
    for mine in [
        rename(id, "Lab Macs", "Renamed"),
        Command::SetAllowRelease { id, allow: true },
        Command::SetDefault {
            device_type: DeviceType::Mac,
            server: Some(id),
        },
    ] {
        let before = theirs.clone();
        let refused = theirs.apply(&mine, T0).unwrap_err();
        assert_eq!(refused, OrgError::UnknownServer(id), "{mine:?}");
        assert_eq!(theirs, before);
        assert!(
            refused.to_string().contains("no longer exists"),
            "{refused}"
        );
    }
}

#[test]
fn independent_commands_from_both_tabs_all_hold() {
    let (base, id) = base();
    let mut theirs = base.clone();
    theirs
        .apply(&Command::SetAllowRelease { id, allow: true }, T0)
        .unwrap();
    let mine = [
        Command::AddServer {
            name: "Cupertino iPads".into(),
            certificate: certificate(),
            allow_release_devices: false,
        },
        Command::SetDefault {
            device_type: DeviceType::Mac,
            server: Some(id),
        },
        rename(id, "Lab Macs", "Lab Macs 2"),
    ];
    for command in &mine {
        theirs.apply(command, T0).unwrap();
    }
    let server = theirs.server(id).unwrap();
    assert_eq!(server.name.as_str(), "Lab Macs 2");
    assert!(server.allow_release_devices);
    assert_eq!(theirs.default_for(DeviceType::Mac), Some(id));
    assert_eq!(theirs.servers().len(), 2);
}

use mdm_link::domain::organization::rebase::{rebase, Moved, Pending};
use mdm_link::domain::organization::Outcome;

/// Applies `commands` to `org` as a tab does, keeping what a save would replay.
fn run_all(org: &mut Organization, commands: Vec<Command>) -> Vec<Pending> {
    commands
        .into_iter()
        .map(|command| {
            let outcome = org.apply(&command, T0).unwrap();
            Pending {
                command,
                at: T0,
                outcome,
            }
        })
        .collect()
}

fn add(name: &str) -> Command {
    Command::AddServer {
        name: name.into(),
        certificate: certificate(),
        allow_release_devices: false,
    }
}

#[test]
fn a_server_added_in_both_tabs_keeps_later_commands_on_the_right_server() {
    let (base, _) = base();
    let mut theirs = base.clone();
    run_all(&mut theirs, vec![add("From B")]);
    let mut mine = base.clone();
    let pending = {
        let mut pending = run_all(&mut mine, vec![add("From A")]);
        let Outcome::ServerAdded(mine_id) = pending[0].outcome else {
            panic!("an add creates a server")
        };
        pending.extend(run_all(
            &mut mine,
            vec![
                Command::SetDefault {
                    device_type: DeviceType::Mac,
                    server: Some(mine_id),
                },
                rename(mine_id, "From A", "From A renamed"),
            ],
        ));
        pending
    };
    let from_a_here = mine
        .servers()
        .iter()
        .find(|s| s.name.as_str() == "From A renamed")
        .unwrap()
        .id;
    let from_b = theirs
        .servers()
        .iter()
        .find(|s| s.name.as_str() == "From B")
        .unwrap()
        .id;
    assert_eq!(
        from_a_here, from_b,
        "both tabs gave their new server the same id"
    );

    let rebased = rebase(theirs, &pending, &mine);
    assert!(rebased.refused.is_empty(), "{:?}", rebased.refused);
    let org = &rebased.org;
    let from_a = org
        .servers()
        .iter()
        .find(|s| s.name.as_str() == "From A renamed")
        .unwrap()
        .id;
    assert_ne!(from_a, from_b);
    assert_eq!(
        org.server(from_b).unwrap().name.as_str(),
        "From B",
        "B's server untouched"
    );
    assert_eq!(
        org.default_for(DeviceType::Mac),
        Some(from_a),
        "the default followed A's server"
    );
    assert_eq!(rebased.servers, vec![(from_a_here, Moved::To(from_a))]);
}

#[test]
fn commands_on_a_server_whose_add_was_refused_are_refused_too() {
    let (base, _) = base();
    let mut theirs = base.clone();
    run_all(&mut theirs, vec![add("Same name")]);
    let mut mine = base.clone();
    let mut pending = run_all(&mut mine, vec![add("Same name")]);
    let Outcome::ServerAdded(id) = pending[0].outcome else {
        panic!("an add creates a server")
    };
    pending.extend(run_all(
        &mut mine,
        vec![Command::SetAllowRelease { id, allow: true }],
    ));
    let rebased = rebase(theirs.clone(), &pending, &mine);
    assert_eq!(rebased.refused.len(), 2, "{:?}", rebased.refused);
    assert!(rebased.refused[0].starts_with(
        "Your change “add the MDM server “Same name”” was not saved: another window changed the \
         organization first."
    ));
    assert_eq!(
        rebased.org, theirs,
        "B's server did not get A's release setting"
    );
    assert_eq!(rebased.servers, vec![(id, Moved::Gone)]);
}
