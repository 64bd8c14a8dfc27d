//! The `newtera` command (under construction).

fn main() {
    eprintln!("newtera: the command-line tool is under construction");
    std::process::exit(2);
}
