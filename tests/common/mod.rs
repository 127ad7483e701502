//! Helpers shared by the token tests: vector paths, a PEM reader, native decryption of a token
//! file, a strict checker for Apple's plaintext and JSON rules, and a BER/DER shape walker.
#![allow(dead_code)]

use std::path::PathBuf;

use base64ct::{Base64, Encoding};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, KeyIvInit};
use cms::content_info::ContentInfo;
use cms::enveloped_data::{EnvelopedData, RecipientInfo};
use der::{Decode, Encode};
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::one_year_after;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};

/// The four outer headers Apple writes, in order.
pub const APPLE_HEADERS: [&str; 4] = [
    "Content-Type: application/pkcs7-mime; name=\"smime.p7m\"; smime-type=enveloped-data",
    "Content-Transfer-Encoding: base64",
    "Content-Disposition: attachment; filename=\"smime.p7m\"",
    "Content-Description: S/MIME Encrypted Message",
];

/// A certificate and its private key.
pub struct Vector {
    pub label: String,
    pub cert_der: Vec<u8>,
    pub key_pkcs1_der: Vec<u8>,
    pub cert_pem_path: PathBuf,
    pub key_pem_path: PathBuf,
}

pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/examples/token")
}

pub fn apple_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/apple-issued-token")
}

/// Our own RSA vectors (always present, checked in).
pub fn own_vector(bits: u32) -> Vector {
    let dir = examples_dir();
    let read = |name: String| {
        std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
    };
    Vector {
        label: format!("rsa{bits}"),
        cert_der: read(format!("rsa{bits}.crt.der")),
        key_pkcs1_der: read(format!("rsa{bits}.key.der")),
        cert_pem_path: dir.join(format!("rsa{bits}.crt.pem")),
        key_pem_path: dir.join(format!("rsa{bits}.key.pem")),
    }
}

/// The Apple vector, if the shared directory is there (under `CI=true` its absence fails the
/// test). The certificate comes from the `.crt` PEM: the file named `.der` beside it holds the
/// private key in PKCS#1 DER, not the certificate.
pub fn apple_vector() -> Option<Vector> {
    let dir = mdm_link::test_support::require_shared("vectors/apple-issued-token")?;
    let cert_pem = std::fs::read_to_string(dir.join("apple-mdm-client-tests-1.crt")).ok()?;
    let key_pem = std::fs::read_to_string(dir.join("apple-mdm-client-tests-1.pem")).ok()?;
    Some(Vector {
        label: "apple".into(),
        cert_der: pem_body(&cert_pem, "CERTIFICATE"),
        key_pkcs1_der: pem_body(&key_pem, "RSA PRIVATE KEY"),
        cert_pem_path: dir.join("apple-mdm-client-tests-1.crt"),
        key_pem_path: dir.join("apple-mdm-client-tests-1.pem"),
    })
}

pub fn apple_token() -> Option<Vec<u8>> {
    let dir = mdm_link::test_support::require_shared("vectors/apple-issued-token")?;
    std::fs::read(dir.join("apple-mdm-client-tests-1-server-token.p7m")).ok()
}

/// The DER inside a PEM block with the given label.
pub fn pem_body(pem: &str, label: &str) -> Vec<u8> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin).expect("PEM begin") + begin.len();
    let stop = pem.find(&end).expect("PEM end");
    let b64: String = pem[start..stop].split_whitespace().collect();
    Base64::decode_vec(&b64).expect("PEM base64")
}

/// The parts of a token file.
pub struct ParsedFile {
    pub headers: Vec<String>,
    pub base64_lines: Vec<String>,
    pub der: Vec<u8>,
}

/// Splits an S/MIME token file into headers and base64 body; checks LF-only line ends, the
/// trailing newline and the blank separator line.
pub fn parse_file(bytes: &[u8]) -> Result<ParsedFile, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
    if text.contains('\r') {
        return Err("contains CR: Apple's file uses LF line ends".into());
    }
    if !text.ends_with('\n') || text.ends_with("\n\n") {
        return Err("must end with exactly one LF".into());
    }
    let (head, body) = text
        .split_once("\n\n")
        .ok_or("no blank line after headers")?;
    let headers: Vec<String> = head.lines().map(str::to_owned).collect();
    let base64_lines: Vec<String> = body.lines().map(str::to_owned).collect();
    let joined: String = base64_lines.concat();
    let der = Base64::decode_vec(&joined).map_err(|e| format!("base64: {e}"))?;
    Ok(ParsedFile {
        headers,
        base64_lines,
        der,
    })
}

