//! Records for staff: the register (登记名册) with its filters and masking, exports and statistics.

pub mod export;
pub mod roster;
pub mod stats;
