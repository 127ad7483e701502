//! The download name of a token file, Apple's pattern made safe on every desktop file system.
//!
//! Server names are free text (up to 100 characters, any Unicode except control characters),
//! but the file must save unchanged on Windows (NTFS/FAT: forbidden characters, reserved device
//! names, no trailing dots or spaces), macOS (APFS/HFS+) and Linux (ext4: 255 bytes), so the
//! admin never gets a renamed or refused download.

use crate::domain::time::Timestamp;
use crate::domain::unicode::nfc;

/// Used when nothing usable is left of the server name.
pub const FALLBACK_SERVER_NAME: &str = "MDM_Server";

/// Longest file name, in UTF-8 bytes, that all three systems accept (ext4 and APFS count
/// bytes; NTFS and HFS+ count UTF-16 units, which are never more than UTF-8 bytes).
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// Characters Windows forbids in file names (`/` is also the Unix separator).
const FORBIDDEN: [char; 9] = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Windows device names: a file whose name before the first dot is one of these (any case)
/// cannot be created. COM/LPT with 0 and superscript digits are included as newer Windows
/// versions reserve them too.
const RESERVED: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];

/// `<ServerName>_Token_<YYYY-MM-DDTHH-MM-SSZ>_smime.p7m`: Apple's download name, with the
/// issue time in UTC and hyphens for the colons (which Windows and old macOS forbid).
///
/// The server name goes through [`sanitize_server_name`], trimmed so the whole name stays within
/// [`MAX_FILE_NAME_BYTES`].
pub fn token_file_name(server_name: &str, now: Timestamp) -> String {
    let c = now.civil();
    let suffix = format!(
        "_Token_{:04}-{:02}-{:02}T{:02}-{:02}-{:02}Z_smime.p7m",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    );
    let budget = MAX_FILE_NAME_BYTES.saturating_sub(suffix.len());
    let mut name = sanitize_server_name(server_name, budget);
    name.push_str(&suffix);
    name
}

/// The server name made safe as the start of a file name, at most `max_bytes` UTF-8 bytes:
///
/// 1. normalized to NFC, so the same name always gives the same bytes (through
///    [`crate::domain::unicode`], so on wasm32 only once the app installed a normalizer);
/// 2. every control character, bidirectional override (which can disguise a file's extension),
///    and each of `< > : " / \ | ? *` becomes `_`;
/// 3. leading and trailing spaces and dots are removed (Windows drops trailing ones, a leading
///    dot hides the file on macOS and Linux);
/// 4. cut to `max_bytes` on a character boundary (and trimmed again);
/// 5. a Windows device name (`CON`, `PRN`, `AUX`, `NUL`, `COM0`-`COM9`, `LPT0`-`LPT9`, any
///    case, also followed by an extension like `nul.txt`) gets a `_` appended to its stem;
/// 6. if nothing is left, [`FALLBACK_SERVER_NAME`].
pub fn sanitize_server_name(server_name: &str, max_bytes: usize) -> String {
    let replaced: String = nfc(server_name)
        .chars()
        .map(|ch| if is_unsafe(ch) { '_' } else { ch })
        .collect();
    let mut name = trim_edges(&replaced).to_owned();
    truncate_to(&mut name, max_bytes);
    if is_reserved_stem(&name) {
        let stem_end = name.find('.').unwrap_or(name.len());
        name.insert(stem_end, '_');
        truncate_to(&mut name, max_bytes);
        if is_reserved_stem(&name) {
            // Only when max_bytes is tiny; the fallback is never reserved.
            name.clear();
        }
    }
    if name.is_empty() {
        let mut fallback = FALLBACK_SERVER_NAME.to_owned();
        fallback.truncate(max_bytes.min(fallback.len()));
        return fallback;
    }
    name
}

fn is_unsafe(ch: char) -> bool {
    ch.is_control()
        || FORBIDDEN.contains(&ch)
        || matches!(ch, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn trim_edges(s: &str) -> &str {
    s.trim_matches(|c: char| c == '.' || c.is_whitespace())
}

/// Cuts `name` to at most `max_bytes` on a char boundary, without leaving a dangling
/// zero-width joiner, then trims the edges again.
fn truncate_to(name: &mut String, max_bytes: usize) {
    if name.len() > max_bytes {
        let mut end = max_bytes;
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name.truncate(end);
        while name.ends_with('\u{200D}') {
            name.pop();
        }
    }
    let trimmed = trim_edges(name).to_owned();
    *name = trimmed;
}

/// Whether Windows would treat a file starting with `name` as a device: its stem (before the
/// first dot, trailing spaces ignored) is a reserved device name.
pub fn is_reserved_stem(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end();
    // Device names are ASCII; Windows matches them without regard to ASCII case.
    let upper = stem.to_ascii_uppercase();
    if RESERVED.contains(&upper.as_str()) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: String = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && matches!(
            rest.as_str(),
            "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
        )
}
