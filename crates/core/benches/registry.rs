//! The register at 100,000 workers (written next).
fn main() {}
