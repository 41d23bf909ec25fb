//! Registration (登记): the national code tables, the three-section record, the photo, the
//! workflow's state machine, the worker's side, the staff's review, cards and the printed form.

pub mod cards;
pub mod codes;
pub mod freeze;
pub mod pdf;
pub mod periods;
pub mod photo;
pub mod print;
pub mod record;
pub mod reminders;
pub mod review;
pub mod worker;
pub mod workflow;
