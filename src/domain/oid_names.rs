//! Human names for the object identifiers an MDM engineer meets in certificates and CMS files.
//!
//! Why a curated table instead of `const_oid::db::DB`: the database names thousands of OIDs
//! and costs ~77 KB raw / ~19 KB gzipped in the wasm bundle, a tenth of the 200 KB first-load
//! budget, while the app only ever shows a hundred or so. Unknown OIDs are shown dotted, which
//! is what an admin pastes into a search engine anyway.
//!
//! Naming conventions (so the report reads like `openssl x509 -text`, which admins compare it
//! with):
//! - algorithms use OpenSSL's long names (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`,
//!   `rsaEncryption`, `id-ecPublicKey`, `ED25519`); DSA and SHA-3 signatures keep the
//!   hyphenated/underscored spelling the report has always used;
//! - named curves use their NIST names where they have one (`P-256`), as Apple's Keychain and
//!   MDM vendor documentation do, otherwise SEC 2 / RFC 5639 names;
//! - extended key usages use the short names of OpenSSL's `extendedKeyUsage` configuration
//!   (`serverAuth`), Apple's and Microsoft's in the same camelCase style;
//! - name attribute types use OpenSSL's short names as it prints distinguished names (`CN`,
//!   `O`, `emailAddress`, `jurisdictionC`);
//! - extensions use OpenSSL's long names (`X509v3 Key Usage`);
//! - CMS content types keep the RFC 5911 names (`id-data`).
//!
//! Nothing here can fail, so the module has no error type: an unknown OID is `None`.
//!
//! Guard: `clippy.toml` disallows `const_oid::db::Database` methods, so a stray
//! `DB.by_oid(..)` (which would pull the whole database back into the bundle) fails clippy.

use const_oid::ObjectIdentifier;

const fn oid(s: &str) -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap(s)
}

