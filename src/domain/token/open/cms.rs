//! Stage 2 of opening a token: read the CMS EnvelopedData (RFC 5652 §6; PKCS#7 v1.5 has the
//! same shape) from BER or DER.
//!
//! Why not the `cms` crate: its decoder is strict DER, and Apple's token is BER with indefinite
//! lengths and its encrypted content split into chunks (`openssl smime -encrypt` writes the
//! same). So the structure is walked with the certificate check's tag-length-value walker
//! (`certificate::asn1`): containers are entered one header at a time and leaves read whole, so
//! a cut or damaged file is reported at the element where the damage is, by name. Only what
//! opening needs is kept: each key-transport recipient (identifier, algorithm, encrypted key),
//! the content cipher, its IV and the ciphertext.
//!
//! ```asn1
//! ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY }
//! EnvelopedData ::= SEQUENCE { version INTEGER, originatorInfo [0] IMPLICIT ... OPTIONAL,
//!     recipientInfos SET OF RecipientInfo, encryptedContentInfo EncryptedContentInfo,
//!     unprotectedAttrs [1] IMPLICIT ... OPTIONAL }
//! KeyTransRecipientInfo ::= SEQUENCE { version INTEGER, rid RecipientIdentifier,
//!     keyEncryptionAlgorithm AlgorithmIdentifier, encryptedKey OCTET STRING }
//! RecipientIdentifier ::= CHOICE { issuerAndSerialNumber SEQUENCE { issuer Name,
//!     serialNumber INTEGER }, subjectKeyIdentifier [0] IMPLICIT OCTET STRING }
//! EncryptedContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER,
//!     contentEncryptionAlgorithm AlgorithmIdentifier, encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL }
//! ```

use const_oid::db::rfc5911::{
    ID_AES_128_CBC, ID_AES_192_CBC, ID_AES_256_CBC, ID_ENVELOPED_DATA, ID_SIGNED_DATA,
};
use const_oid::ObjectIdentifier;
use der::asn1::AnyRef;
use der::Tag;

use super::OpenError;
use crate::domain::certificate::asn1::{self, Header, TlvError};
use crate::domain::certificate::dn::format_name;
use crate::domain::oid_names::name_or_dotted;

/// What opening needs from an EnvelopedData.
pub(super) struct Envelope {
    /// The key-transport recipients, in order.
    pub recipients: Vec<KeyTransport>,
    /// The other kinds of recipient found (key agreement, password, ...), by name.
    pub other_kinds: Vec<&'static str>,
    /// The content cipher.
    pub cipher: Cipher,
    /// Its IV.
    pub iv: Vec<u8>,
    /// The encrypted content, chunks joined.
    pub ciphertext: Vec<u8>,
}

/// One KeyTransRecipientInfo.
pub(super) struct KeyTransport {
    /// Whom it is for.
    pub rid: Rid,
    /// The key-encryption algorithm (rsaEncryption for PKCS#1 v1.5).
    pub algorithm: ObjectIdentifier,
    /// The encrypted content key.
    pub encrypted_key: Vec<u8>,
}

/// A recipient identifier, as encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Rid {
    /// The issuer Name's content bytes and the serial INTEGER's content bytes.
    IssuerSerial {
        /// The Name's content (inside its SEQUENCE header).
        issuer: Vec<u8>,
        /// The INTEGER's content.
        serial: Vec<u8>,
    },
    /// The subject key identifier.
    KeyId(Vec<u8>),
}

/// The content ciphers opened: AES-CBC in its three key sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cipher {
    /// AES-128-CBC, as Apple and MDM Link write.
    Aes128,
    /// AES-192-CBC.
    Aes192,
    /// AES-256-CBC (`openssl smime -encrypt -aes256`).
    Aes256,
}

impl Cipher {
    /// Its usual name.
    pub fn name(self) -> &'static str {
        match self {
            Cipher::Aes128 => "AES-128-CBC",
            Cipher::Aes192 => "AES-192-CBC",
            Cipher::Aes256 => "AES-256-CBC",
        }
    }
}

