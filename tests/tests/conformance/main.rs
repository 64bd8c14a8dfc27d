//! The conformance suite, run against every server.

#[test]
fn target_is_reachable() {
    let target = newtera_testkit::TestTarget::from_env().expect("test target");
    let addr: std::net::SocketAddr = target.authority().parse().expect("loopback endpoint");
    std::net::TcpStream::connect(addr).expect("server accepts connections");
}