/// Every name, grouped by kind. An OID appears once: where one OID plays two roles (Ed25519 is
/// both a key and a signature algorithm) the name is the same in both, as in OpenSSL.
const NAMES: &[(ObjectIdentifier, &str)] = &[
    // Public key algorithms.
    (oid("1.2.840.113549.1.1.1"), "rsaEncryption"),
    (oid("1.2.840.113549.1.1.7"), "rsaesOaep"),
    (oid("1.2.840.10045.2.1"), "id-ecPublicKey"),
    (oid("1.2.840.10040.4.1"), "dsaEncryption"),
    (oid("1.2.840.10046.2.1"), "X9.42 DH"),
    (oid("1.3.101.110"), "X25519"),
    (oid("1.3.101.111"), "X448"),
    (oid("1.3.101.112"), "ED25519"),
    (oid("1.3.101.113"), "ED448"),
    // RSA signatures (PKCS #1, OIW, NIST SHA-3).
    (oid("1.2.840.113549.1.1.2"), "md2WithRSAEncryption"),
    (oid("1.2.840.113549.1.1.3"), "md4WithRSAEncryption"),
    (oid("1.2.840.113549.1.1.4"), "md5WithRSAEncryption"),
    (oid("1.2.840.113549.1.1.5"), "sha1WithRSAEncryption"),
    (oid("1.2.840.113549.1.1.8"), "mgf1"),
    (oid("1.2.840.113549.1.1.10"), "rsassaPss"),
    (oid("1.2.840.113549.1.1.11"), "sha256WithRSAEncryption"),
    (oid("1.2.840.113549.1.1.12"), "sha384WithRSAEncryption"),
    (oid("1.2.840.113549.1.1.13"), "sha512WithRSAEncryption"),
    (oid("1.2.840.113549.1.1.14"), "sha224WithRSAEncryption"),
    (oid("1.2.840.113549.1.1.15"), "sha512-224WithRSAEncryption"),
    (oid("1.2.840.113549.1.1.16"), "sha512-256WithRSAEncryption"),
    (oid("1.3.14.3.2.3"), "md5WithRSA"),
    (oid("1.3.14.3.2.29"), "sha1WithRSA"),
    (oid("2.16.840.1.101.3.4.3.13"), "RSA-SHA3-224"),
    (oid("2.16.840.1.101.3.4.3.14"), "RSA-SHA3-256"),
    (oid("2.16.840.1.101.3.4.3.15"), "RSA-SHA3-384"),
    (oid("2.16.840.1.101.3.4.3.16"), "RSA-SHA3-512"),
    // ECDSA signatures (X9.62, NIST SHA-3).
    (oid("1.2.840.10045.4.1"), "ecdsa-with-SHA1"),
    (oid("1.2.840.10045.4.3.1"), "ecdsa-with-SHA224"),
    (oid("1.2.840.10045.4.3.2"), "ecdsa-with-SHA256"),
    (oid("1.2.840.10045.4.3.3"), "ecdsa-with-SHA384"),
    (oid("1.2.840.10045.4.3.4"), "ecdsa-with-SHA512"),
    (oid("2.16.840.1.101.3.4.3.9"), "ecdsa_with_SHA3-224"),
    (oid("2.16.840.1.101.3.4.3.10"), "ecdsa_with_SHA3-256"),
    (oid("2.16.840.1.101.3.4.3.11"), "ecdsa_with_SHA3-384"),
    (oid("2.16.840.1.101.3.4.3.12"), "ecdsa_with_SHA3-512"),
    // DSA signatures.
    (oid("1.2.840.10040.4.3"), "dsa-with-SHA1"),
    (oid("2.16.840.1.101.3.4.3.1"), "dsa-with-SHA224"),
    (oid("2.16.840.1.101.3.4.3.2"), "dsa-with-SHA256"),
    (oid("2.16.840.1.101.3.4.3.3"), "dsa-with-SHA384"),
    (oid("2.16.840.1.101.3.4.3.4"), "dsa-with-SHA512"),
    // Digests (PSS parameters, CMS digest algorithms).
    (oid("1.2.840.113549.2.5"), "md5"),
    (oid("1.3.14.3.2.26"), "sha1"),
    (oid("2.16.840.1.101.3.4.2.1"), "sha256"),
    (oid("2.16.840.1.101.3.4.2.2"), "sha384"),
    (oid("2.16.840.1.101.3.4.2.3"), "sha512"),
    (oid("2.16.840.1.101.3.4.2.4"), "sha224"),
    // Named curves.
    (oid("1.2.840.10045.3.1.1"), "P-192"),
    (oid("1.3.132.0.33"), "P-224"),
    (oid("1.2.840.10045.3.1.7"), "P-256"),
    (oid("1.3.132.0.34"), "P-384"),
    (oid("1.3.132.0.35"), "P-521"),
    (oid("1.3.132.0.10"), "secp256k1"),
    (oid("1.3.36.3.3.2.8.1.1.7"), "brainpoolP256r1"),
    (oid("1.3.36.3.3.2.8.1.1.11"), "brainpoolP384r1"),
    (oid("1.3.36.3.3.2.8.1.1.13"), "brainpoolP512r1"),
    // Extended key usages: PKIX id-kp, then vendors.
    (oid("1.3.6.1.5.5.7.3.1"), "serverAuth"),
    (oid("1.3.6.1.5.5.7.3.2"), "clientAuth"),
    (oid("1.3.6.1.5.5.7.3.3"), "codeSigning"),
    (oid("1.3.6.1.5.5.7.3.4"), "emailProtection"),
    (oid("1.3.6.1.5.5.7.3.5"), "ipsecEndSystem"),
    (oid("1.3.6.1.5.5.7.3.6"), "ipsecTunnel"),
    (oid("1.3.6.1.5.5.7.3.7"), "ipsecUser"),
    (oid("1.3.6.1.5.5.7.3.8"), "timeStamping"),
    (oid("1.3.6.1.5.5.7.3.9"), "OCSPSigning"),
    (oid("1.3.6.1.5.5.7.3.13"), "eapOverPPP"),
    (oid("1.3.6.1.5.5.7.3.14"), "eapOverLAN"),
    (oid("1.3.6.1.5.5.7.3.17"), "ipsecIKE"),
    (oid("1.3.6.1.5.5.7.3.21"), "secureShellClient"),
    (oid("1.3.6.1.5.5.7.3.22"), "secureShellServer"),
    (oid("1.3.6.1.5.5.8.2.2"), "iKEIntermediate"),
    (oid("2.5.29.37.0"), "anyExtendedKeyUsage"),
    (oid("1.3.6.1.5.2.3.4"), "pkInitClientAuth"),
    (oid("1.3.6.1.5.2.3.5"), "pkInitKDC"),
    (oid("2.16.840.1.113730.4.1"), "nsSGC"),
    (oid("1.3.6.1.4.1.311.2.1.21"), "msCodeInd"),
    (oid("1.3.6.1.4.1.311.2.1.22"), "msCodeCom"),
    (oid("1.3.6.1.4.1.311.10.3.1"), "msCTLSign"),
    (oid("1.3.6.1.4.1.311.10.3.3"), "msSGC"),
    (oid("1.3.6.1.4.1.311.10.3.4"), "msEFS"),
    (oid("1.3.6.1.4.1.311.20.2.2"), "msSmartcardLogin"),
    (oid("1.2.840.113635.100.4.1"), "appleCodeSigning"),
    (
        oid("1.2.840.113635.100.4.1.1"),
        "appleCodeSigningDevelopment",
    ),
    (oid("1.2.840.113635.100.4.1.4"), "appleResourceSigning"),
    (oid("1.2.840.113635.100.4.2"), "appleIChatSigning"),
    (oid("1.2.840.113635.100.4.3"), "appleIChatEncryption"),
    (oid("1.2.840.113635.100.4.4"), "appleSystemIdentity"),
    (oid("1.2.840.113635.100.4.14"), "applePassbookSigning"),
    (oid("1.2.840.113635.100.4.16"), "appleProfileSigning"),
    (oid("1.2.840.113635.100.4.17"), "appleQAProfileSigning"),
    // Name attribute types (X.520, PKCS #9, RFC 4519, CA/B Forum EV).
    (oid("2.5.4.3"), "CN"),
    (oid("2.5.4.4"), "SN"),
    (oid("2.5.4.5"), "serialNumber"),
    (oid("2.5.4.6"), "C"),
    (oid("2.5.4.7"), "L"),
    (oid("2.5.4.8"), "ST"),
    (oid("2.5.4.9"), "street"),
    (oid("2.5.4.10"), "O"),
    (oid("2.5.4.11"), "OU"),
    (oid("2.5.4.12"), "title"),
    (oid("2.5.4.13"), "description"),
    (oid("2.5.4.15"), "businessCategory"),
    (oid("2.5.4.16"), "postalAddress"),
    (oid("2.5.4.17"), "postalCode"),
    (oid("2.5.4.18"), "postOfficeBox"),
    (oid("2.5.4.20"), "telephoneNumber"),
    (oid("2.5.4.41"), "name"),
    (oid("2.5.4.42"), "GN"),
    (oid("2.5.4.43"), "initials"),
    (oid("2.5.4.44"), "generationQualifier"),
    (oid("2.5.4.45"), "x500UniqueIdentifier"),
    (oid("2.5.4.46"), "dnQualifier"),
    (oid("2.5.4.65"), "pseudonym"),
    (oid("2.5.4.72"), "role"),
    (oid("2.5.4.97"), "organizationIdentifier"),
    (oid("1.2.840.113549.1.9.1"), "emailAddress"),
    (oid("1.2.840.113549.1.9.2"), "unstructuredName"),
    (oid("1.2.840.113549.1.9.8"), "unstructuredAddress"),
    (oid("0.9.2342.19200300.100.1.1"), "UID"),
    (oid("0.9.2342.19200300.100.1.25"), "DC"),
    (oid("1.3.6.1.4.1.311.60.2.1.1"), "jurisdictionL"),
    (oid("1.3.6.1.4.1.311.60.2.1.2"), "jurisdictionST"),
    (oid("1.3.6.1.4.1.311.60.2.1.3"), "jurisdictionC"),
    // Certificate extensions.
    (oid("2.5.29.14"), "X509v3 Subject Key Identifier"),
    (oid("2.5.29.15"), "X509v3 Key Usage"),
    (oid("2.5.29.17"), "X509v3 Subject Alternative Name"),
    (oid("2.5.29.18"), "X509v3 Issuer Alternative Name"),
    (oid("2.5.29.19"), "X509v3 Basic Constraints"),
    (oid("2.5.29.30"), "X509v3 Name Constraints"),
    (oid("2.5.29.31"), "X509v3 CRL Distribution Points"),
    (oid("2.5.29.32"), "X509v3 Certificate Policies"),
    (oid("2.5.29.35"), "X509v3 Authority Key Identifier"),
    (oid("2.5.29.36"), "X509v3 Policy Constraints"),
    (oid("2.5.29.37"), "X509v3 Extended Key Usage"),
    (oid("1.3.6.1.5.5.7.1.1"), "Authority Information Access"),
    (oid("1.3.6.1.5.5.7.48.1.5"), "OCSP No Check"),
    (oid("1.3.6.1.4.1.11129.2.4.2"), "CT Precertificate SCTs"),
    (oid("1.3.6.1.4.1.11129.2.4.3"), "CT Precertificate Poison"),
    (oid("2.16.840.1.113730.1.1"), "Netscape Cert Type"),
    (
        oid("1.3.6.1.4.1.311.20.2"),
        "Microsoft Certificate Template Name",
    ),
    (
        oid("1.3.6.1.4.1.311.21.7"),
        "Microsoft Certificate Template",
    ),
    (
        oid("1.2.840.113635.100.6.3.1"),
        "Apple Push Notification service (development)",
    ),
    (
        oid("1.2.840.113635.100.6.3.2"),
        "Apple Push Notification service (production)",
    ),
    (
        oid("1.2.840.113635.100.6.3.6"),
        "Apple Push Notification service topics",
    ),
    // CMS / PKCS #7 content types (RFC 5911 names).
    (oid("1.2.840.113549.1.7.1"), "id-data"),
    (oid("1.2.840.113549.1.7.2"), "id-signedData"),
    (oid("1.2.840.113549.1.7.3"), "id-envelopedData"),
    (oid("1.2.840.113549.1.7.4"), "id-signedAndEnvelopedData"),
    (oid("1.2.840.113549.1.7.5"), "id-digestedData"),
    (oid("1.2.840.113549.1.7.6"), "id-encryptedData"),
    (oid("1.2.840.113549.1.9.16.1.2"), "id-ct-authData"),
    (oid("1.2.840.113549.1.9.16.1.4"), "id-ct-TSTInfo"),
    (oid("1.2.840.113549.1.9.16.1.6"), "id-ct-contentInfo"),
    (oid("1.2.840.113549.1.9.16.1.9"), "id-ct-compressedData"),
    (oid("1.2.840.113549.1.9.16.1.23"), "id-ct-authEnvelopedData"),
];