/// The EnvelopedData of a token's DER, decoded strictly.
pub fn enveloped(der: &[u8]) -> EnvelopedData {
    let ci = ContentInfo::from_der(der).expect("ContentInfo in strict DER");
    assert_eq!(ci.content_type, const_oid::db::rfc5911::ID_ENVELOPED_DATA);
    EnvelopedData::from_der(&ci.content.to_der().unwrap()).expect("EnvelopedData")
}

/// Decrypts a token's DER with a PKCS#1 DER private key: RSA PKCS#1 v1.5 then AES-128-CBC.
pub fn decrypt(der: &[u8], key_pkcs1_der: &[u8]) -> Vec<u8> {
    let env = enveloped(der);
    let key = RsaPrivateKey::from_pkcs1_der(key_pkcs1_der).expect("private key");
    let ri = env.recip_infos.0.get(0).expect("one recipient");
    let RecipientInfo::Ktri(ktri) = ri else {
        panic!("not KeyTransRecipientInfo")
    };
    let cek = key
        .decrypt(Pkcs1v15Encrypt, ktri.enc_key.as_bytes())
        .expect("RSA decrypt");
    assert_eq!(cek.len(), 16, "AES-128 key");
    let params = env
        .encrypted_content
        .content_enc_alg
        .parameters
        .as_ref()
        .unwrap();
    let iv = der::asn1::OctetString::from_der(&params.to_der().unwrap()).unwrap();
    let ct = env.encrypted_content.encrypted_content.as_ref().unwrap();
    cbc::Decryptor::<aes::Aes128>::new_from_slices(&cek, iv.as_bytes())
        .unwrap()
        .decrypt_padded_vec_mut::<Pkcs7>(ct.as_bytes())
        .expect("AES-CBC with PKCS#7 padding")
}

/// The five JSON values of a token, in Apple's key order.
#[derive(Debug)]
pub struct TokenJson {
    pub consumer_key: String,
    pub consumer_secret: String,
    pub access_token: String,
    pub access_secret: String,
    pub access_token_expiry: String,
}

const PLAIN_HEAD: &str = "Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: \
7bit\r\n\r\n-----BEGIN MESSAGE-----\n";
const PLAIN_TAIL: &str = "\n-----END MESSAGE-----\n";

/// Checks the decrypted bytes against every layout and format rule of Apple's token and
/// returns the JSON values.
pub fn check_plaintext(plain: &[u8]) -> Result<TokenJson, String> {
    let text = std::str::from_utf8(plain).map_err(|_| "plaintext not UTF-8")?;
    let rest = text
        .strip_prefix(PLAIN_HEAD)
        .ok_or("plaintext head differs from Apple's")?;
    let json = rest
        .strip_suffix(PLAIN_TAIL)
        .ok_or("plaintext tail differs from Apple's")?;
    if json.contains('\n') || json.contains('\r') {
        return Err("JSON must be one line".into());
    }
    let keys = [
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_secret",
        "access_token_expiry",
    ];
    let mut values = Vec::new();
    let mut s = json.strip_prefix('{').ok_or("JSON must start with {")?;
    for (i, key) in keys.iter().enumerate() {
        let lead = format!("\"{key}\":\"");
        s = s
            .strip_prefix(lead.as_str())
            .ok_or_else(|| format!("expected key {key} at {s:?}"))?;
        let end = s.find('"').ok_or("unterminated string")?;
        values.push(s[..end].to_owned());
        s = &s[end + 1..];
        let sep = if i + 1 == keys.len() { '}' } else { ',' };
        s = s
            .strip_prefix(sep)
            .ok_or_else(|| format!("expected {sep:?} after {key}"))?;
    }
    if !s.is_empty() {
        return Err(format!("trailing bytes after JSON: {s:?}"));
    }
    let v = TokenJson {
        consumer_key: values[0].clone(),
        consumer_secret: values[1].clone(),
        access_token: values[2].clone(),
        access_secret: values[3].clone(),
        access_token_expiry: values[4].clone(),
    };
    use Pat::*;
    matches(&v.consumer_key, &[Lit("CK_"), Hex(96)], "consumer_key")?;
    matches(
        &v.consumer_secret,
        &[Lit("CS_"), Hex(40)],
        "consumer_secret",
    )?;
    matches(&v.access_secret, &[Lit("AS_"), Hex(40)], "access_secret")?;
    matches(
        &v.access_token,
        &[
            Lit("AT_O"),
            Digits(10),
            Lit("O"),
            Hex(40),
            Lit("O"),
            Digits(13),
        ],
        "access_token",
    )?;
    matches(
        &v.access_token_expiry,
        &[
            Digits(4),
            Lit("-"),
            Digits(2),
            Lit("-"),
            Digits(2),
            Lit("T"),
            Digits(2),
            Lit(":"),
            Digits(2),
            Lit(":"),
            Digits(2),
            Lit("Z"),
        ],
        "access_token_expiry",
    )?;
    let issued_ms: i64 = v.access_token[v.access_token.len() - 13..].parse().unwrap();
    let expected = one_year_after(Timestamp(issued_ms)).rfc3339();
    if v.access_token_expiry != expected {
        return Err(format!(
            "access_token_expiry {} is not one year after issue ({expected})",
            v.access_token_expiry
        ));
    }
    Ok(v)
}

