use super::*;

/// Panics on a document whose text says "boom".
struct PerDocument;

impl Stage for PerDocument {
    fn name(&self) -> &'static str {
        "per-document"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        assert!(!doc.text.contains("boom"), "a bug on this input");
        doc.warnings.push("seen".into());
        Ok(())
    }
}

/// Panics on a whole batch that holds a document saying "boom", as a stage batching
/// model inputs would; writes each document's result only at the end.
struct Batched;

impl Stage for Batched {
    fn name(&self) -> &'static str {
        "batched"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        self.run_all(&mut [doc]).pop().unwrap_or(Ok(()))
    }
    fn run_all(&self, docs: &mut [&mut Document]) -> Vec<Result<(), PipelineError>> {
        assert!(
            docs.iter().all(|d| !d.text.contains("boom")),
            "a bug on one input"
        );
        for doc in docs.iter_mut() {
            doc.warnings.push("batched".into());
        }
        docs.iter().map(|_| Ok(())).collect()
    }
    fn batches(&self) -> bool {
        true
    }
}

fn docs() -> Vec<Document> {
    ["one", "boom", "three"]
        .iter()
        .map(|text| Document::new(*text, *text))
        .collect()
}

#[test]
fn a_panicking_stage_fails_only_the_document_it_panicked_on() {
    for stage in [Box::new(PerDocument) as Box<dyn Stage>, Box::new(Batched)] {
        let name = stage.name();
        let pipeline = Pipeline {
            stages: vec![stage],
            notes: Vec::new(),
        };
        let mut docs = docs();
        let results = pipeline.run_all(&mut docs);
        assert!(
            results[0].is_ok() && results[2].is_ok(),
            "{name}: {results:?}"
        );
        assert!(
            matches!(results[1], Err(PipelineError::Panicked(stage)) if stage == name),
            "{name}: {results:?}"
        );
        // Each good document's result written once: a per-document stage is not run
        // again on the documents before the panic.
        assert_eq!(docs[0].warnings.len(), 1, "{name}: {:?}", docs[0].warnings);
        assert_eq!(docs[2].warnings.len(), 1, "{name}: {:?}", docs[2].warnings);

        let mut one = Document::new("alone", "boom");
        assert!(matches!(
            pipeline.run(&mut one),
            Err(PipelineError::Panicked(_))
        ));
    }
}
