//! Endpoint addressing and key encoding.

use http::Method;
use newtera_proto::validate::NameRules;
use newtera_proto::{AddressingStyle, Endpoint, RequestParts};

#[test]
fn virtual_host_rules() {
    let aws = Endpoint::new(true, "s3.eu-west-1.amazonaws.com", None).unwrap();
    assert_eq!(aws.name_rules(), NameRules::Strict);
    assert!(aws.uses_virtual_host("photos"));
    assert!(
        !aws.uses_virtual_host("my.photos"),
        "dots break the TLS wildcard"
    );
    assert!(!aws.uses_virtual_host("Photos"), "not DNS-compatible");
    let plain = Endpoint::new(false, "s3.eu-west-1.amazonaws.com", None).unwrap();
    assert!(plain.uses_virtual_host("my.photos"));
    let path = aws.clone().with_style(AddressingStyle::Path);
    assert!(!path.uses_virtual_host("photos"));
    let garage = Endpoint::new(false, "garage.local", Some(3900)).unwrap();
    assert_eq!(garage.name_rules(), NameRules::Relaxed);
    assert!(
        !garage.uses_virtual_host("photos"),
        "auto means path style off AWS"
    );
    let forced = garage.with_style(AddressingStyle::VirtualHosted);
    assert!(forced.uses_virtual_host("photos"));
    let ip = Endpoint::new(false, "10.0.0.1", None)
        .unwrap()
        .with_style(AddressingStyle::VirtualHosted);
    assert!(!ip.uses_virtual_host("photos"));
}

#[test]
fn keys_are_not_normalised() {
    let ep = Endpoint::new(true, "s3.us-east-1.amazonaws.com", None).unwrap();
    let parts = RequestParts::new(Method::GET, Some("bkt"), Some("a//b/./c/../d e?#%"));
    assert_eq!(
        parts.uri(&ep).unwrap().to_string(),
        "https://bkt.s3.us-east-1.amazonaws.com/a//b/./c/../d%20e%3F%23%25"
    );
    let (authority, path) = parts.authority_and_path(&ep.with_style(AddressingStyle::Path));
    assert_eq!(
        (authority.as_str(), path.as_str()),
        (
            "s3.us-east-1.amazonaws.com",
            "/bkt/a//b/./c/../d%20e%3F%23%25"
        )
    );
    let leading = RequestParts::new(Method::GET, Some("bkt"), Some("/x"));
    assert_eq!(
        leading
            .authority_and_path(&Endpoint::new(false, "h", None).unwrap())
            .1,
        "/bkt//x"
    );
}
