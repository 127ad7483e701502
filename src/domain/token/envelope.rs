//! The CMS inside a token (RFC 5652): ContentInfo(EnvelopedData) with one RSA key-transport
//! recipient and AES-128-CBC content, written with small local `der` structs.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockEncryptMut, KeyIvInit};
use const_oid::db::rfc5911::{ID_AES_128_CBC, ID_DATA, ID_ENVELOPED_DATA};
use const_oid::db::rfc5912::RSA_ENCRYPTION;
use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, IntRef, OctetStringRef};
use der::{
    Decode, DecodeValue, Encode, EncodeValue, FixedTag, Header, Length, Reader, Sequence, Tag,
    Writer,
};
use rand_core::CryptoRngCore;
use spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

use super::pkcs1v15;
use super::TokenError;
use crate::domain::rsa_key::RsaPublicKey;

/// Encrypts `plaintext` with a fresh AES-128-CBC key, wraps the key with RSA PKCS#1 v1.5 for
/// the one recipient, and returns the DER of ContentInfo(EnvelopedData).
///
/// The structure is written with the small local types below rather than the `cms` crate's:
/// those cover every CMS choice (originator info, CRLs, key agreement, ...) and their encoders
/// pulled all of that into the wasm; ours hold only what a token contains. `cms`'s builder
/// would not do either, because it leaves out the NULL parameters of rsaEncryption, which
/// Apple's tokens (and RFC 3370) have. Tests parse the output with `cms` and decrypt it with
/// OpenSSL and Python.
pub(super) fn envelope(
    plaintext: &[u8],
    public_key: &RsaPublicKey,
    rid: IssuerAndSerialNumber<'_>,
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, TokenError> {
    let mut key = Zeroizing::new([0u8; 16]);
    let mut iv = Zeroizing::new([0u8; 16]);
    rng.fill_bytes(key.as_mut());
    rng.fill_bytes(iv.as_mut());

    // From slices, so no unwiped copy of the key is left in a temporary array; the cipher
    // state itself is wiped on drop (the `zeroize` features of aes and cbc).
    let ciphertext = cbc::Encryptor::<aes::Aes128>::new_from_slices(key.as_ref(), iv.as_ref())
        .map_err(|_| TokenError::EncryptionFailed)?
        .encrypt_padded_vec_mut::<Pkcs7>(plaintext);
    let encrypted_key = pkcs1v15::encrypt(public_key, rng, key.as_ref())
        .map_err(|_| TokenError::EncryptionFailed)?;

    let enc = |_| TokenError::EncodingFailed;
    let content_info = ContentInfo {
        content_type: ID_ENVELOPED_DATA,
        content: EnvelopedData {
            version: 0,
            recipient_infos: RecipientInfos(KeyTransRecipientInfo {
                version: 0,
                rid,
                key_encryption_algorithm: AlgorithmIdentifierRef {
                    oid: RSA_ENCRYPTION,
                    parameters: Some(AnyRef::NULL),
                },
                encrypted_key: OctetStringRef::new(&encrypted_key).map_err(enc)?,
            }),
            encrypted_content_info: EncryptedContentInfo {
                content_type: ID_DATA,
                content_encryption_algorithm: AlgorithmIdentifierRef {
                    oid: ID_AES_128_CBC,
                    parameters: Some(AnyRef::new(Tag::OctetString, iv.as_ref()).map_err(enc)?),
                },
                encrypted_content: Some(OctetStringRef::new(&ciphertext).map_err(enc)?),
            },
        },
    };
    content_info.to_der().map_err(enc)
}

/// RFC 5652 §3:
///
/// ```asn1
/// ContentInfo ::= SEQUENCE {
///   contentType ContentType,
///   content [0] EXPLICIT ANY DEFINED BY contentType }
/// ```
///
/// Here `contentType` is always id-envelopedData, so `content` is typed as [`EnvelopedData`].
#[derive(Sequence)]
struct ContentInfo<'a> {
    content_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    content: EnvelopedData<'a>,
}

