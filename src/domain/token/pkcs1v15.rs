//! RSAES-PKCS1-v1_5 encryption (RFC 8017 §7.2.1): the one RSA operation a server token needs,
//! wrapping the 16-byte AES content-encryption key for the MDM server.
//!
//! # Why the core pads by hand instead of using the `rsa` crate
//!
//! Speed and size in the browser. The `rsa` crate does `m^e mod n` with num-bigint-dig's
//! generic `modpow`, which is slow for the small public exponent: 236 µs per RSA-2048
//! encryption natively at opt-level 3, 666 µs on wasm32 at the browser's opt-level "z", over
//! our 0.6 ms budget and slower than JavaScript libraries. Left-to-right square-and-multiply
//! with num-bigint's plain multiplication and remainder (16 squarings and 1 multiplication for
//! e = 65537) takes 38 µs natively and 191 µs on wasm32, and num-bigint is smaller than the
//! `rsa` crate with its dependencies.
//!
//! Nothing cryptographically delicate is hand-written: the bignum arithmetic is num-bigint
//! (rust-num, widely used and well kept), and encryption-side PKCS#1 v1.5 is only the padding
//! below, about 15 lines, which follows RFC 8017 and the `rsa` crate step for step. The tests
//! check it byte for byte against the `rsa` crate (same random bytes, same ciphertext), decrypt
//! it with the `rsa` crate and with OpenSSL, and compare the raw `m^e mod n` with OpenSSL's.
//!
//! # What is and is not wiped
//!
//! Wiped before they are freed: the padding string PS, the encoded message EM (it contains the
//! AES key), the message integer `m` and each of our own intermediate products. Not wiped,
//! best effort only: the temporary copies num-bigint makes inside a multiplication or
//! remainder (it has no zeroize support, and the core forbids `unsafe`; the `rsa` crate's
//! `m.modpow(e, n)` did not wipe its temporaries either). ARCHITECTURE.md lists every such
//! copy.
//! Likewise the arithmetic is not constant-time, again as in the `rsa` crate's public-key
//! operation: an attacker would have to time one single encryption in the admin's browser.

use num_bigint::BigUint;
use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use crate::domain::rsa_key::RsaPublicKey;

/// Minimum length of the random padding string PS (RFC 8017 §7.2.1), which makes the longest
/// message `k - 11` bytes.
const MIN_PS_LEN: usize = 8;

/// Why a message cannot be encrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RsaError {
    /// The message is longer than `k - 11` bytes.
    MessageTooLong,
}

/// RSAES-PKCS1-V1_5-ENCRYPT (RFC 8017 §7.2.1): pads `message` with fresh non-zero random octets
/// from `rng` and returns the `k`-byte ciphertext. The key was checked by the one RSA key
/// reader ([`crate::domain::rsa_key`]), so it is safe to encrypt to.
pub(crate) fn encrypt(
    key: &RsaPublicKey,
    rng: &mut impl CryptoRngCore,
    message: &[u8],
) -> Result<Vec<u8>, RsaError> {
    let em = pad(message, key.len_bytes(), rng)?;
    Ok(raw_encrypt(key, &em))
}

/// RSAEP and I2OSP: `c = m^e mod n` for the `k`-byte big-endian `em`, returned as exactly `k`
/// bytes (left-padded with zeros). `em` must be less than `n`, as a PKCS#1 EM is: it is `k`
/// bytes and starts with 0x00.
fn raw_encrypt(key: &RsaPublicKey, em: &[u8]) -> Vec<u8> {
    let k = key.len_bytes();
    let mut m = BigUint::from_bytes_be(em);
    let c = mod_pow(&m, key.exponent(), &BigUint::from_bytes_be(key.modulus()));
    wipe(&mut m);
    let bytes = c.to_bytes_be();
    let mut out = vec![0u8; k.saturating_sub(bytes.len())];
    out.extend_from_slice(&bytes);
    out
}

