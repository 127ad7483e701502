//! Shared text rules: the character rules for short one-line labels typed by an admin (server,
//! person and organization names), their comparison keys, and counted nouns for messages. Each
//! public module turns a `LabelProblem` into its own error enum so the message can name the
//! field; this module only knows the character rules.

use crate::domain::unicode::{lowercase, nfc, nfkc};

/// Why a typed label was refused. Internal: every caller maps it to its own documented error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LabelProblem {
    /// Nothing visible was typed.
    Empty,
    /// Longer than the limit; carries the length in Unicode scalar values.
    TooLong { chars: usize },
    /// Contains a line or paragraph break.
    LineBreak,
    /// Contains another control character (Unicode category Cc).
    ControlCharacter { code_point: u32 },
    /// Contains a bidirectional embedding, override or isolate.
    DirectionalFormatting { code_point: u32 },
}

/// Trims surrounding Unicode whitespace (the `White_Space` property, what `str::trim` uses),
/// normalizes to NFC (so "é" typed precomposed or as e + U+0301 is stored identically and
/// counted once) and checks the character rules. The length limit counts Unicode scalar values of
/// that stored form, so what an admin sees as one accented letter counts as one.
/// NFC comes from [`crate::domain::unicode`]: the host's normalizer, the
/// `unicode-normalization` crate natively, the text as typed on wasm32 when none is installed.
///
/// Refused characters and why:
/// - Cc controls (tab, NUL, ESC...): invisible, break CSV export and one-line layouts.
/// - U+2028 / U+2029 line and paragraph separators, and CR/LF: a name is one line.
/// - Bidi embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069: they can make a name
///   display as something else ("Trojan Source"-style spoofing in lists and the activity log).
///   Plain marks U+200E/U+200F and joiners stay allowed: right-to-left names and emoji need them.
pub(crate) fn clean_label(input: &str, max_chars: usize) -> Result<String, LabelProblem> {
    let trimmed = input.trim();
    for c in trimmed.chars() {
        match c {
            '\n' | '\r' | '\u{0085}' | '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' => {
                return Err(LabelProblem::LineBreak)
            }
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                return Err(LabelProblem::DirectionalFormatting {
                    code_point: u32::from(c),
                })
            }
            c if c.is_control() => {
                return Err(LabelProblem::ControlCharacter {
                    code_point: u32::from(c),
                })
            }
            _ => {}
        }
    }
    let stored = nfc(trimmed);
    if stored
        .chars()
        .all(|c| is_default_ignorable(c) || c.is_whitespace())
    {
        return Err(LabelProblem::Empty);
    }
    let chars = stored.chars().count();
    if chars > max_chars {
        return Err(LabelProblem::TooLong { chars });
    }
    Ok(stored)
}

/// Unicode `Default_Ignorable_Code_Point`s: characters that render as nothing (zero-width space,
/// soft hyphen, BOM, variation selectors...). They are dropped from comparison keys so an
/// invisible character cannot make two names that look identical count as different.
pub(crate) fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// The key two labels are compared by: an approximation of Unicode `NFKC_Casefold`.
///
/// NFKC first (full-width "Ｕｎａｓｓｉｇｎｅｄ" becomes "Unassigned", ligatures split, no-break
/// spaces become spaces), then default-ignorables removed, then case folded with
/// the injected [`lowercase`] plus the two full-folding differences that matter for Latin and Greek
/// names (ß/ẞ → "ss", final ς → σ), then NFKC again (lowercasing can denormalize), and finally
/// runs of whitespace collapsed to one space so "Cupertino  iPads" equals "Cupertino iPads".
///
/// Normalization goes through [`crate::domain::unicode`] (the browser's tables in the app); with
/// no normalizer installed on wasm32 the key is built from the text as typed.
pub(crate) fn comparison_key(label: &str) -> String {
    let visible: String = nfkc(label)
        .chars()
        .filter(|c| !is_default_ignorable(*c))
        .collect();
    let mut folded = String::with_capacity(visible.len());
    for c in lowercase(&visible).chars() {
        match c {
            'ß' | 'ẞ' => folded.push_str("ss"),
            'ς' => folded.push('σ'),
            other => folded.push(other),
        }
    }
    let renormalized = nfkc(&folded);
    let mut key = String::with_capacity(renormalized.len());
    for word in renormalized.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// Appends `text` with the five characters that mean something in HTML replaced, so that text
/// written into markup (a server's name in the default pickers) shows exactly as typed and can
/// never become markup, in element content or in a quoted attribute.
pub fn escape_html_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Sorts `items` by `cmp`, stably (equal items keep their order).
///
/// Why not `slice::sort_by`: every call site of the standard sorts compiles its own copy of the
/// sort for its element type and comparison, about 3 KB of wasm each; this sorts indices with
/// one comparison type, so the app carries the sort once.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let order = sorted_order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut taken: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| taken[i].take()));
}

