//! Test support (native only, not part of the app): what a test does when something it needs
//! from outside the project is missing: a tool (`openssl`, Python with `cryptography`) or the
//! shared corpora and vectors in `../shared`.
//!
//! Outside CI a missing prerequisite is a skip with its reason printed, so a developer without
//! OpenSSL can still run the rest. Under `CI=true` it is a failure: a test must never pass in CI
//! by doing nothing.

use std::path::PathBuf;
use std::process::Command;

/// Whether this run is CI (`CI=true`, as `.ci/run` and most CI services set it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// `true` when `available`; otherwise a skip with `what` printed, or, under CI, a panic that
/// fails the test.
pub fn require(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    assert!(
        !in_ci(),
        "CI=true and {what} is missing: a CI run must not skip this test"
    );
    eprintln!("SKIP: {what} is missing (outside CI this is a skip, not a failure)");
    false
}

/// `openssl`, if it runs.
pub fn require_openssl() -> bool {
    let available = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    require(available, "the openssl command")
}

/// Python 3 with `cryptography`'s PKCS#7 decryption, if it imports.
pub fn require_python_cryptography() -> bool {
    let available = Command::new("python3")
        .args([
            "-c",
            "from cryptography.hazmat.primitives.serialization import pkcs7; pkcs7.pkcs7_decrypt_smime",
        ])
        .output()
        .is_ok_and(|o| o.status.success());
    require(available, "python3 with the cryptography package")
}

/// `../shared/<relative>` beside the project, if it exists.
pub fn require_shared(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    let what = format!("{} (the shared corpora and vectors)", path.display());
    require(path.exists(), &what).then_some(path)
}

/// What is wrong with `text` as a sentence (or a few) shown to an admin; empty when nothing.
///
/// The rules of issue 10's "Messages in an admin's words", checked on every message the native
/// tests can build and, in `tests/e2e/messages.test.mjs`, on what the app shows:
/// - it starts with a capital letter, a digit or an opening quote, and not with a stable code;
/// - it ends with exactly one `.`, `!`, `?` or `…` (no `..`, `. .`, `!.`, `?.`, `,.`, `:.`);
/// - no `(s)` plural, no "1 days" or "2 day", no "0 servers" where "no servers" is meant;
/// - no doubled or stray spaces, no line break, no raw `Some(`, `None`, `Ok(` or `Err(`;
/// - no second sentence glued on after a colon ("failed: The ...").
pub fn sentence_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let whole = text;
    let mut problem = |what: &str| problems.push(format!("{what}: {whole:?}"));
    let Some(first) = text.chars().next() else {
        problem("empty");
        return problems;
    };
    if text.trim() != text {
        problem("leading or trailing whitespace");
    }
    if !(first.is_uppercase() || first.is_ascii_digit() || "“\"'‘(".contains(first)) {
        problem("does not start with a capital letter, a digit or a quote");
    }
    if text.split_whitespace().next().is_some_and(is_code) {
        problem("starts with a stable code");
    }
    match text.chars().last() {
        Some('.' | '!' | '?' | '…') => {}
        _ => problem("does not end with a full stop, ! or ?"),
    }
    // What is quoted (a certificate's names, a server's name) is shown as it is: the rules
    // below are about the sentence around it.
    let quoted = text;
    let mut outside = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in quoted.chars() {
        match c {
            '“' => {
                depth += 1;
                if depth == 1 {
                    outside.push_str("“q");
                }
            }
            '”' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    outside.push('”');
                }
            }
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let text = outside.as_str();
    for doubled in ["..", ". .", "!.", "?.", ",.", ":.", ";.", ".,", "…."] {
        if text.contains(doubled) && !(doubled == ".." && text.contains("...")) {
            problem(&format!("doubled punctuation {doubled:?}"));
        }
    }
    // A space before a mark that ends a clause (".p7m" and ".pem" are file types, not stops).
    let chars: Vec<char> = text.chars().collect();
    for w in chars.windows(3) {
        if w[0] == ' ' && ".,:;!?".contains(w[1]) && w[2].is_whitespace() {
            problem(&format!("a space before {:?}", w[1]));
        }
    }
    if chars.len() >= 2 && chars[chars.len() - 2] == ' ' {
        problem("a space before the last mark");
    }
    if text.contains("...") {
        problem("three dots instead of …");
    }
    if text.contains("(s)") || text.contains("(es)") {
        problem("a (s) plural");
    }
    if text.contains("  ") || text.contains(['\n', '\r', '\t']) {
        problem("doubled space or a line break");
    }
    for raw in ["Some(", "None", "Ok(", "Err(", "\\n", "\\u{", "{:", "{}"] {
        if text.contains(raw) {
            problem(&format!("raw formatting {raw:?}"));
        }
    }
    for glued in [
        ": The ",
        ": This ",
        ": A ",
        ": An ",
        ": No ",
        ": It ",
        ": Reload ",
    ] {
        if text.contains(glued) {
            problem(&format!("a sentence glued on after a colon ({glued:?})"));
        }
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "()“”\"',;:".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        let (number, noun) = (pair[0], pair[1].trim_end_matches(['.', '!', '?', '…']));
        if number == "1" && COUNTED.iter().any(|(_, many)| *many == noun) {
            problem(&format!("\"1 {noun}\""));
        }
        if number.bytes().all(|b| b.is_ascii_digit())
            && number != "1"
            && COUNTED.iter().any(|(one, _)| *one == noun)
        {
            problem(&format!("\"{number} {noun}\""));
        }
        if number == "0" && NONE_RATHER_THAN_ZERO.contains(&noun) {
            problem(&format!("\"0 {noun}\" where \"no {noun}\" reads better"));
        }
    }
    problems
}

