//! Issue 10, "Messages in an admin's words", on real inputs: every file of `tests/examples` and
//! of the shared corpora goes through the certificate check (as a file and as pasted text), the
//! Add form's acceptance rule, the token maker, the private key reader and the token opener,
//! and every sentence they give must follow the rules of
//! [`mdm_link::test_support::sentence_problems`]; what one view shows together (a file's
//! findings with a certificate's, an opened token's findings) never says one thing twice.
//! The exhaustive tables of every variant are in `src/domain/message_rules.rs`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mdm_link::domain::certificate::{check, check_file, Finding, Source};
use mdm_link::domain::ids::UserId;
use mdm_link::domain::organization::StoredCertificate;
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::issue_token;
use mdm_link::domain::token::open::open_token;
use mdm_link::domain::vendor::read_private_key;
use mdm_link::test_support::sentence_problems;
use rand_chacha::rand_core::SeedableRng;

const NOW: Timestamp = Timestamp(1_795_000_000_000);

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/examples")
}

/// Every file to try: the project's examples, and the shared corpora when they are there.
fn inputs() -> Vec<PathBuf> {
    let mut files = common::files_under(&examples());
    if let Some(corpora) = mdm_link::test_support::require_shared("corpora") {
        files.extend(common::files_under(&corpora));
    }
    files.retain(|f| {
        !f.extension()
            .is_some_and(|e| e == "md" || e == "sh" || e == "py")
    });
    files
}

/// Collects problems instead of stopping at the first, so one run lists them all.
#[derive(Default)]
struct Audit {
    /// Each problem once, with the first place it was seen and how often.
    problems: std::collections::BTreeMap<String, (String, usize)>,
    sentences: usize,
}

impl Audit {
    fn sentence(&mut self, place: &str, text: &str) {
        self.sentences += 1;
        for p in sentence_problems(text) {
            self.problem(place, p);
        }
    }

    /// Problems differing only in their numbers are one problem.
    fn problem(&mut self, place: &str, what: String) {
        let what: String = what
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect();
        self.problems
            .entry(what)
            .or_insert_with(|| (place.to_string(), 0))
            .1 += 1;
    }

    /// One view's findings: each a sentence, none a code, none said twice.
    fn view(&mut self, place: &str, findings: &[&Finding], extra: &[&str]) {
        let mut seen = BTreeSet::new();
        for text in findings
            .iter()
            .map(|f| f.message.as_str())
            .chain(extra.iter().copied())
        {
            if !seen.insert(text) {
                self.problem(place, format!("said twice: {text:?}"));
            }
        }
        for f in findings {
            self.sentence(place, &f.message);
            if f.message.contains(&format!("({})", f.code)) {
                self.problem(place, format!("the code {} inside its sentence", f.code));
            }
        }
        for text in extra {
            self.sentence(place, text);
        }
    }

    fn finish(self, what: &str) {
        assert!(
            self.sentences > 100,
            "{what}: only {} sentences",
            self.sentences
        );
        assert!(
            self.problems.is_empty(),
            "{what}: {} problems in {} sentences:\n{}",
            self.problems.len(),
            self.sentences,
            self.problems
                .into_iter()
                .map(|(what, (place, n))| format!("{what}\n    ({n}×, first in {place})"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

fn name(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn every_check_result_and_add_form_refusal_is_worded_right_and_said_once() {
    let mut audit = Audit::default();
    for path in inputs() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let place = name(&path);
        // The same text pasted: what it says about the input never calls it a file.
        if std::str::from_utf8(&bytes).is_ok() {
            if let Ok(pasted) = check(&bytes, Source::Pasted, NOW) {
                let every = pasted
                    .findings
                    .iter()
                    .chain(pasted.certificates.iter().flat_map(|c| c.findings.iter()));
                for finding in every {
                    let said = finding.message.to_lowercase();
                    assert!(
                        !said.contains("the file") && !said.contains("this file"),
                        "{place} pasted: {}",
                        finding.message
                    );
                }
            }
        }
        match check_file(&bytes, NOW) {
            Err(e) => {
                audit.sentence(&place, &e.describe(Source::File));
                audit.sentence(&place, &e.describe(Source::Pasted));
            }
            Ok(file) => {
                // The certificate check's article: the file's findings, then each certificate's
                // section with the findings the file's list does not already show.
                for report in &file.certificates {
                    let shown: Vec<&Finding> = file.shown_findings(report).collect();
                    audit.view(&place, &shown, &[]);
                }
                // The Add form: the refusal's headline above every finding of the file.
                let all: Vec<&Finding> = file.entry_findings().collect();
                match StoredCertificate::from_checked_file(&file) {
                    Ok(_) => audit.view(&place, &all, &[]),
                    Err(refusal) => {
                        audit.view(&place, &all, &[refusal.headline()]);
                        audit.sentence(&place, &refusal.to_string());
                    }
                }
            }
        }
    }
    // The dated findings at the edges of each example's validity: "1 day", "2 days", expired.
    const DAY: i64 = 86_400_000;
    for path in common::files_under(&examples()) {
        let Ok(Ok(file)) = std::fs::read(&path).map(|b| check_file(&b, NOW)) else {
            continue;
        };
        let (from, to) = (
            file.certificates[0].not_before.0,
            file.certificates[0].not_after.0,
        );
        for at in [
            from - DAY,
            from,
            to - 2 * DAY,
            to - DAY,
            to - 1,
            to + 1,
            to + DAY,
        ] {
            let bytes = std::fs::read(&path).unwrap();
            let Ok(file) = check_file(&bytes, Timestamp(at)) else {
                continue;
            };
            for report in &file.certificates {
                let shown: Vec<&Finding> = file.shown_findings(report).collect();
                audit.view(&name(&path), &shown, &[]);
            }
        }
    }
    audit.finish("certificate check");
}

#[test]
fn token_making_key_reading_and_token_opening_are_worded_right_and_said_once() {
    let mut audit = Audit::default();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(10);
    let token_dir = examples().join("token");
    let keys: Vec<PathBuf> = common::files_under(&examples())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("key") || p.starts_with(&token_dir))
        .collect();
    let certificate = std::fs::read(token_dir.join("rsa2048.crt.der")).unwrap();
    let token = issue_token(&certificate, "Lab", UserId(1), NOW, &mut rng)
        .unwrap()
        .file_bytes;
    let mut tokens = vec![(String::from("a token for rsa2048"), token)];
    for path in inputs() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let place = name(&path);
        if let Err(e) = issue_token(&bytes, "Lab", UserId(1), NOW, &mut rng) {
            audit.sentence(&place, &e.to_string());
        }
        for password in [None, Some("wrong password")] {
            if let Err(e) = read_private_key(&bytes, password) {
                audit.sentence(&place, &e.to_string());
            }
        }
        if bytes.len() < 64 * 1024 {
            tokens.push((place, bytes));
        }
    }
    for (place, token) in &tokens {
        let mut with: Vec<Option<&Path>> = vec![None];
        if place.contains("token") || place.starts_with("a token") {
            with.extend(keys.iter().map(|k| Some(k.as_path())));
        } else {
            with.push(Some(&keys[0]));
        }
        for key in with {
            let key_bytes = key.map(|k| std::fs::read(k).unwrap());
            let report = open_token(token, key_bytes.as_deref(), None, NOW, &mut rng);
            let findings: Vec<&Finding> = report.findings.iter().collect();
            let at = format!("{place} with {}", key.map_or("no key".into(), name));
            audit.view(&at, &findings, &[]);
        }
    }
    audit.finish("tokens and keys");
}