/// The positions `0..len` in the order `cmp` gives them, ties in position order.
fn sorted_order(len: usize, cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

/// "1 day", "2 days", "0 days": a count with the noun agreeing, so no message says "1 days" or
/// "day(s)".
pub fn count<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    // The formatting once, whatever the number's type (each copy costs wasm in the first load).
    counted(&n.to_string(), if n == N::from(1) { one } else { many })
}

fn counted(n: &str, noun: &str) -> String {
    [n, " ", noun].concat()
}

/// [`count`], but "no days" for none: "no token records", "1 token record", "2 token records".
pub fn count_or_no(n: usize, one: &str, many: &str) -> String {
    if n == 0 {
        format!("no {many}")
    } else {
        count(n, one, many)
    }
}

/// `text` with its first letter upper-case ("no token records" → "No token records"). ASCII
/// only: every sentence the app joins starts with an English word, and `char::to_uppercase`
/// would link Unicode's case tables (~10 KB of wasm) into the first load for it.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `lead` (a whole sentence) followed by `reason` as a sentence of its own, whatever shape the
/// reason came in: "No token was made." with "the background worker gave no answer" or with
/// "The background worker stopped. Reload the page." gives "No token was made. The background
/// worker gave no answer." or "No token was made. The background worker stopped. Reload the
/// page." (never "made: The", never "page..").
pub fn with_reason(lead: &str, reason: &str) -> String {
    let reason = reason.trim();
    if reason.is_empty() {
        return lead.to_string();
    }
    let stop = if reason.ends_with(['.', '!', '?', '…']) {
        ""
    } else {
        "."
    };
    format!("{lead} {}{stop}", capitalize(reason))
}

/// Names in curly quotes joined as a sentence has them: "“A”", "“A” and “B”",
/// "“A”, “B” and “C”".
pub fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("“{name}”")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((only, [])) => only.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The sentence saying whose server tokens stop working when `servers` lose theirs ("The server
/// token of “A” stops working; its MDM server must get a new one."), or "" for none. Every
/// confirmation of such an action uses it, so they all name the servers the same way.
pub fn tokens_stop(servers: &[&str]) -> String {
    match servers.len() {
        0 => String::new(),
        1 => format!(
            "The server token of {} stops working; its MDM server must get a new one.",
            quoted_list(servers)
        ),
        _ => format!(
            "The server tokens of {} stop working; their MDM servers must get new ones.",
            quoted_list(servers)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_html_leaves_no_markup() {
        let mut out = String::new();
        escape_html_into("<img src=x onerror=\"alert('1')\"> & Co", &mut out);
        assert_eq!(
            out,
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; Co"
        );
        assert!(!out.contains(['<', '>', '"', '\'']));
        let mut plain = String::new();
        escape_html_into("Building 4 – Room 12 é", &mut plain);
        assert_eq!(plain, "Building 4 – Room 12 é");
    }

    #[test]
    fn sort_by_is_stable_and_total() {
        let mut words = vec!["pear", "Fig", "apple", "fig", "Apple", "kiwi"];
        sort_by(&mut words, |a, b| a.to_lowercase().cmp(&b.to_lowercase()));
        assert_eq!(words, ["apple", "Apple", "Fig", "fig", "kiwi", "pear"]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
        let mut numbers: Vec<u32> = (0..100).rev().collect();
        sort_by(&mut numbers, u32::cmp);
        assert!(numbers.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn token_sentences_name_every_server_with_the_right_number() {
        assert_eq!(tokens_stop(&[]), "");
        assert_eq!(
            tokens_stop(&["Lab"]),
            "The server token of “Lab” stops working; its MDM server must get a new one."
        );
        assert_eq!(
            tokens_stop(&["A", "B", "C"]),
            "The server tokens of “A”, “B” and “C” stop working; their MDM servers must get new ones."
        );
        assert_eq!(quoted_list(&["A", "B"]), "“A” and “B”");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1i64, "day", "days"), "1 day");
        assert_eq!(count(0usize, "day", "days"), "0 days");
        assert_eq!(count(-1i64, "day", "days"), "-1 days");
        assert_eq!(count(365u32, "day", "days"), "365 days");
    }
}
