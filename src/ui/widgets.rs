//! Widgets shared by several views.

pub mod certificate_input;
pub mod certificate_report;
pub mod confirm_dialog;
pub mod fingerprint;
pub mod guarded_button;
pub mod modal;

pub use certificate_input::{accept_warnings, chosen_summary, CertificateInput, ChosenCertificate};
pub use confirm_dialog::{confirm_dialog, ConfirmDialogProps};
pub use guarded_button::{next_id, use_denied, GuardedButton};
pub use modal::Modal;