/// A tiny pattern language for the token fields (instead of pulling in `regex`).
pub enum Pat {
    /// Exactly this text.
    Lit(&'static str),
    /// Exactly n lowercase hex digits.
    Hex(usize),
    /// Exactly n ASCII digits.
    Digits(usize),
}

pub fn matches(value: &str, pats: &[Pat], what: &str) -> Result<(), String> {
    let mut s = value;
    for p in pats {
        let (n, ok): (usize, fn(u8) -> bool) = match p {
            Pat::Lit(l) => {
                s = s
                    .strip_prefix(l)
                    .ok_or_else(|| format!("{what}: expected {l:?} in {value}"))?;
                continue;
            }
            Pat::Hex(n) => (*n, |b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            Pat::Digits(n) => (*n, |b| b.is_ascii_digit()),
        };
        if s.len() < n || !s.as_bytes()[..n].iter().all(|b| ok(*b)) {
            return Err(format!("{what}: bad character class or length in {value}"));
        }
        s = &s[n..];
    }
    if s.is_empty() {
        Ok(())
    } else {
        Err(format!("{what}: unexpected trailing {s:?} in {value}"))
    }
}

/// The tag tree of a BER or DER encoding as (depth, tag) pairs in document order, without
/// lengths and end-of-contents markers. A context-specific constructed element made only of
/// OCTET STRING chunks (BER's segmented string) is reported as the primitive element DER uses.
pub fn shape(bytes: &[u8]) -> Vec<(usize, u8)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        pos = walk(bytes, pos, 0, &mut out);
    }
    out
}

fn walk(b: &[u8], mut pos: usize, depth: usize, out: &mut Vec<(usize, u8)>) -> usize {
    let tag = b[pos];
    assert_ne!(tag & 0x1f, 0x1f, "high tag numbers not used here");
    pos += 1;
    let first = b[pos];
    pos += 1;
    let len = if first == 0x80 {
        None
    } else if first & 0x80 == 0 {
        Some(usize::from(first))
    } else {
        let n = usize::from(first & 0x7f);
        let mut l = 0usize;
        for i in 0..n {
            l = (l << 8) | usize::from(b[pos + i]);
        }
        pos += n;
        Some(l)
    };
    let constructed = tag & 0x20 != 0;
    if !constructed {
        out.push((depth, tag));
        return pos + len.expect("primitive with indefinite length");
    }
    let index = out.len();
    out.push((depth, tag));
    let end = match len {
        Some(l) => {
            let end = pos + l;
            while pos < end {
                pos = walk(b, pos, depth + 1, out);
            }
            end
        }
        None => loop {
            if b[pos] == 0 && b[pos + 1] == 0 {
                break pos + 2;
            }
            pos = walk(b, pos, depth + 1, out);
        },
    };
    let children = &out[index + 1..];
    if tag & 0xc0 == 0x80
        && !children.is_empty()
        && children.iter().all(|(d, t)| *d == depth + 1 && *t == 0x04)
    {
        out.truncate(index);
        out.push((depth, tag & !0x20));
    }
    end
}

/// A deterministic CSPRNG for reproducible tokens.
pub fn rng(seed: u64) -> rand_chacha::ChaCha20Rng {
    use rand_chacha::rand_core::SeedableRng;
    rand_chacha::ChaCha20Rng::seed_from_u64(seed)
}

/// Every regular file under `dir`, recursively, sorted.
pub fn files_under(dir: &std::path::Path) -> Vec<PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}
