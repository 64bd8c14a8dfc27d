//! newtera-proto (under construction).