/// Nouns the messages count, singular and plural.
const COUNTED: &[(&str, &str)] = &[
    ("day", "days"),
    ("byte", "bytes"),
    ("bit", "bits"),
    ("certificate", "certificates"),
    ("entry", "entries"),
    ("server", "servers"),
    ("record", "records"),
    ("file", "files"),
    ("result", "results"),
    ("character", "characters"),
    ("time", "times"),
    ("person", "people"),
    ("recipient", "recipients"),
    ("iteration", "iterations"),
];

/// Things of which "no servers" is said rather than "0 servers".
const NONE_RATHER_THAN_ZERO: &[&str] = &[
    "certificates",
    "entries",
    "servers",
    "records",
    "files",
    "results",
    "people",
    "tokens",
];

/// Whether `word` looks like a stable kebab-case code (`key-not-rsa`).
pub fn is_code(word: &str) -> bool {
    let word = word.trim_end_matches([':', '.', ',']);
    word.contains('-')
        && !word.starts_with('-')
        && !word.ends_with('-')
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Panics with every problem of every message in `messages` (`(where, text)` pairs), so one run
/// lists them all.
pub fn assert_sentences<'a>(messages: impl IntoIterator<Item = (String, &'a str)>) {
    let mut all = Vec::new();
    for (place, text) in messages {
        for p in sentence_problems(text) {
            all.push(format!("{place}: {p}"));
        }
    }
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_catch_what_issue_10_names() {
        assert!(sentence_problems("The file is empty. Choose another.").is_empty());
        assert!(sentence_problems("“Lab” is the default for Mac.").is_empty());
        assert!(sentence_problems("3 servers were added.").is_empty());
        for bad in [
            "the file is empty.",
            "key-not-rsa: The key is EC.",
            "The file is empty",
            "No token was made: it stopped..",
            "Saved. .",
            "Really?.",
            "Checked 2 file(s).",
            "It expires in 1 days.",
            "It expires in 2 day.",
            "Token records: 0 records added.",
            "Two  spaces.",
            "It was Some(3).",
            "No token was made: The worker stopped.",
        ] {
            assert!(!sentence_problems(bad).is_empty(), "{bad}");
        }
    }
}
