//! Encryption at rest of identifying fields, and keyed blind indexes for equality look-up.
//!
//! One 256-bit master key, from `HAVEN_KEY` or a key file that `haven init` writes with mode
//! 0600, never stored in the database. HKDF-SHA256 derives separate keys from it for the
//! cipher, the blind index, the audit chain, and a check value that tells a wrong key from
//! a right one before anything is decrypted.
//!
//! Each field is sealed with XChaCha20-Poly1305 (random 192-bit nonces, so no nonce
//! bookkeeping) and authenticated together with its table, column and row id: a ciphertext
//! copied into another row or column fails to open instead of silently showing another
//! person's data.

use std::fmt;
use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chacha20poly1305::aead::{Aead, Generate, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use haven_domain::audit::AuditKey;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;
use zeroize::{Zeroize, Zeroizing};

use crate::StoreError;

/// The environment variable that can hold the key (base64 or hex of 32 bytes).
pub const KEY_ENV: &str = "HAVEN_KEY";

const SEALED_VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

/// The 256-bit master key.
pub struct MasterKey(Zeroizing<[u8; 32]>);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes);
        Self(Zeroizing::new(bytes))
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// Parse base64 (44 characters) or hex (64 characters).
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let text = text.trim();
        let mut decoded = Zeroizing::new(if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap_or(0))
                .collect::<Vec<u8>>()
        } else {
            BASE64
                .decode(text)
                .map_err(|_| StoreError::Refused("the key is neither base64 nor hex".into()))?
        });
        let bytes: [u8; 32] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| StoreError::Refused(format!("the key has {} bytes; it must have 32", decoded.len())))?;
        decoded.zeroize();
        Ok(Self::from_bytes(bytes))
    }

    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(BASE64.encode(self.0.as_slice()))
    }

    /// The key from `HAVEN_KEY` if set, else from `file`.
    pub fn load(file: &Path) -> Result<Self, StoreError> {
        if let Ok(text) = std::env::var(KEY_ENV) {
            return Self::parse(&text);
        }
        Self::read_file(file)
    }

    /// Read a key file, refusing one that others can read (as ssh does).
    pub fn read_file(file: &Path) -> Result<Self, StoreError> {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(file).map_err(|e| {
            StoreError::NotInitialised(format!(
                "cannot read the key file {} ({e}); run `haven init` or set {KEY_ENV}",
                file.display()
            ))
        })?;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(StoreError::Refused(format!(
                "the key file {} can be read by others (mode {:o}); chmod 600 it",
                file.display(),
                meta.permissions().mode() & 0o777
            )));
        }
        let text = Zeroizing::new(std::fs::read_to_string(file)?);
        Self::parse(&text)
    }

    /// Write a new key file with mode 0600; never overwrites an existing file.
    pub fn write_new_file(&self, file: &Path) -> Result<(), StoreError> {
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(file)
            .map_err(|e| StoreError::Refused(format!("cannot create key file {}: {e}", file.display())))?;
        f.write_all(self.to_base64().as_bytes())?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        Ok(())
    }
}

/// The keys derived from the master key.
#[derive(Clone)]
pub struct Keyring {
    cipher: XChaCha20Poly1305,
    blind: Zeroizing<[u8; 32]>,
    audit: AuditKey,
    check: [u8; 32],
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keyring(..)")
    }
}

fn derive(hkdf: &Hkdf<Sha256>, info: &str) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    hkdf.expand(info.as_bytes(), out.as_mut_slice())
        .expect("32 bytes is a valid HKDF-SHA256 length");
    out
}

/// Why a sealed value did not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{table}.{column} of {row}")]
pub struct OpenError {
    pub table: &'static str,
    pub column: &'static str,
    pub row: Uuid,
}

