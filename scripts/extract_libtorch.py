"""Extract a CPU-only libtorch from the torch and two CUDA runtime wheels.

Usage: extract_libtorch.py WHEEL_DIR PREFIX

libtorch_cpu.so of the CUDA torch wheel needs only libcudart and libcupti from CUDA,
so those two libraries plus torch's own CPU libraries and headers make a libtorch
that tch links against.
"""
import os
import pathlib
import sys
import zipfile

LIBS = ("libtorch_cpu.so", "libc10.so", "libtorch.so", "libcudart.so.12", "libcupti.so.12")


def wanted_lib(name: str) -> bool:
    base = os.path.basename(name)
    if base in LIBS:
        return True
    return name.startswith("torch/lib/libgomp") and ".so" in base


def main() -> None:
    wheel_dir, prefix = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    (prefix / "lib").mkdir(parents=True, exist_ok=True)
    (prefix / "include").mkdir(parents=True, exist_ok=True)
    found = set()
    for wheel in sorted(wheel_dir.glob("*.whl")):
        with zipfile.ZipFile(wheel) as zf:
            for info in zf.infolist():
                name = info.filename
                if info.is_dir():
                    continue
                if name.startswith("torch/include/"):
                    dest = prefix / "include" / name[len("torch/include/"):]
                elif wanted_lib(name):
                    dest = prefix / "lib" / os.path.basename(name)
                    found.add(os.path.basename(name))
                else:
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(dest, "wb") as out:
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
    missing = [lib for lib in LIBS if lib not in found]
    if missing:
        sys.exit(f"extract_libtorch: wheels lack {', '.join(missing)}")


if __name__ == "__main__":
    main()
