//! newtera-sign (under construction).
