//! newtera (under construction).
