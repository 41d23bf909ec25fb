//! See tests/it: this crate has only tests.