/// RFC 5652 §6.1:
///
/// ```asn1
/// EnvelopedData ::= SEQUENCE {
///   version CMSVersion,
///   originatorInfo [0] IMPLICIT OriginatorInfo OPTIONAL,
///   recipientInfos RecipientInfos,
///   encryptedContentInfo EncryptedContentInfo,
///   unprotectedAttrs [1] IMPLICIT UnprotectedAttributes OPTIONAL }
/// ```
///
/// A token has neither OPTIONAL field (Apple's has none), so they are left out of the type;
/// absent OPTIONAL fields encode to nothing, so the DER is the same. `version` is 0, as §6.1
/// requires when there is no originatorInfo or unprotectedAttrs and every recipient is a
/// version-0 KeyTransRecipientInfo.
#[derive(Sequence)]
struct EnvelopedData<'a> {
    version: u8,
    recipient_infos: RecipientInfos<'a>,
    encrypted_content_info: EncryptedContentInfo<'a>,
}

/// RFC 5652 §6.1, `RecipientInfos ::= SET SIZE (1..MAX) OF RecipientInfo`, with the one
/// recipient a token has. Its `RecipientInfo ::= CHOICE { ktri KeyTransRecipientInfo, ... }` is
/// always `ktri` (an RSA key), whose encoding is the KeyTransRecipientInfo itself (untagged).
/// A SET OF one element needs no sorting, so DER is just the element inside a SET.
struct RecipientInfos<'a>(KeyTransRecipientInfo<'a>);

impl FixedTag for RecipientInfos<'_> {
    const TAG: Tag = Tag::Set;
}

impl EncodeValue for RecipientInfos<'_> {
    fn value_len(&self) -> der::Result<Length> {
        self.0.encoded_len()
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        self.0.encode(writer)
    }
}

/// Only so the derived `Sequence` of [`EnvelopedData`] compiles (the derive writes a decoder
/// too); the app never decodes a token, so this is not in the wasm.
impl<'a> DecodeValue<'a> for RecipientInfos<'a> {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        reader.read_nested(header.length, |r| {
            KeyTransRecipientInfo::decode(r).map(Self)
        })
    }
}

/// RFC 5652 §6.2.1:
///
/// ```asn1
/// KeyTransRecipientInfo ::= SEQUENCE {
///   version CMSVersion,  -- always set to 0 or 2
///   rid RecipientIdentifier,
///   keyEncryptionAlgorithm KeyEncryptionAlgorithmIdentifier,
///   encryptedKey EncryptedKey }
///
/// RecipientIdentifier ::= CHOICE {
///   issuerAndSerialNumber IssuerAndSerialNumber,
///   subjectKeyIdentifier [0] SubjectKeyIdentifier }
///
/// EncryptedKey ::= OCTET STRING
/// ```
///
/// `rid` is always issuerAndSerialNumber (untagged in the CHOICE), so `version` is 0.
#[derive(Sequence)]
struct KeyTransRecipientInfo<'a> {
    version: u8,
    rid: IssuerAndSerialNumber<'a>,
    key_encryption_algorithm: AlgorithmIdentifierRef<'a>,
    encrypted_key: OctetStringRef<'a>,
}

/// RFC 5652 §10.2.4:
///
/// ```asn1
/// IssuerAndSerialNumber ::= SEQUENCE {
///   issuer Name,
///   serialNumber CertificateSerialNumber }
/// ```
///
/// Both are the recipient certificate's own encodings, copied byte for byte: a decrypting
/// server finds its certificate (and key) by comparing exactly these bytes.
#[derive(Sequence)]
pub(super) struct IssuerAndSerialNumber<'a> {
    pub issuer: AnyRef<'a>,
    pub serial_number: IntRef<'a>,
}

/// RFC 5652 §6.1:
///
/// ```asn1
/// EncryptedContentInfo ::= SEQUENCE {
///   contentType ContentType,
///   contentEncryptionAlgorithm ContentEncryptionAlgorithmIdentifier,
///   encryptedContent [0] IMPLICIT EncryptedContent OPTIONAL }
///
/// EncryptedContent ::= OCTET STRING
/// ```
#[derive(Sequence)]
struct EncryptedContentInfo<'a> {
    content_type: ObjectIdentifier,
    content_encryption_algorithm: AlgorithmIdentifierRef<'a>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    encrypted_content: Option<OctetStringRef<'a>>,
}