/// The issuer Name's content formatted like `openssl x509 -issuer`.
pub(super) fn issuer_text(content: &[u8]) -> String {
    AnyRef::new(Tag::Sequence, content)
        .map(|name| format_name(&name))
        .unwrap_or_else(|_| "an unreadable name".into())
}

/// Stage 2: the EnvelopedData in `der`, a ContentInfo (checked by stage 1 to start like one).
pub(super) fn read(der: &[u8]) -> Result<Envelope, OpenError> {
    let walk = Walk { der };
    let top = walk.header(0, der.len(), "the CMS ContentInfo")?;
    let mut content_type = None;
    let mut envelope = None;
    walk.children(&top, "the CMS ContentInfo", |index, child| match index {
        0 => {
            content_type = Some(walk.oid(&child, "the content type")?);
            walk.skip(&child, "the content type")
        }
        1 => {
            let oid = content_type.unwrap_or(ID_ENVELOPED_DATA);
            if oid != ID_ENVELOPED_DATA {
                return Err(OpenError::NotEnveloped {
                    content_type: if oid == ID_SIGNED_DATA {
                        "signed data (a certificate bundle or a signed message)".into()
                    } else {
                        name_or_dotted(&oid)
                    },
                });
            }
            walk.expect(&child, 0xa0, "the content")?;
            let (end, found) = walk.enveloped_data(&child)?;
            envelope = Some(found);
            Ok(end)
        }
        _ => walk.skip(&child, "the CMS ContentInfo"),
    })?;
    envelope.ok_or_else(|| walk.corrupt(top.start, "the CMS ContentInfo", "it has no content"))
}

/// The walker over one buffer: headers in, named errors out.
struct Walk<'a> {
    der: &'a [u8],
}

/// One piece of the EncryptedContentInfo.
struct ContentPieces {
    cipher: Option<Cipher>,
    iv: Option<Vec<u8>>,
    ciphertext: Option<Vec<u8>>,
}

