//! The protocol's byte format: a writer into a buffer wiped on drop, and a reader that checks
//! every length against what is left.

use zeroize::Zeroizing;

use super::ProtocolError;

/// Writes a message into a buffer wiped on drop.
#[derive(Default)]
pub(super) struct Writer(Zeroizing<Vec<u8>>);

impl Writer {
    /// The message written.
    pub(super) fn finish(self) -> Zeroizing<Vec<u8>> {
        self.0
    }

    pub(super) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    pub(super) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    pub(super) fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.u32(u32::try_from(b.len()).unwrap_or(u32::MAX));
        self.0.extend_from_slice(b);
    }

    pub(super) fn lines(&mut self, lines: &[String]) {
        self.u32(lines.len() as u32);
        for line in lines {
            self.str(line);
        }
    }

    pub(super) fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    pub(super) fn opt(&mut self, b: Option<&[u8]>) {
        match b {
            Some(b) => {
                self.u8(1);
                self.bytes(b);
            }
            None => self.u8(0),
        }
    }

    /// An optional index into a fixed table: 0 for none, else index + 1.
    pub(super) fn index(&mut self, i: Option<usize>) {
        self.u8(i.map_or(0, |i| i as u8 + 1));
    }
}

/// Reads a message; every read checks what is left.
pub(super) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Reads `data` from its start.
    pub(super) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], ProtocolError> {
        let end = self.pos.checked_add(n).ok_or(ProtocolError)?;
        let slice = self.data.get(self.pos..end).ok_or(ProtocolError)?;
        self.pos = end;
        Ok(slice)
    }

    pub(super) fn u8(&mut self) -> Result<u8, ProtocolError> {
        Ok(self.take(1)?[0])
    }

    pub(super) fn u32(&mut self) -> Result<u32, ProtocolError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(super) fn i64(&mut self) -> Result<i64, ProtocolError> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(i64::from_be_bytes(a))
    }

    pub(super) fn bytes(&mut self) -> Result<&'a [u8], ProtocolError> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    pub(super) fn string(&mut self) -> Result<String, ProtocolError> {
        std::str::from_utf8(self.bytes()?)
            .map(str::to_owned)
            .map_err(|_| ProtocolError)
    }

    /// Text that is a secret: straight into a buffer wiped on drop.
    pub(super) fn secret(&mut self) -> Result<Zeroizing<String>, ProtocolError> {
        let bytes = self.bytes()?;
        let text = std::str::from_utf8(bytes).map_err(|_| ProtocolError)?;
        let mut out = Zeroizing::new(String::with_capacity(text.len()));
        out.push_str(text);
        Ok(out)
    }

    pub(super) fn opt(&mut self) -> Result<Option<&'a [u8]>, ProtocolError> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.bytes().map(Some),
            _ => Err(ProtocolError),
        }
    }

    pub(super) fn opt_string(&mut self) -> Result<Option<String>, ProtocolError> {
        match self.opt()? {
            Some(b) => std::str::from_utf8(b)
                .map(|s| Some(s.to_owned()))
                .map_err(|_| ProtocolError),
            None => Ok(None),
        }
    }

    /// A list length, bounded by what is left (each element takes at least one byte).
    pub(super) fn count(&mut self) -> Result<usize, ProtocolError> {
        let n = self.u32()? as usize;
        if n > self.data.len().saturating_sub(self.pos) {
            return Err(ProtocolError);
        }
        Ok(n)
    }

    pub(super) fn index<T>(&mut self, table: &'a [T]) -> Result<Option<&'a T>, ProtocolError> {
        match self.u8()? {
            0 => Ok(None),
            i => table.get(usize::from(i) - 1).map(Some).ok_or(ProtocolError),
        }
    }

    pub(super) fn end(self) -> Result<(), ProtocolError> {
        if self.pos == self.data.len() {
            Ok(())
        } else {
            Err(ProtocolError)
        }
    }
}
