//! Embeds an rpath to libtorch so that the binary and the tests run with no
//! LD_LIBRARY_PATH. torch-sys (a direct dependency for exactly this) exports the
//! library folder it linked against as DEP_TCH_LIBTORCH_LIB.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    if let Ok(lib) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{lib}");
    }
}
