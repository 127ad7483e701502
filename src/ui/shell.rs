//! The shell around every view: the sidebar with the name menu ("Preferences", "Sign in as")
//! and the banners for storage trouble and tokens that need action.

mod account_menu;
mod sidebar;
mod sign_in_as;
mod status_banner;
mod storage_notes;
mod token_banner;

pub use sidebar::sidebar;
pub use status_banner::StatusBanner;