impl Walk<'_> {
    fn tlv_error(&self, e: TlvError, part: &'static str) -> OpenError {
        match e {
            TlvError::Truncated { expected, got, .. } => OpenError::Truncated {
                part,
                at: got,
                missing: expected.saturating_sub(got),
            },
            TlvError::Malformed { at, what } => OpenError::Corrupt {
                part,
                at,
                what: what.replace("certificate structure", "CMS structure"),
            },
        }
    }

    fn corrupt(&self, at: usize, part: &'static str, what: &str) -> OpenError {
        OpenError::Corrupt {
            part,
            at,
            what: what.into(),
        }
    }

    fn header(&self, at: usize, limit: usize, part: &'static str) -> Result<Header, OpenError> {
        asn1::header(self.der, at, limit).map_err(|e| self.tlv_error(e, part))
    }

    fn expect(&self, h: &Header, tag: u8, part: &'static str) -> Result<(), OpenError> {
        if h.tag == tag {
            Ok(())
        } else {
            Err(self.corrupt(
                h.start,
                part,
                &format!("expected tag 0x{tag:02x} here, found 0x{:02x}", h.tag),
            ))
        }
    }

    /// Calls `each(index, child)` for every child of the constructed `parent`; `each` returns
    /// the child's end offset. Returns the parent's end (after its end-of-contents marker for an
    /// indefinite length). Every step moves forward, so this ends on any input.
    fn children(
        &self,
        parent: &Header,
        part: &'static str,
        mut each: impl FnMut(usize, Header) -> Result<usize, OpenError>,
    ) -> Result<usize, OpenError> {
        if parent.tag & 0x20 == 0 {
            return Err(self.corrupt(
                parent.start,
                part,
                "a primitive value where a structure belongs",
            ));
        }
        let limit = parent.content_end.unwrap_or(self.der.len());
        let mut pos = parent.content_start;
        let mut index = 0;
        loop {
            match parent.content_end {
                Some(end) if pos >= end => return Ok(end),
                None if pos >= self.der.len() => {
                    return Err(OpenError::Truncated {
                        part,
                        at: self.der.len(),
                        missing: 2,
                    })
                }
                None if self.der.get(pos..pos + 2) == Some(&[0, 0]) => return Ok(pos + 2),
                _ => {}
            }
            let child = self.header(pos, limit, part)?;
            let end = each(index, child)?;
            if end <= pos {
                return Err(self.corrupt(pos, part, "an element that does not advance"));
            }
            pos = end;
            index += 1;
        }
    }

    /// The end of `h` without looking inside (a full scan only for an indefinite length).
    fn skip(&self, h: &Header, part: &'static str) -> Result<usize, OpenError> {
        match h.content_end {
            Some(end) => Ok(end),
            None => asn1::read(self.der, h.start, self.der.len())
                .map(|t| t.end)
                .map_err(|e| self.tlv_error(e, part)),
        }
    }

    fn oid(&self, h: &Header, part: &'static str) -> Result<ObjectIdentifier, OpenError> {
        self.expect(h, 0x06, part)?;
        let end = self.skip(h, part)?;
        let bytes = self.der.get(h.content_start..end).unwrap_or(&[]);
        ObjectIdentifier::from_bytes(bytes)
            .map_err(|_| self.corrupt(h.start, part, "an object identifier that cannot be read"))
    }

    /// An OCTET STRING's bytes: primitive, or (BER) constructed from chunks, joined.
    fn octets(
        &self,
        h: &Header,
        part: &'static str,
        depth: u8,
    ) -> Result<(usize, Vec<u8>), OpenError> {
        if h.tag & 0x20 == 0 {
            let end = self.skip(h, part)?;
            return Ok((
                end,
                self.der.get(h.content_start..end).unwrap_or(&[]).to_vec(),
            ));
        }
        if depth > 8 {
            return Err(self.corrupt(h.start, part, "octet string chunks nested too deeply"));
        }
        let mut out = Vec::new();
        let end = self.children(h, part, |_, chunk| {
            if chunk.tag & 0x1f != 0x04 {
                return Err(self.corrupt(chunk.start, part, "a chunk that is not an octet string"));
            }
            let (end, bytes) = self.octets(&chunk, part, depth + 1)?;
            out.extend_from_slice(&bytes);
            Ok(end)
        })?;
        Ok((end, out))
    }

    /// `[0] { EnvelopedData }`: returns the end of `[0]` and what was found.
    fn enveloped_data(&self, content: &Header) -> Result<(usize, Envelope), OpenError> {
        const PART: &str = "the EnvelopedData";
        let mut found = None;
        let end = self.children(content, "the content", |index, env| {
            if index > 0 {
                return self.skip(&env, "the content");
            }
            self.expect(&env, 0x30, PART)?;
            let mut recipients = None;
            let mut pieces = None;
            let mut seen_version = false;
            let end = self.children(&env, PART, |_, child| match child.tag {
                0x02 if !seen_version => {
                    seen_version = true;
                    self.skip(&child, "the version")
                }
                0x31 if recipients.is_none() => {
                    let (end, list) = self.recipient_infos(&child)?;
                    recipients = Some(list);
                    Ok(end)
                }
                0x30 if recipients.is_some() && pieces.is_none() => {
                    let (end, p) = self.encrypted_content_info(&child)?;
                    pieces = Some(p);
                    Ok(end)
                }
                // originatorInfo [0], unprotectedAttrs [1]: not needed to open.
                0xa0 | 0xa1 => self.skip(&child, PART),
                other => Err(self.corrupt(
                    child.start,
                    PART,
                    &format!("an unexpected element (tag 0x{other:02x})"),
                )),
            })?;
            let (recipients, other_kinds) = recipients
                .ok_or_else(|| self.corrupt(env.start, PART, "it has no recipient information"))?;
            let pieces = pieces.ok_or_else(|| {
                self.corrupt(env.start, PART, "it has no encrypted content information")
            })?;
            found = Some((recipients, other_kinds, pieces));
            Ok(end)
        })?;
        let (recipients, other_kinds, pieces) =
            found.ok_or_else(|| self.corrupt(content.start, "the content", "it is empty"))?;
        if recipients.is_empty() {
            return Err(OpenError::UnsupportedRecipient {
                kinds: if other_kinds.is_empty() {
                    "nobody (the recipient list is empty)".into()
                } else {
                    other_kinds.join(" and ")
                },
            });
        }
        let cipher = pieces
            .cipher
            .ok_or_else(|| self.corrupt(content.start, PART, "no cipher"))?;
        let iv = pieces.iv.unwrap_or_default();
        let ciphertext = pieces.ciphertext.ok_or(OpenError::NoEncryptedContent)?;
        if iv.len() != 16 {
            return Err(self.corrupt(
                content.start,
                "the content encryption algorithm",
                &format!("the IV is {} bytes long, AES-CBC needs 16", iv.len()),
            ));
        }
        if ciphertext.is_empty() || ciphertext.len() % 16 != 0 {
            return Err(self.corrupt(
                content.start,
                "the encrypted content",
                &format!(
                    "it is {} bytes long, not a whole number of 16-byte AES blocks",
                    ciphertext.len()
                ),
            ));
        }
        Ok((
            end,
            Envelope {
                recipients,
                other_kinds,
                cipher,
                iv,
                ciphertext,
            },
        ))
    }

    /// `SET OF RecipientInfo`: the key-transport ones read, the others named.
    #[allow(clippy::type_complexity)]
    fn recipient_infos(
        &self,
        set: &Header,
    ) -> Result<(usize, (Vec<KeyTransport>, Vec<&'static str>)), OpenError> {
        const PART: &str = "the recipient information";
        let mut ktris = Vec::new();
        let mut others = Vec::new();
        let end = self.children(set, PART, |_, info| {
            let kind = match info.tag {
                0x30 => {
                    let (end, ktri) = self.key_transport(&info)?;
                    ktris.push(ktri);
                    return Ok(end);
                }
                0xa1 => "key agreement (an elliptic-curve or Diffie-Hellman key)",
                0xa2 => "a shared secret key",
                0xa3 => "a password",
                _ => "another kind of recipient",
            };
            if !others.contains(&kind) {
                others.push(kind);
            }
            self.skip(&info, PART)
        })?;
        Ok((end, (ktris, others)))
    }

    fn key_transport(&self, info: &Header) -> Result<(usize, KeyTransport), OpenError> {
        const PART: &str = "a recipient's information";
        let mut rid = None;
        let mut algorithm = None;
        let mut encrypted_key = None;
        let end = self.children(info, PART, |index, child| match index {
            0 => {
                self.expect(&child, 0x02, "a recipient's version")?;
                self.skip(&child, PART)
            }
            1 => {
                let (end, found) = self.rid(&child)?;
                rid = Some(found);
                Ok(end)
            }
            2 => {
                let (end, oid) = self.algorithm(&child, "a recipient's key algorithm")?;
                algorithm = Some(oid);
                Ok(end)
            }
            3 => {
                if child.tag & 0x1f != 0x04 {
                    return Err(self.corrupt(
                        child.start,
                        "a recipient's encrypted key",
                        "it is not an octet string",
                    ));
                }
                let (end, bytes) = self.octets(&child, "a recipient's encrypted key", 0)?;
                encrypted_key = Some(bytes);
                Ok(end)
            }
            _ => self.skip(&child, PART),
        })?;
        match (rid, algorithm, encrypted_key) {
            (Some(rid), Some(algorithm), Some(encrypted_key)) => Ok((
                end,
                KeyTransport {
                    rid,
                    algorithm,
                    encrypted_key,
                },
            )),
            _ => Err(self.corrupt(info.start, PART, "it lacks an element")),
        }
    }

    fn rid(&self, h: &Header) -> Result<(usize, Rid), OpenError> {
        const PART: &str = "a recipient's certificate identifier";
        match h.tag {
            0x30 => {
                let mut issuer = None;
                let mut serial = None;
                let end = self.children(h, PART, |index, child| {
                    let end = self.skip(&child, PART)?;
                    let content = self.der.get(child.content_start..end).unwrap_or(&[]);
                    // An indefinite-length Name ends with its end-of-contents marker.
                    let content = if child.content_end.is_none() {
                        content
                            .get(..content.len().saturating_sub(2))
                            .unwrap_or(&[])
                    } else {
                        content
                    };
                    match (index, child.tag) {
                        (0, 0x30) => issuer = Some(content.to_vec()),
                        (1, 0x02) => serial = Some(content.to_vec()),
                        (0 | 1, _) => {
                            return Err(self.corrupt(
                                child.start,
                                PART,
                                "its issuer or serial number is not where it belongs",
                            ))
                        }
                        _ => {}
                    }
                    Ok(end)
                })?;
                match (issuer, serial) {
                    (Some(issuer), Some(serial)) => Ok((end, Rid::IssuerSerial { issuer, serial })),
                    _ => {
                        Err(self.corrupt(h.start, PART, "it lacks the issuer or the serial number"))
                    }
                }
            }
            0x80 | 0xa0 => {
                let (end, id) = self.octets(h, PART, 0)?;
                Ok((end, Rid::KeyId(id)))
            }
            other => Err(self.corrupt(
                h.start,
                PART,
                &format!("an identifier of an unknown kind (tag 0x{other:02x})"),
            )),
        }
    }

    /// `AlgorithmIdentifier`: its end and OID (parameters skipped).
    fn algorithm(
        &self,
        h: &Header,
        part: &'static str,
    ) -> Result<(usize, ObjectIdentifier), OpenError> {
        self.expect(h, 0x30, part)?;
        let mut oid = None;
        let end = self.children(h, part, |index, child| {
            if index == 0 {
                oid = Some(self.oid(&child, part)?);
            }
            self.skip(&child, part)
        })?;
        oid.map(|oid| (end, oid))
            .ok_or_else(|| self.corrupt(h.start, part, "it names no algorithm"))
    }

    fn encrypted_content_info(&self, h: &Header) -> Result<(usize, ContentPieces), OpenError> {
        const PART: &str = "the encrypted content information";
        let mut pieces = ContentPieces {
            cipher: None,
            iv: None,
            ciphertext: None,
        };
        let end = self.children(h, PART, |index, child| match (index, child.tag) {
            (0, _) => {
                self.oid(&child, "the content type")?;
                self.skip(&child, PART)
            }
            (1, _) => {
                const ALG: &str = "the content encryption algorithm";
                self.expect(&child, 0x30, ALG)?;
                let mut oid = None;
                let end = self.children(&child, ALG, |i, param| match i {
                    0 => {
                        oid = Some(self.oid(&param, ALG)?);
                        self.skip(&param, ALG)
                    }
                    1 if param.tag & 0x1f == 0x04 => {
                        let (end, iv) = self.octets(&param, "the IV", 0)?;
                        pieces.iv = Some(iv);
                        Ok(end)
                    }
                    _ => self.skip(&param, ALG),
                })?;
                let oid =
                    oid.ok_or_else(|| self.corrupt(child.start, ALG, "it names no cipher"))?;
                pieces.cipher = Some(match oid {
                    o if o == ID_AES_128_CBC => Cipher::Aes128,
                    o if o == ID_AES_192_CBC => Cipher::Aes192,
                    o if o == ID_AES_256_CBC => Cipher::Aes256,
                    other => {
                        return Err(OpenError::UnsupportedCipher {
                            algorithm: cipher_name(&other),
                        })
                    }
                });
                Ok(end)
            }
            (2, 0x80 | 0xa0) => {
                let (end, bytes) = self.octets(&child, "the encrypted content", 0)?;
                pieces.ciphertext = Some(bytes);
                Ok(end)
            }
            _ => self.skip(&child, PART),
        })?;
        Ok((end, pieces))
    }
}

/// Ciphers an old tool might use, by the name admins know.
fn cipher_name(oid: &ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.2.840.113549.3.7" => "Triple DES (DES-EDE3-CBC)".into(),
        "1.3.14.3.2.7" => "DES-CBC".into(),
        "1.2.840.113549.3.2" => "RC2-CBC".into(),
        "2.16.840.1.101.3.4.1.6" => "AES-128-GCM".into(),
        "2.16.840.1.101.3.4.1.46" => "AES-256-GCM".into(),
        _ => name_or_dotted(oid),
    }
}
