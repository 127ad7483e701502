//! The vendor kit: both sides of the token exchange in one place, for MDM engineers and for
//! admins who want to try the whole flow before the vendor has sent a certificate.
//!
//! - [`test_certificate`] makes an RSA key pair and a self-signed MDM server certificate, as an
//!   MDM server would, so an admin can link a test server and download a token for it;
//! - [`private_key`] reads the private key an MDM server keeps (PKCS#1, PKCS#8, DER, a PEM file
//!   holding the certificate too), which [`crate::domain::token::open`] uses to decrypt a token.
//!
//! Everything that touches a private key (key generation, the certificate's signature, private
//! key parsing, RSA decryption) is called only by the worker (`src/bin/worker.rs`), never by the
//! app's own code path, so the `rsa` crate and `x509-cert`'s builder stay out of the app's first
//! load (LTO drops what nothing references). The app itself only calls the pure checks here
//! ([`test_certificate::TestCertificateRequest::parse`], the file names and the progress text),
//! which use no RSA code.
//!
//! As everywhere in the core, "now" and randomness are arguments: the worker passes the browser
//! clock and CSPRNG, tests pass fixed values.

mod keygen;
pub mod private_key;
pub mod test_certificate;

pub use private_key::{read_private_key, KeyError, PrivateKeyFile};
pub use test_certificate::{
    make_test_certificate, test_file_names, MakeError, Progress, TestCertificate,
    TestCertificateRequest, TestFileNames,
};
