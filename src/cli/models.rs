//! `newslens models` and `newslens models verify DIR`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use newslens::bounded::{read_small_file, SMALL_FILE_LIMIT};
use newslens::models::{install_command, models_dir, Manifest};
use newslens::summarize::abstractive::{self, Abstractive};

use super::args::{ModelsAction, ModelsArgs};

pub(crate) fn models(args: ModelsArgs) -> Result<bool> {
    if let Some(ModelsAction::Verify { dir }) = &args.action {
        return verify_folder(dir);
    }
    let root = models_dir(args.models_dir.as_deref());
    // writeln! rather than println!: a closed pipe is an error to return, not a panic.
    let mut out = std::io::stdout().lock();
    writeln!(out, "models folder: {}", root.display())?;
    let mut ok = true;
    for entry in Manifest::builtin().model {
        let status = match entry.verify(&root) {
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
    Ok(ok)
}

/// `newslens models verify DIR`: what the folder is, each file's size and sha256, and
/// whether it loads through the same code as `--model` / `--sentiment-model`.
pub(crate) fn verify_folder(dir: &Path) -> Result<bool> {
    let config = dir.join("config.json");
    let text = read_small_file(&config, SMALL_FILE_LIMIT)
        .with_context(|| format!("reading {}", config.display()))?;
    let model_type = serde_json::from_str::<serde_json::Value>(&text)
        .with_context(|| format!("parsing {}", config.display()))?
        .get("model_type")
        .and_then(|t| t.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut out = std::io::stdout().lock();
    let (task, files) = match model_type.as_str() {
        "bart" | "t5" | "pegasus" => {
            let folder = abstractive::inspect(dir)?;
            writeln!(
                out,
                "{}: {model_type} summarization model, {} positions (use --summarizer abstractive --model {})",
                dir.display(),
                folder.max_positions,
                dir.display()
            )?;
            let mut files = vec![config.clone(), folder.weights];
            files.extend(folder.tokenizer);
            ("summarization", files)
        }
        _ => {
            writeln!(
                out,
                "{}: {model_type} sentiment classifier (use --sentiment-model {})",
                dir.display(),
                dir.display()
            )?;
            ("sentiment", vec![config.clone()])
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
    if task == "summarization" {
        Abstractive::load(dir, Default::default())?;
    } else {
        newslens::models::classifier::Classifier::load(dir)?;
    }
    writeln!(out, "  loads in {:.2} s", started.elapsed().as_secs_f64())?;
    Ok(true)
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
