//! The background worker: a second wasm program (a Trunk worker target) for the work the page
//! does rarely or that takes long, so that neither the page's thread nor its first load carries
//! it. For the vendor kit: test certificates (a 4096-bit key generation never freezes the page)
//! and opening tokens. For the app: making server tokens (Download Token: RSA and AES), checking
//! a backup before its import, and upgrading an earlier release's stored data. The `rsa`
//! crate, big-number arithmetic, key generation, the certificate builder, private key parsing,
//! token decryption, the backup checks and the schema upgrades are in this wasm only, fetched
//! on first use.
//!
//! Thin on purpose: it receives a [`Request`](mdm_link::worker_protocol::Request), calls the
//! domain core, and posts [`Reply`](mdm_link::worker_protocol::Reply)s.
//! Messages are byte buffers moved with the transfer list and zeroed once read (see
//! `mdm_link::worker_protocol`); "now" comes with the request (the page's clock) and the
//! randomness is the browser's CSPRNG (`crypto.getRandomValues`, through `getrandom`).
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    edge::listen();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The MDM Link worker runs in the browser, started by the app's \"For MDM vendors\" view."
    );
}

#[cfg(target_arch = "wasm32")]
mod edge {
    use base64ct::{Base64, Encoding as _};
    use js_sys::{Array, Uint8Array};
    use mdm_link::domain::ids::UserId;
    use mdm_link::domain::persistence::backup::{export, plan_import};
    use mdm_link::domain::persistence::{decode, from_snapshot, snapshot};
    use mdm_link::domain::text::with_reason;
    use mdm_link::domain::token::issue_token;
    use mdm_link::domain::token::open::open_token;
    use mdm_link::domain::vendor::{make_test_certificate, TestCertificateRequest};
    use mdm_link::worker_protocol::{Reply, Request};
    use rand_core::OsRng;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
    use zeroize::Zeroizing;

    /// Installs the message handler and says it is ready.
    pub fn listen() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Ok(array) = event.data().dyn_into::<Uint8Array>() else {
                return;
            };
            let mut bytes = Zeroizing::new(vec![0u8; array.length() as usize]);
            array.copy_to(&mut bytes);
            array.fill(0, 0, array.length());
            match Request::decode(&bytes) {
                Ok(request) => handle(request),
                Err(e) => post(&Reply::MakeFailed(e.to_string())),
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        on_message.forget();
        post(&Reply::Ready);
    }

    fn handle(request: Request) {
        match request {
            Request::Make {
                bits,
                common_name,
                validity_days,
                now,
            } => {
                let made = TestCertificateRequest::new(bits, &common_name, validity_days).and_then(
                    |request| {
                        make_test_certificate(&request, now, &mut OsRng, &mut |step| {
                            post(&Reply::Progress(step.step()))
                        })
                    },
                );
                post(&match made {
                    Ok(made) => Reply::Made {
                        certificate_der: made.certificate_der,
                        certificate_pem: made.certificate_pem,
                        private_key_pem: made.private_key_pem,
                    },
                    Err(e) => Reply::MakeFailed(e.to_string()),
                });
            }
            Request::Issue {
                certificate_base64,
                server_name,
                downloaded_by,
                now,
            } => {
                let reply = match Base64::decode_vec(&certificate_base64) {
                    Err(_) => Reply::IssueFailed(
                        "The stored certificate of this server is damaged; upload its public \
                         key again."
                            .into(),
                    ),
                    Ok(der) => {
                        match issue_token(
                            &der,
                            &server_name,
                            UserId(downloaded_by),
                            now,
                            &mut OsRng,
                        ) {
                            Ok(issued) => Reply::Issued(Box::new(issued)),
                            Err(e) => Reply::IssueFailed(with_reason(
                                "No token was made.",
                                &e.to_string(),
                            )),
                        }
                    }
                };
                post(&reply);
            }
            Request::PlanImport {
                backup,
                current,
                now,
            } => post(&match from_snapshot(&current) {
                Err(e) => Reply::PlanRefused(e.to_string()),
                Ok(current) => match plan_import(&backup, &current, now) {
                    Ok(plan) => Reply::Planned {
                        organization: snapshot(&plan.organization),
                        summary: plan.changes.summary(),
                    },
                    Err(e) => Reply::PlanRefused(e.to_string()),
                },
            }),
            Request::Upgrade { document } => post(&match decode(&document) {
                Ok(org) => Reply::Upgraded(snapshot(&org)),
                Err(e) => Reply::UpgradeFailed(e.to_string()),
            }),
            Request::Export { organization } => post(&match from_snapshot(&organization) {
                Ok(org) => Reply::Exported(export(&org)),
                Err(e) => Reply::ExportFailed(e.to_string()),
            }),
            Request::Open {
                token,
                key,
                password,
                now,
            } => {
                let report = open_token(
                    &token,
                    key.as_deref().map(Vec::as_slice),
                    password.as_deref().map(String::as_str),
                    now,
                    &mut OsRng,
                );
                post(&Reply::Opened(Box::new(report)));
            }
        }
    }

    /// Posts `reply` as a transferred buffer: no copy stays in this worker's JavaScript heap.
    fn post(reply: &Reply) {
        let bytes = reply.encode();
        let array = Uint8Array::new_with_length(bytes.len() as u32);
        array.copy_from(&bytes);
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message_with_transfer(&array, &Array::of1(&array.buffer()));
    }
}