/// EME-PKCS1-v1_5 encoding (RFC 8017 §7.2.1 step 2): EM = 0x00 || 0x02 || PS || 0x00 || M,
/// `k` bytes, where PS is `k - len(M) - 3` (at least 8) non-zero random octets. Zero octets
/// drawn for PS are redrawn one by one, as the `rsa` crate does, so the same random stream
/// gives the same EM.
fn pad(
    message: &[u8],
    k: usize,
    rng: &mut impl CryptoRngCore,
) -> Result<Zeroizing<Vec<u8>>, RsaError> {
    let ps_len = k
        .checked_sub(message.len() + 3)
        .filter(|len| *len >= MIN_PS_LEN)
        .ok_or(RsaError::MessageTooLong)?;
    // PS is part of EM, which hides the AES key; wiped like EM itself.
    let mut ps = Zeroizing::new(vec![0u8; ps_len]);
    rng.fill_bytes(&mut ps);
    for octet in ps.iter_mut() {
        while *octet == 0 {
            rng.fill_bytes(std::slice::from_mut(octet));
        }
    }
    let mut em = Zeroizing::new(Vec::with_capacity(k));
    em.extend_from_slice(&[0x00, 0x02]);
    em.extend_from_slice(&ps);
    em.push(0x00);
    em.extend_from_slice(message);
    Ok(em)
}

/// `base^e mod n` by left-to-right square-and-multiply over the bits of `e`, with num-bigint's
/// multiplication and remainder; `base` must be less than `n`, and `n` is not zero. For
/// e = 65537 that is 16 squarings and one multiplication: over three times faster than
/// num-bigint's Montgomery `modpow`, whose set-up costs more than it saves in so few steps.
/// Each product (which may reveal `base`) is wiped once reduced.
fn mod_pow(base: &BigUint, e: u64, n: &BigUint) -> BigUint {
    let Some(top) = e.checked_ilog2() else {
        return BigUint::from(1u8) % n;
    };
    let mut x = base % n;
    for i in (0..top).rev() {
        let mut square = &x * &x;
        wipe(&mut x);
        x = &square % n;
        wipe(&mut square);
        if (e >> i) & 1 == 1 {
            let mut product = &x * base;
            wipe(&mut x);
            x = &product % n;
            wipe(&mut product);
        }
    }
    x
}

