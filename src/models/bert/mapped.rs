//! Weights read in place from a memory-mapped safetensors file.
//!
//! Reading MiniLM's 91 MB of weights into memory and copying each tensor out of that took
//! about 0.13 s of every start (BENCHMARKS.md, "Start-up"). Mapped, the tensors are made
//! over the file's pages in well under a millisecond, and only the pages the encoder reads
//! come into memory: the word-embedding table, half the file, a row at a time.
//!
//! Soundness. A tensor made over borrowed memory (`from_blob`) does not own it, so the
//! memory must outlive the tensor and every view of it, wherever they go. Here the
//! mappings are never unmapped: each file (by path, size and modification time) is mapped
//! once per process and kept in [`MAPPED`], so its bytes live as long as the process.
//! The mapping is read-only: the encoder never writes into its weights (it makes new
//! tensors from them), and a write would fault rather than change the weights another
//! encoder of the same file reads. A mapped file must not be truncated while mapped; the
//! installer (`scripts/install_models.py`) replaces files by renaming a new one over
//! them, which leaves a running process reading the old one.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use safetensors::{Dtype, SafeTensors};
use tch::{Device, Kind, TchError, Tensor};

use super::LoadError;

/// A file as it was mapped: where, which file there (its inode), how long, when last
/// modified.
type FileKey = (PathBuf, u64, u64, Option<SystemTime>);

/// Every file this process mapped, never unmapped (see the module's documentation).
static MAPPED: Mutex<Option<HashMap<FileKey, &'static [u8]>>> = Mutex::new(None);

/// The tensors of a safetensors file, by name. f32 tensors whose bytes are aligned for
/// f32 are read in place from the mapping; others are copied (as `Tensor::read_safetensors`
/// does).
pub(super) fn read(path: &Path) -> Result<Vec<(String, Tensor)>, LoadError> {
    let bytes = match map(path) {
        Ok(bytes) => bytes,
        // A file system that cannot map files (some network and FUSE mounts): read it.
        Err(_) if path.is_file() => return Ok(Tensor::read_safetensors(path)?),
        Err(source) => {
            return Err(LoadError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let file = SafeTensors::deserialize(bytes)
        .map_err(|e| TchError::FileFormat(format!("{}: {e}", path.display())))?;
    file.tensors()
        .into_iter()
        .map(|(name, view)| {
            let data = view.data();
            let tensor = if view.dtype() == Dtype::F32
                && data.as_ptr().align_offset(std::mem::align_of::<f32>()) == 0
            {
                let shape: Vec<i64> = view.shape().iter().map(|&d| d as i64).collect();
                // SAFETY: `data` is `'static` (a mapping never unmapped) and read-only, and
                // holds exactly the tensor's elements: safetensors checked that its length
                // is the shape's product times 4 bytes, and it is aligned for f32.
                unsafe {
                    Tensor::f_from_blob(data.as_ptr(), &shape, &[], Kind::Float, Device::Cpu)?
                }
            } else {
                Tensor::try_from(view)?
            };
            Ok((name, tensor))
        })
        .collect()
}

/// The file's bytes, mapped once per process.
fn map(path: &Path) -> std::io::Result<&'static [u8]> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    let key = (
        std::fs::canonicalize(path)?,
        inode,
        meta.len(),
        meta.modified().ok(),
    );
    let mut mapped = MAPPED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mapped = mapped.get_or_insert_with(HashMap::new);
    if let Some(bytes) = mapped.get(&key) {
        return Ok(bytes);
    }
    let bytes: &'static [u8] = if meta.len() == 0 {
        // An empty file cannot be mapped; safetensors says what is wrong with it.
        &[]
    } else {
        // SAFETY: the mapping is read-only and never unmapped; the file is not changed in
        // place while newslens runs (see the module's documentation).
        let map = unsafe { memmap2::Mmap::map(&file)? };
        let map: &'static memmap2::Mmap = Box::leak(Box::new(map));
        map
    };
    mapped.insert(key, bytes);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, tensors: &[(&str, Tensor)]) {
        Tensor::write_safetensors(tensors, path).expect("write safetensors");
    }

    #[test]
    fn reads_what_libtorch_reads_in_place_once_per_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("w.safetensors");
        let tensors = [
            (
                "matrix",
                Tensor::arange(6, (Kind::Float, Device::Cpu)).view([2, 3]),
            ),
            ("ids", Tensor::arange(4, (Kind::Int64, Device::Cpu))),
            ("half", Tensor::ones([3], (Kind::Half, Device::Cpu))),
        ];
        write(&path, &tensors);
        let expected = Tensor::read_safetensors(&path).expect("libtorch reads it");
        let first = read(&path).expect("mapped");
        assert_eq!(first.len(), expected.len());
        for (name, tensor) in &expected {
            let (_, mapped) = first.iter().find(|(n, _)| n == name).expect("same names");
            assert_eq!(mapped.kind(), tensor.kind(), "{name}");
            assert!(mapped.equal(tensor), "{name}");
        }
        // The same file again: the same mapping, so the f32 matrix reads the same bytes.
        let again = read(&path).expect("mapped again");
        let ptr = |ts: &[(String, Tensor)]| {
            ts.iter()
                .find(|(n, _)| n == "matrix")
                .map(|(_, t)| t.data_ptr())
        };
        assert_eq!(ptr(&first), ptr(&again));
        // A new file renamed over it is read afresh.
        let replacement = dir.path().join("new.safetensors");
        write(
            &replacement,
            &[("matrix", Tensor::zeros([2, 3], (Kind::Float, Device::Cpu)))],
        );
        std::fs::rename(&replacement, &path).expect("rename");
        let new = read(&path).expect("mapped after the rename");
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].1.abs().sum(Kind::Float).double_value(&[]), 0.0);
        // The tensors read before still hold the old file's values.
        assert_eq!(first.len(), 3);
        let old = first.iter().find(|(n, _)| n == "matrix").map(|(_, t)| t);
        assert_eq!(
            old.map(|t| t.sum(Kind::Float).double_value(&[])),
            Some(15.0)
        );
    }

    #[test]
    fn a_file_that_is_not_safetensors_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, bytes) in [
            ("empty", &b""[..]),
            ("short", &b"\x01"[..]),
            ("text", &b"this is not a safetensors file at all"[..]),
            ("huge header", &[0xff; 16][..]),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            assert!(read(&path).is_err(), "{name}");
        }
        assert!(read(&dir.path().join("missing")).is_err());
    }
}
