//! Default MDM servers per device type: new devices of a type are assigned to its default.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{OrgError, Organization};
use crate::domain::activity::{ActivityKind, Subject};
use crate::domain::ids::ServerId;
use crate::domain::permissions::Permission;
use crate::domain::time::Timestamp;

/// The device types a default MDM server can be chosen for, as Apple lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DeviceType {
    /// Mac computers.
    #[serde(rename = "mac")]
    Mac,
    /// iPhone.
    #[serde(rename = "iphone")]
    IPhone,
    /// iPad.
    #[serde(rename = "ipad")]
    IPad,
    /// Apple TV.
    #[serde(rename = "apple-tv")]
    AppleTv,
    /// Apple Vision Pro.
    #[serde(rename = "apple-vision-pro")]
    AppleVisionPro,
    /// Apple Watch.
    #[serde(rename = "apple-watch")]
    AppleWatch,
}

impl DeviceType {
    /// Every device type, in Apple's order.
    pub const ALL: [DeviceType; 6] = [
        DeviceType::Mac,
        DeviceType::IPhone,
        DeviceType::IPad,
        DeviceType::AppleTv,
        DeviceType::AppleVisionPro,
        DeviceType::AppleWatch,
    ];

    /// The name as Apple spells it.
    pub fn label(self) -> &'static str {
        match self {
            DeviceType::Mac => "Mac",
            DeviceType::IPhone => "iPhone",
            DeviceType::IPad => "iPad",
            DeviceType::AppleTv => "Apple TV",
            DeviceType::AppleVisionPro => "Apple Vision Pro",
            DeviceType::AppleWatch => "Apple Watch",
        }
    }
}

impl fmt::Display for DeviceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The default MDM server per device type: new devices of that type are assigned to it. A struct
/// of named fields (not a map) so there is at most one default per type by construction and the
/// stored JSON is self-describing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Defaults {
    mac: Option<ServerId>,
    iphone: Option<ServerId>,
    ipad: Option<ServerId>,
    apple_tv: Option<ServerId>,
    apple_vision_pro: Option<ServerId>,
    apple_watch: Option<ServerId>,
}

impl Defaults {
    /// The default server for `device_type`, if one is chosen.
    pub fn get(&self, device_type: DeviceType) -> Option<ServerId> {
        match device_type {
            DeviceType::Mac => self.mac,
            DeviceType::IPhone => self.iphone,
            DeviceType::IPad => self.ipad,
            DeviceType::AppleTv => self.apple_tv,
            DeviceType::AppleVisionPro => self.apple_vision_pro,
            DeviceType::AppleWatch => self.apple_watch,
        }
    }

    pub(super) fn slot(&mut self, device_type: DeviceType) -> &mut Option<ServerId> {
        match device_type {
            DeviceType::Mac => &mut self.mac,
            DeviceType::IPhone => &mut self.iphone,
            DeviceType::IPad => &mut self.ipad,
            DeviceType::AppleTv => &mut self.apple_tv,
            DeviceType::AppleVisionPro => &mut self.apple_vision_pro,
            DeviceType::AppleWatch => &mut self.apple_watch,
        }
    }
}

impl Organization {
    /// All defaults.
    pub fn defaults(&self) -> &Defaults {
        &self.defaults
    }

    /// The default server for a device type.
    pub fn default_for(&self, device_type: DeviceType) -> Option<ServerId> {
        self.defaults.get(device_type)
    }

    /// The device types `server` is the default for, in Apple's order (what a delete dialog must
    /// ask about).
    pub fn defaults_for(&self, server: ServerId) -> Vec<DeviceType> {
        DeviceType::ALL
            .into_iter()
            .filter(|t| self.defaults.get(*t) == Some(server))
            .collect()
    }

    /// Chooses the default server for a device type, or none.
    pub fn set_default(
        &mut self,
        device_type: DeviceType,
        server: Option<ServerId>,
        now: Timestamp,
    ) -> Result<(), OrgError> {
        let actor = self.require(Permission::SetDefaults)?;
        if let Some(id) = server {
            self.existing_server(id)?;
        }
        let old = self.defaults.get(device_type);
        if old == server {
            return Ok(());
        }
        let detail = format!(
            "default for {device_type} changed from {} to {}",
            self.server_label(old),
            self.server_label(server)
        );
        *self.defaults.slot(device_type) = server;
        self.log(
            &actor,
            now,
            ActivityKind::DefaultChanged,
            Subject::Default,
            device_type.label().to_string(),
            detail,
        );
        Ok(())
    }
}
