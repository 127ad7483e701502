//! Certificate check: reads whatever file an admin was sent and says whether it can be an MDM
//! server's public key certificate.
