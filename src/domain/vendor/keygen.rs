//! RSA key generation in steps a person can watch: the first prime, the second prime, then the
//! key. It is the `rsa` crate's own two-prime generation (`RsaPrivateKey::new`) taken apart only
//! so the worker can report progress between the steps: the primes come from the same generator
//! `rsa` uses (`num-bigint-dig`'s `gen_prime`, which sets the top two bits so the modulus has
//! exactly the requested size), and `RsaPrivateKey::from_p_q` builds and validates the key
//! (private exponent from the Carmichael function, as OpenSSL does).

use num_bigint_dig::{BigUint, RandPrime};
use rand_core::CryptoRngCore;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;

/// The public exponent of every generated key: 65537, as OpenSSL, Keychain and `rsa` use.
pub(super) const PUBLIC_EXPONENT: u32 = 65_537;

/// A fresh attempt is needed only when 65537 divides p-1 or q-1 (about 1 in 30,000 attempts), so
/// 64 attempts failing means the random source is broken, not bad luck.
const MAX_ATTEMPTS: usize = 64;

/// Generates an RSA key of exactly `bits` bits from `rng`, calling `prime_found(1)` and
/// `prime_found(2)` as each prime is found. `None` only if the random source is broken.
///
/// The key itself is wiped when dropped (`rsa` zeroizes its primes and exponents); the
/// candidates `gen_prime` discarded along the way are not (see ARCHITECTURE.md).
pub(super) fn generate(
    bits: usize,
    rng: &mut impl CryptoRngCore,
    prime_found: &mut dyn FnMut(u8),
) -> Option<RsaPrivateKey> {
    let e = BigUint::from(PUBLIC_EXPONENT);
    for _ in 0..MAX_ATTEMPTS {
        let p = rng.gen_prime(bits / 2);
        prime_found(1);
        let q = rng.gen_prime(bits - bits / 2);
        prime_found(2);
        match RsaPrivateKey::from_p_q(p, q, e.clone()) {
            Ok(key) if key.n().bits() == bits => return Some(key),
            _ => continue,
        }
    }
    None
}
