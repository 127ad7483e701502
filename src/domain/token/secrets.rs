//! The four credentials inside a token, drawn fresh in Apple's shapes, and their JSON.

use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use crate::domain::hex;
use crate::domain::time::Timestamp;

/// The four credentials inside a token. Wiped from memory when dropped.
pub(super) struct TokenSecrets {
    pub consumer_key: Zeroizing<String>,
    consumer_secret: Zeroizing<String>,
    access_token: Zeroizing<String>,
    access_secret: Zeroizing<String>,
    expiry: String,
}

impl TokenSecrets {
    /// Draws fresh secrets in Apple's shapes:
    /// - `consumer_key`: `CK_` + 96 lowercase hex (48 random bytes),
    /// - `consumer_secret`, `access_secret`: `CS_` / `AS_` + 40 lowercase hex (20 random bytes),
    /// - `access_token`: `AT_O` + 10 digits + `O` + 40 hex + `O` + the issue time in ms.
    ///
    /// The 10 digits: in Apple's real token they look like an opaque decimal number
    /// (`8474885631`) that we cannot derive from anything the app knows, so we draw 10 uniform
    /// random decimal digits with a non-zero first digit, keeping it a 10-digit number.
    pub fn generate(now: Timestamp, expires_at: Timestamp, rng: &mut impl CryptoRngCore) -> Self {
        let mut digits = Zeroizing::new(String::with_capacity(10));
        while digits.len() < 10 {
            let mut b = [0u8; 1];
            rng.fill_bytes(&mut b);
            // Rejection sampling keeps digits uniform; 250 = 25 * 10.
            if b[0] >= 250 || (digits.is_empty() && b[0] % 10 == 0) {
                continue;
            }
            digits.push(char::from(b'0' + b[0] % 10));
        }
        let mut access_token = Zeroizing::new(String::with_capacity(4 + 10 + 1 + 40 + 1 + 13));
        access_token.push_str("AT_O");
        access_token.push_str(&digits);
        access_token.push('O');
        access_token.push_str(&random_hex(rng, 20));
        access_token.push('O');
        access_token.push_str(&now.0.to_string());
        TokenSecrets {
            consumer_key: prefixed_hex("CK_", rng, 48),
            consumer_secret: prefixed_hex("CS_", rng, 20),
            access_token,
            access_secret: prefixed_hex("AS_", rng, 20),
            expiry: expires_at.rfc3339(),
        }
    }

    /// The one-line JSON, keys in Apple's order and without spaces. Written by hand because
    /// the key order is part of the format and the values never need escaping.
    pub fn json(&self) -> Zeroizing<String> {
        let fields: [(&str, &str); 5] = [
            ("consumer_key", &self.consumer_key),
            ("consumer_secret", &self.consumer_secret),
            ("access_token", &self.access_token),
            ("access_secret", &self.access_secret),
            ("access_token_expiry", &self.expiry),
        ];
        let len = 2 + fields
            .iter()
            .map(|(k, v)| k.len() + v.len() + 6)
            .sum::<usize>();
        let mut json = Zeroizing::new(String::with_capacity(len));
        json.push('{');
        for (i, (k, v)) in fields.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push('"');
            json.push_str(k);
            json.push_str("\":\"");
            json.push_str(v);
            json.push('"');
        }
        json.push('}');
        json
    }
}

fn prefixed_hex(prefix: &str, rng: &mut impl CryptoRngCore, n: usize) -> Zeroizing<String> {
    let mut s = Zeroizing::new(String::with_capacity(prefix.len() + 2 * n));
    s.push_str(prefix);
    s.push_str(&random_hex(rng, n));
    s
}

fn random_hex(rng: &mut impl CryptoRngCore, n: usize) -> Zeroizing<String> {
    let mut bytes = Zeroizing::new(vec![0u8; n]);
    rng.fill_bytes(&mut bytes);
    Zeroizing::new(hex::lower(&bytes))
}
