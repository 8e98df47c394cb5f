//! `newslens models` and `newslens models verify DIR`.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use newslens::models::{install_command, models_dir, Manifest, ModelKind, Task};
use newslens::summarize::abstractive::{self, Abstractive};

use super::args::{ModelsAction, ModelsArgs};
use super::ExitStatus;

pub(crate) fn models(args: ModelsArgs) -> Result<ExitStatus> {
    if let Some(ModelsAction::Verify { dir }) = &args.action {
        return verify_folder(dir);
    }
    let root = models_dir(args.models_dir.as_deref());
    // writeln! rather than println!: a closed pipe is an error to return, not a panic.
    let mut out = std::io::stdout().lock();
    writeln!(out, "models folder: {}", root.display())?;
    let mut ok = true;
    for entry in Manifest::builtin().model {
        let status = match entry.verify_fully(&root) {
            Ok(_) => "ok".to_string(),
            Err(err) => {
                ok = false;
                err.to_string()
            }
        };
        let source = entry
            .package
            .as_deref()
            .unwrap_or("committed in the repository");
        writeln!(
            out,
            "{:<18} {}\n  {}\n  source: {source}; license: {}",
            entry.name, status, entry.description, entry.license
        )?;
    }
    let manifest = Manifest::builtin();
    writeln!(
        out,
        "\nLarger models (fetch where there is internet, then pass the folder):"
    )?;
    for known in &manifest.known {
        writeln!(
            out,
            "{:<50} {:<14} {}\n  {}",
            known.id, known.task, known.option, known.notes
        )?;
    }
    if !ok {
        eprintln!(
            "newslens: some models are missing or damaged; install them with: {}",
            install_command(&root)
        );
    }
    Ok(ExitStatus::failed_if(!ok))
}

/// `newslens models verify DIR`: what the folder is, each file's size and sha256, and
/// whether it loads through the same code as `--model` / `--sentiment-model`.
pub(crate) fn verify_folder(dir: &Path) -> Result<ExitStatus> {
    let config = dir.join("config.json");
    let kind = ModelKind::of_folder(dir)?;
    let task = kind.task();
    let mut out = std::io::stdout().lock();
    let files = match task {
        Task::Summarization => {
            let folder = abstractive::inspect(dir)?;
            writeln!(
                out,
                "{}: {} summarization model, {} positions (use --summarizer abstractive --model {})",
                dir.display(),
                folder.kind.name(),
                folder.max_positions,
                dir.display()
            )?;
            let mut files = vec![config.clone(), folder.weights];
            files.extend(folder.tokenizer);
            files
        }
        Task::Sentiment => {
            writeln!(
                out,
                "{}: {} sentiment classifier (use --sentiment-model {})",
                dir.display(),
                kind.name(),
                dir.display()
            )?;
            vec![config.clone()]
        }
    };
    for file in &files {
        let size = std::fs::metadata(file)?.len();
        let digest = newslens::models::manifest::sha256_file(file)?;
        writeln!(
            out,
            "  {:<20} {size:>12} bytes  sha256 {digest}",
            file_name(file)
        )?;
    }
    let started = std::time::Instant::now();
    if task == Task::Summarization {
        Abstractive::load(dir, Default::default())?;
    } else {
        newslens::models::classifier::Classifier::load(dir)?;
    }
    writeln!(out, "  loads in {:.2} s", started.elapsed().as_secs_f64())?;
    Ok(ExitStatus::Success)
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
