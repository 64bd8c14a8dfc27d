//! newtera-transport (under construction).
