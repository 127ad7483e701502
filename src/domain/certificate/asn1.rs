//! A tiny, panic-free ASN.1 tag-length-value walker.
//!
//! Why not just `der`? To tell an admin *what* a file is (a CSR, a CRL, a key, a token) we
//! need to look at the shape of arbitrary, possibly broken or BER-encoded data, report byte
//! offsets, and never allocate much for hostile input. `der` is used afterwards for the real
//! certificate decode; this walker only classifies and slices.

/// One ASN.1 element located inside a buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tlv {
    /// The identifier octet (single-byte tags only; certificates never use high tags).
    pub tag: u8,
    /// Offset of the identifier octet in the buffer.
    pub start: usize,
    /// Offset of the first content byte.
    pub content_start: usize,
    /// Offset just after the last content byte (for indefinite lengths: before the end marker).
    pub content_end: usize,
    /// Offset just after the whole element (including an end-of-contents marker, if any).
    pub end: usize,
}

impl Tlv {
    /// The content bytes of this element.
    pub fn content<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        data.get(self.content_start..self.content_end)
            .unwrap_or(&[])
    }

    /// The whole element (identifier, length and content).
    pub fn whole<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        data.get(self.start..self.end).unwrap_or(&[])
    }
}

/// Why an element could not be located.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TlvError {
    /// The element declares `expected` bytes (to its end offset) but the buffer stops at `got`.
    Truncated {
        /// Offset of the element's identifier octet.
        at: usize,
        /// Offset where the element would end.
        expected: usize,
        /// Offset where the data actually ends.
        got: usize,
    },
    /// The identifier or length octets are not valid DER/BER at this offset.
    Malformed {
        /// Offset of the bad octets.
        at: usize,
        /// What is wrong, in a few words.
        what: &'static str,
    },
}

/// Nesting limit for indefinite-length scanning: hostile input cannot recurse deeper.
const MAX_DEPTH: usize = 24;

/// An element's identifier and length octets, read without its content: what a walker needs to
/// descend into a BER container (indefinite length) one child at a time, so a problem deep
/// inside is reported at the element where it is, not at the outermost container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    /// The identifier octet.
    pub tag: u8,
    /// Offset of the identifier octet.
    pub start: usize,
    /// Offset of the first content byte.
    pub content_start: usize,
    /// Offset just after the content for a definite length (already checked against the limit);
    /// `None` for an indefinite length, whose end only reading the content finds.
    pub content_end: Option<usize>,
}

/// Reads the identifier and length octets of the element at `at`, which must end no later
/// than `limit`.
pub(crate) fn header(data: &[u8], at: usize, limit: usize) -> Result<Header, TlvError> {
    let limit = limit.min(data.len());
    let byte = |i: usize| -> Result<u8, TlvError> {
        if i < limit {
            data.get(i).copied().ok_or(TlvError::Truncated {
                at,
                expected: i + 1,
                got: limit,
            })
        } else {
            Err(TlvError::Truncated {
                at,
                expected: i + 1,
                got: limit,
            })
        }
    };
    let tag = byte(at)?;
    if tag & 0x1f == 0x1f {
        return Err(TlvError::Malformed {
            at,
            what: "a multi-byte tag, which no certificate structure uses",
        });
    }
    let first = byte(at + 1)?;
    let (len, header) = if first < 0x80 {
        (Some(usize::from(first)), 2)
    } else if first == 0x80 {
        if tag & 0x20 == 0 {
            return Err(TlvError::Malformed {
                at: at + 1,
                what: "an indefinite length on a primitive value",
            });
        }
        (None, 2)
    } else {
        let n = usize::from(first & 0x7f);
        if n > 4 {
            return Err(TlvError::Malformed {
                at: at + 1,
                what: "a length field longer than 4 bytes",
            });
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | usize::from(byte(at + 2 + i)?);
        }
        (Some(len), 2 + n)
    };
    let content_start = at + header;
    let content_end = match len {
        Some(len) => {
            let end = content_start.saturating_add(len);
            if end > limit {
                return Err(TlvError::Truncated {
                    at,
                    expected: end,
                    got: limit,
                });
            }
            Some(end)
        }
        None => None,
    };
    Ok(Header {
        tag,
        start: at,
        content_start,
        content_end,
    })
}

