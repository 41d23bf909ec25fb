//! Records for staff: the register (登记名册) with its filters and masking, exports, the import of an
//! existing register and statistics.

pub mod export;
pub mod import;
pub mod roster;
pub mod stats;