/// The curated name of `oid`, or `None` when it is not in the table.
pub(crate) fn name_of(oid: &ObjectIdentifier) -> Option<&'static str> {
    NAMES.iter().find(|(o, _)| o == oid).map(|(_, n)| *n)
}

/// The curated name of `oid`, falling back to its dotted form (`1.2.3.4`) when unknown.
pub(crate) fn name_or_dotted(oid: &ObjectIdentifier) -> String {
    name_of(oid).map_or_else(|| oid.to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_oid_is_named_once() {
        for (i, (a, _)) in NAMES.iter().enumerate() {
            assert!(
                NAMES[i + 1..].iter().all(|(b, _)| a != b),
                "{a} appears twice"
            );
        }
    }

    #[test]
    fn names_are_non_empty_and_trimmed() {
        for (o, n) in NAMES {
            assert!(!n.is_empty() && n.trim() == *n, "{o}: {n:?}");
        }
    }

    #[test]
    fn table_stays_small() {
        // The point of the module: a curated list, not a second database.
        assert!(NAMES.len() <= 200, "{} entries", NAMES.len());
    }

    #[test]
    fn known_and_unknown() {
        assert_eq!(name_of(&oid("2.5.4.3")), Some("CN"));
        assert_eq!(name_of(&oid("1.2.840.10045.2.1")), Some("id-ecPublicKey"));
        assert_eq!(
            name_of(&oid("1.2.840.113549.1.1.11")),
            Some("sha256WithRSAEncryption")
        );
        assert_eq!(name_of(&oid("1.3.6.1.5.5.7.3.1")), Some("serverAuth"));
        assert_eq!(name_or_dotted(&oid("1.2.3.4.5")), "1.2.3.4.5");
    }
}