/// Overwrites the digits of `x` in place, best effort: num-bigint has no zeroize support and
/// the core forbids `unsafe`. The digits are overwritten with ones rather than zeros so that
/// num-bigint keeps the buffer (a zero would be normalised away and the buffer freed inside
/// the write), and `black_box` keeps the compiler from dropping the writes as dead stores.
fn wipe(x: &mut BigUint) {
    let len = x.iter_u32_digits().len();
    if len > 0 {
        x.assign_from_slice(&vec![1u32; len]);
        std::hint::black_box(&*x);
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::process::Command;

    use der::Decode;
    use rand_chacha::rand_core::{CryptoRng, RngCore, SeedableRng};
    use rand_chacha::ChaCha20Rng;
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};
    use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};
    use x509_cert::Certificate;

    use super::*;

    fn vectors() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/examples/token")
    }

    /// The RSAPublicKey DER inside a test certificate, and the matching private key.
    fn vector(bits: u32) -> (Vec<u8>, RsaPrivateKey) {
        let cert = std::fs::read(vectors().join(format!("rsa{bits}.crt.der"))).unwrap();
        let cert = Certificate::from_der(&cert).unwrap();
        let spki = cert
            .tbs_certificate
            .subject_public_key_info
            .subject_public_key;
        let key = std::fs::read(vectors().join(format!("rsa{bits}.key.der"))).unwrap();
        (
            spki.as_bytes().unwrap().to_vec(),
            RsaPrivateKey::from_pkcs1_der(&key).unwrap(),
        )
    }

    fn read(der: &[u8]) -> RsaPublicKey {
        RsaPublicKey::from_pkcs1_der(der).unwrap()
    }

    /// The public key of an `rsa` crate private key, through the one RSA key reader.
    fn our_key(private: &RsaPrivateKey) -> RsaPublicKey {
        use rsa::pkcs1::EncodeRsaPublicKey;
        read(private.to_public_key().to_pkcs1_der().unwrap().as_bytes())
    }

    /// A CSPRNG-shaped stream that returns a zero for every other byte, to exercise the
    /// redrawing of zero PS octets.
    struct ZeroHeavy(ChaCha20Rng, bool);
    impl RngCore for ZeroHeavy {
        fn next_u32(&mut self) -> u32 {
            rand_core::impls::next_u32_via_fill(self)
        }
        fn next_u64(&mut self) -> u64 {
            rand_core::impls::next_u64_via_fill(self)
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            for b in dest {
                self.1 = !self.1;
                *b = if self.1 { 0 } else { self.0.next_u32() as u8 };
            }
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
            self.fill_bytes(dest);
            Ok(())
        }
    }
    impl CryptoRng for ZeroHeavy {}

    fn assert_layout(em: &[u8], k: usize, message: &[u8]) {
        assert_eq!(em.len(), k);
        assert_eq!(em[..2], [0x00, 0x02]);
        let ps_len = k - message.len() - 3;
        assert!(ps_len >= 8);
        assert!(em[2..2 + ps_len].iter().all(|b| *b != 0), "PS has a zero");
        assert_eq!(em[2 + ps_len], 0x00, "separator");
        assert_eq!(&em[3 + ps_len..], message);
    }

    #[test]
    fn padding_layout() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        for k in [256, 257, 384, 512] {
            for len in [0, 1, 16, k - 11] {
                let message: Vec<u8> = (0..len).map(|i| i as u8).collect();
                assert_layout(&pad(&message, k, &mut rng).unwrap(), k, &message);
            }
        }
        // Zero octets drawn for PS are redrawn, whatever the stream gives.
        let mut zeros = ZeroHeavy(ChaCha20Rng::seed_from_u64(2), false);
        let message = [0u8; 16];
        for _ in 0..20 {
            assert_layout(&pad(&message, 256, &mut zeros).unwrap(), 256, &message);
        }
    }

    #[test]
    fn message_longer_than_k_minus_11_is_refused() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        assert_eq!(pad(&[7; 245], 256, &mut rng).map(|em| em.len()), Ok(256));
        assert_eq!(pad(&[7; 246], 256, &mut rng), Err(RsaError::MessageTooLong));
        assert_eq!(pad(&[], 10, &mut rng), Err(RsaError::MessageTooLong));
        assert_eq!(pad(&[], 0, &mut rng), Err(RsaError::MessageTooLong));
        let (der, _) = vector(2048);
        let key = read(&der);
        assert!(encrypt(&key, &mut rng, &[1; 245]).is_ok());
        assert_eq!(
            encrypt(&key, &mut rng, &[1; 246]),
            Err(RsaError::MessageTooLong)
        );
    }

    /// Known answer: with the same random stream the `rsa` crate produces the very same
    /// ciphertext (it pads the same way), and its private key decrypts ours.
    #[test]
    fn same_ciphertext_as_the_rsa_crate_and_it_decrypts() {
        for bits in [2048, 3072, 4096] {
            let (der, private) = vector(bits);
            let key = read(&der);
            assert_eq!(key.bits(), bits as usize);
            assert_eq!(key.len_bytes(), private.size());
            for seed in (0..8).chain([42]) {
                let message: Vec<u8> = if seed == 42 {
                    (0..16).collect()
                } else {
                    (0..16).map(|i| (i * 31 + seed) as u8).collect()
                };
                let ours = encrypt(&key, &mut ChaCha20Rng::seed_from_u64(seed), &message).unwrap();
                let theirs = private
                    .to_public_key()
                    .encrypt(
                        &mut ChaCha20Rng::seed_from_u64(seed),
                        Pkcs1v15Encrypt,
                        &message,
                    )
                    .unwrap();
                assert_eq!(ours, theirs, "rsa{bits} seed {seed}");
                assert_eq!(private.decrypt(Pkcs1v15Encrypt, &ours).unwrap(), message);
            }
        }
    }

    /// A fixed known answer, independent of any other library: the SHA-256 of the ciphertext
    /// of the 16 bytes 0..16 to the 2048-bit test key with ChaCha20 seed 42, as the `rsa` crate
    /// 0.9.10 computes it (the test above checks that seed too).
    #[test]
    fn fixed_known_answer() {
        use sha2::{Digest, Sha256};
        let (der, private) = vector(2048);
        let key = read(&der);
        let message: Vec<u8> = (0..16).collect();
        let c = encrypt(&key, &mut ChaCha20Rng::seed_from_u64(42), &message).unwrap();
        assert_eq!(private.decrypt(Pkcs1v15Encrypt, &c).unwrap(), message);
        assert_eq!(crate::domain::hex::lower(&Sha256::digest(&c)), KAT_SHA256);
    }
    const KAT_SHA256: &str = "eafdd7c8edda91226bb4ec12c669d28a8c38be2bc7a041384626a6fdab4a4ec9";

    /// Moduli whose bit length is not a multiple of 8: `k` is rounded up and the top octet of
    /// the modulus is small, so EM (starting 0x00 0x02) must still be below `n`.
    #[test]
    fn moduli_of_odd_bit_lengths() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for bits in [2049, 2055, 3071] {
            let private = RsaPrivateKey::new(&mut rng, bits).unwrap();
            assert_eq!(private.n().bits(), bits);
            let key = our_key(&private);
            assert_eq!(key.len_bytes(), bits.div_ceil(8));
            for len in [0, 16, key.len_bytes() - 11] {
                let message = vec![0xa5; len];
                let c = encrypt(&key, &mut rng, &message).unwrap();
                assert_eq!(c.len(), key.len_bytes());
                assert_eq!(private.decrypt(Pkcs1v15Encrypt, &c).unwrap(), message);
            }
        }
    }

    /// I2OSP keeps exactly `k` bytes when the ciphertext integer is short: pick ciphertexts
    /// with leading zero octets, find their plaintexts with the private exponent, encrypt.
    #[test]
    fn short_ciphertexts_are_left_padded_to_k_bytes() {
        let (der, private) = vector(2048);
        let key = read(&der);
        let n = BigUint::from_bytes_be(&private.n().to_bytes_be());
        let d = BigUint::from_bytes_be(&private.d().to_bytes_be());
        for zeros in [1, 2, 5] {
            let mut c = vec![0u8; zeros];
            c.extend((zeros..256).map(|i| (i * 13 + 1) as u8));
            let m = BigUint::from_bytes_be(&c).modpow(&d, &n).to_bytes_be();
            let mut em = vec![0u8; 256 - m.len()];
            em.extend_from_slice(&m);
            assert_eq!(raw_encrypt(&key, &em), c);
        }
    }

    /// The raw `m^e mod n` agrees with OpenSSL's (`rsa_padding_mode:none`), and OpenSSL
    /// decrypts our PKCS#1 v1.5 ciphertext. Skipped when there is no `openssl` (a failure under
    /// `CI=true`).
    #[test]
    fn openssl_agrees() {
        if !crate::test_support::require_openssl() {
            return;
        }
        let dir = std::env::temp_dir().join(format!("mdm-link-pkcs1-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        for bits in [2048, 4096] {
            let (der, _) = vector(bits);
            let key = read(&der);
            let message: Vec<u8> = (100..116).collect();
            let em = pad(&message, key.len_bytes(), &mut rng).unwrap();
            let em_path = dir.join(format!("em{bits}"));
            std::fs::write(&em_path, &*em).unwrap();
            let raw = Command::new("openssl")
                .args(["pkeyutl", "-encrypt", "-certin", "-inkey"])
                .arg(vectors().join(format!("rsa{bits}.crt.pem")))
                .args(["-pkeyopt", "rsa_padding_mode:none", "-in"])
                .arg(&em_path)
                .output()
                .unwrap();
            assert!(
                raw.status.success(),
                "{}",
                String::from_utf8_lossy(&raw.stderr)
            );
            assert_eq!(raw_encrypt(&key, &em), raw.stdout, "rsa{bits} raw");

            let c_path = dir.join(format!("c{bits}"));
            std::fs::write(&c_path, encrypt(&key, &mut rng, &message).unwrap()).unwrap();
            let out = Command::new("openssl")
                .args(["pkeyutl", "-decrypt", "-inkey"])
                .arg(vectors().join(format!("rsa{bits}.key.pem")))
                .args(["-pkeyopt", "rsa_padding_mode:pkcs1", "-in"])
                .arg(&c_path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.stdout, message, "rsa{bits} pkcs1");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn wipe_overwrites_in_place() {
        let mut x = BigUint::from_bytes_be(&[0xab; 40]);
        wipe(&mut x);
        assert!(x.iter_u32_digits().all(|d| d == 1));
        assert_eq!(x.iter_u32_digits().len(), 10);
        let mut zero = BigUint::default();
        wipe(&mut zero);
        assert_eq!(zero, BigUint::default());
    }

    #[test]
    fn mod_pow_matches_num_bigint() {
        let (_, private) = vector(2048);
        let n = BigUint::from_bytes_be(&private.n().to_bytes_be());
        let m = BigUint::from_bytes_be(&[0x5a; 200]);
        for e in [0u64, 1, 2, 3, 17, 65_537, (1 << 33) - 1] {
            assert_eq!(
                mod_pow(&m, e, &n),
                m.modpow(&BigUint::from(e), &n),
                "e = {e}"
            );
        }
    }
}