impl From<OpenError> for StoreError {
    fn from(e: OpenError) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

impl Keyring {
    pub fn new(master: &MasterKey) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(b"haven-v1"), master.0.as_slice());
        let cipher_key = derive(&hkdf, "field encryption");
        Self {
            cipher: XChaCha20Poly1305::new_from_slice(cipher_key.as_slice()).expect("a 32-byte key"),
            blind: derive(&hkdf, "blind index"),
            audit: AuditKey::new(*derive(&hkdf, "audit chain")),
            check: *derive(&hkdf, "key check"),
        }
    }

    pub fn audit_key(&self) -> &AuditKey {
        &self.audit
    }

    /// A value stored in the database that only this key reproduces.
    pub fn check_value(&self) -> Vec<u8> {
        self.check.to_vec()
    }

    fn aad(table: &str, column: &str, row: Uuid) -> Vec<u8> {
        let mut aad = Vec::with_capacity(64);
        aad.extend_from_slice(b"haven|");
        aad.extend_from_slice(table.as_bytes());
        aad.push(b'|');
        aad.extend_from_slice(column.as_bytes());
        aad.push(b'|');
        aad.extend_from_slice(row.as_bytes());
        aad
    }

    /// Encrypt `plaintext` for one table, column and row.
    pub fn seal(&self, table: &str, column: &str, row: Uuid, plaintext: &[u8]) -> Vec<u8> {
        let nonce = XNonce::generate();
        let aad = Self::aad(table, column, row);
        let ciphertext = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .expect("encryption into a Vec cannot fail");
        let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        sealed.push(SEALED_VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    pub fn seal_str(&self, table: &str, column: &str, row: Uuid, plaintext: &str) -> Vec<u8> {
        self.seal(table, column, row, plaintext.as_bytes())
    }

    /// Decrypt what [`Keyring::seal`] sealed for the same table, column and row.
    pub fn open(
        &self,
        table: &'static str,
        column: &'static str,
        row: Uuid,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, OpenError> {
        let error = || OpenError { table, column, row };
        if sealed.len() < 1 + NONCE_LEN || sealed[0] != SEALED_VERSION {
            return Err(error());
        }
        let nonce = XNonce::try_from(&sealed[1..=NONCE_LEN]).map_err(|_| error())?;
        let aad = Self::aad(table, column, row);
        self.cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: &sealed[1 + NONCE_LEN..],
                    aad: &aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| error())
    }

    pub fn open_str(
        &self,
        table: &'static str,
        column: &'static str,
        row: Uuid,
        sealed: &[u8],
    ) -> Result<String, OpenError> {
        let bytes = self.open(table, column, row, sealed)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| OpenError { table, column, row })
    }

    /// Keyed digest of a normalised value, for equality look-up without decrypting: the
    /// same value gives the same index only under the same key and purpose.
    pub fn blind_index(&self, purpose: &str, normalised: &str) -> Vec<u8> {
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(self.blind.as_slice()).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(normalised.as_bytes());
        mac.finalize().into_bytes()[..16].to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_in_their_own_cell() {
        let keys = Keyring::new(&MasterKey::generate());
        let row = Uuid::now_v7();
        let sealed = keys.seal_str("person_names", "name", row, "Тацяна Бугаева");
        assert_eq!(
            keys.open_str("person_names", "name", row, &sealed).unwrap(),
            "Тацяна Бугаева"
        );
        assert!(
            keys.open_str("person_names", "name", Uuid::now_v7(), &sealed).is_err(),
            "other row"
        );
        assert!(
            keys.open_str("person_documents", "number", row, &sealed).is_err(),
            "other column"
        );
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(keys.open_str("person_names", "name", row, &tampered).is_err());
        let other = Keyring::new(&MasterKey::generate());
        assert!(
            other.open_str("person_names", "name", row, &sealed).is_err(),
            "other key"
        );
        assert_ne!(
            keys.seal_str("t", "c", row, "x"),
            keys.seal_str("t", "c", row, "x"),
            "fresh nonce each time"
        );
    }

    #[test]
    fn blind_indexes_are_keyed_and_purposed() {
        let master = MasterKey::generate();
        let keys = Keyring::new(&master);
        assert_eq!(
            keys.blind_index("document", "MP1234567"),
            keys.blind_index("document", "MP1234567")
        );
        assert_ne!(
            keys.blind_index("document", "MP1234567"),
            keys.blind_index("name", "MP1234567")
        );
        assert_ne!(
            keys.blind_index("document", "MP1234567"),
            Keyring::new(&MasterKey::generate()).blind_index("document", "MP1234567")
        );
        let again = Keyring::new(&MasterKey::parse(&master.to_base64()).unwrap());
        assert_eq!(again.check_value(), keys.check_value());
    }

    #[test]
    fn key_files_are_private_and_never_overwritten() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("haven.key");
        let key = MasterKey::generate();
        key.write_new_file(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(MasterKey::generate().write_new_file(&path).is_err());
        assert_eq!(*MasterKey::read_file(&path).unwrap().to_base64(), *key.to_base64());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(MasterKey::read_file(&path).is_err());
        assert!(MasterKey::parse("too short").is_err());
        assert!(MasterKey::parse(&"ab".repeat(32)).is_ok());
    }
}