/// Reads the element that starts at `at` and ends no later than `limit`.
pub(crate) fn read(data: &[u8], at: usize, limit: usize) -> Result<Tlv, TlvError> {
    read_depth(data, at, limit.min(data.len()), 0)
}

fn read_depth(data: &[u8], at: usize, limit: usize, depth: usize) -> Result<Tlv, TlvError> {
    let h = header(data, at, limit)?;
    if let Some(end) = h.content_end {
        return Ok(Tlv {
            tag: h.tag,
            start: at,
            content_start: h.content_start,
            content_end: end,
            end,
        });
    }
    if depth >= MAX_DEPTH {
        return Err(TlvError::Malformed {
            at,
            what: "indefinite lengths nested too deeply",
        });
    }
    let byte = |i: usize| -> Result<u8, TlvError> {
        data.get(i)
            .copied()
            .filter(|_| i < limit)
            .ok_or(TlvError::Truncated {
                at,
                expected: i + 1,
                got: limit,
            })
    };
    let mut pos = h.content_start;
    loop {
        if byte(pos)? == 0 && byte(pos + 1)? == 0 {
            return Ok(Tlv {
                tag: h.tag,
                start: at,
                content_start: h.content_start,
                content_end: pos,
                end: pos + 2,
            });
        }
        pos = read_depth(data, pos, limit, depth + 1)?.end;
    }
}

/// The direct children of a constructed element, in order (at most 65: enough to classify any
/// structure, and cheap on hostile input). Stops at the first error.
pub(crate) fn children(data: &[u8], parent: &Tlv) -> Result<Vec<Tlv>, TlvError> {
    children_max(data, parent, 64)
}

/// Like [`children`] with a caller-chosen cap, for lists that are shown in full (names).
pub(crate) fn children_max(data: &[u8], parent: &Tlv, max: usize) -> Result<Vec<Tlv>, TlvError> {
    let mut out = Vec::new();
    let mut pos = parent.content_start;
    while pos < parent.content_end {
        let child = read(data, pos, parent.content_end)?;
        pos = child.end;
        out.push(child);
        if out.len() > max {
            // No structure we classify has more children; stop early on hostile input.
            break;
        }
    }
    Ok(out)
}

/// The small non-negative INTEGER in `tlv`, if it is one (used for version fields).
pub(crate) fn small_int(data: &[u8], tlv: &Tlv) -> Option<u64> {
    if tlv.tag != 0x02 {
        return None;
    }
    let c = tlv.content(data);
    if c.is_empty() || c.len() > 8 || c.first().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    Some(c.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_definite_and_indefinite_lengths() {
        let d = [0x30, 0x03, 0x02, 0x01, 0x05];
        let t = read(&d, 0, d.len()).unwrap();
        assert_eq!((t.tag, t.content_start, t.end), (0x30, 2, 5));
        let kids = children(&d, &t).unwrap();
        assert_eq!(small_int(&d, &kids[0]), Some(5));

        let ber = [0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00];
        let t = read(&ber, 0, ber.len()).unwrap();
        assert_eq!((t.content_end, t.end), (5, 7));
    }

    #[test]
    fn reports_truncation_and_garbage() {
        let d = [0x30, 0x82, 0x01, 0x00, 0x02];
        assert_eq!(
            read(&d, 0, d.len()),
            Err(TlvError::Truncated {
                at: 0,
                expected: 260,
                got: 5
            })
        );
        assert!(matches!(
            read(&[0x30, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 11),
            Err(TlvError::Malformed { .. })
        ));
        let deep = [0x30, 0x80].repeat(100);
        assert!(read(&deep, 0, deep.len()).is_err());
    }
}
