//! Integration tests of newtera-transport: one binary, one module per concern.

mod body;
mod creds;
mod embedded;
mod example;
mod foreign;
mod logs;
mod pool;
mod proxy;
mod reset;
mod retry;
mod sigv4;
mod stack;
mod support;
mod timeout;
mod tls;
mod trace;
