//! Users: people in the organization, their Managed Apple Accounts and roles.

mod row_actions;
mod user_form;
mod users_view;

pub use users_view::UsersView;
