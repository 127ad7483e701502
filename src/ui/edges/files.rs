//! Files the admin picks or drops, read in the page with `gloo-file` (nothing is uploaded).
//!
//! A file may be a private key sent by mistake, so the bytes handed to the core are wiped when
//! dropped, and the browser's own copy (the `ArrayBuffer` the file was read into) is filled
//! with zeros once copied. What stays out of reach is best effort, listed in ARCHITECTURE.md:
//! the `File` object itself, which the browser keeps until the input is cleared and garbage
//! collected.

use zeroize::Zeroizing;

/// A file the admin picked or dropped, before it is read.
#[derive(Clone, Debug, PartialEq)]
pub struct PickedFile {
    /// The file's name as the browser reports it.
    pub name: String,
    /// Its size in bytes, known without reading it (so large files are refused unread).
    pub size: u64,
    /// The browser handle, read later with [`read_file`].
    pub file: web_sys::File,
}

/// The files of a `FileList` (from an `<input type=file>` or a drop), in order.
pub fn picked_files(list: Option<web_sys::FileList>) -> Vec<PickedFile> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| PickedFile {
            name: file.name(),
            size: file.size() as u64,
            file,
        })
        .collect()
}

/// Reads a whole file into memory that is wiped when dropped.
pub async fn read_file(file: &web_sys::File) -> Result<Zeroizing<Vec<u8>>, String> {
    let blob = gloo_file::Blob::from(web_sys::Blob::from(file.clone()));
    let buffer = gloo_file::futures::read_as_array_buffer(&blob)
        .await
        .map_err(|error| match error {
            gloo_file::FileReadError::AbortedEarly => {
                "the browser stopped reading the file before the end".to_string()
            }
            gloo_file::FileReadError::NotFound(_) => {
                "the file is gone (moved or deleted since it was chosen)".to_string()
            }
            gloo_file::FileReadError::NotReadable(why)
            | gloo_file::FileReadError::Security(why) => {
                format!("the browser could not read the file ({why})")
            }
        })?;
    let view = js_sys::Uint8Array::new(&buffer);
    let mut bytes = Zeroizing::new(vec![0u8; view.length() as usize]);
    view.copy_to(&mut bytes);
    view.fill(0, 0, view.length());
    Ok(bytes)
}
