//! Time-based one-time codes (RFC 6238: SHA-1, six digits, 30-second steps, one step of
//! clock skew either way), as every authenticator app reads them from an `otpauth://` URI.

use totp_rs::{Algorithm, Secret, Totp};

/// A fresh 160-bit secret, as RFC 4226 recommends.
pub(crate) fn new_secret() -> Vec<u8> {
    let mut bytes = [0u8; 20];
    rand::fill(&mut bytes);
    bytes.to_vec()
}

fn totp(secret: &[u8], account: &str) -> Option<Totp> {
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(Secret::new(secret.to_vec().into_boxed_slice()))
        .with_issuer(Some("Haven"))
        .with_account_name(account)
        .build()
        .ok()
}

/// The secret as people type it into an app (RFC 4648 base 32).
pub(crate) fn base32(secret: &[u8]) -> String {
    Secret::new(secret.to_vec().into_boxed_slice()).to_base32()
}

/// The `otpauth://` URI an authenticator app imports.
pub(crate) fn uri(secret: &[u8], account: &str) -> String {
    totp(secret, account).and_then(|t| t.to_url().ok()).unwrap_or_default()
}

/// The time step a code is valid for at `unix_time`, if it is.
pub(crate) fn check(secret: &[u8], code: &str, unix_time: u64) -> Option<i64> {
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    if code.len() != 6 {
        return None;
    }
    totp(secret, "check")?.check(&code, unix_time).map(|step| step as i64)
}

/// The code an authenticator app shows at `unix_time` for a base-32 secret: for tests and for
/// operators who check a user's app against the server's clock.
pub fn code_at(base32_secret: &str, unix_time: u64) -> Option<String> {
    let secret = Secret::try_from_base32(base32_secret.trim()).ok()?;
    let totp = totp(secret.as_bytes(), "check")?;
    Some(totp.generate(unix_time).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_base32_and_expire() {
        let secret = new_secret();
        let now = 1_700_000_000;
        let code = code_at(&base32(&secret), now).unwrap();
        assert_eq!(code.len(), 6);
        let step = check(&secret, &code, now).expect("valid now");
        assert_eq!(step, (now / 30) as i64);
        assert!(check(&secret, &code, now + 30).is_some(), "one step of skew");
        assert!(check(&secret, &code, now + 120).is_none(), "expired");
        assert!(check(&secret, "12345", now).is_none());
        assert!(uri(&secret, "ivanova.t").starts_with("otpauth://totp/Haven:ivanova.t?"));
    }

    #[test]
    fn the_rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (eight digits); six digits: 287082.
        let secret = b"12345678901234567890";
        assert_eq!(code_at(&base32(secret), 59).unwrap(), "287082");
    }
}
