//! STS forms and answers: AWS's documented examples, Ceph's and MinIO's shapes, errors.

use http::StatusCode;
use newtera_proto::sts::{StsRequest, decode_credentials};
use newtera_proto::{Error, ErrorCode};

const AWS_ASSUME_ROLE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
  <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;

const MINIO_LDAP: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssumeRoleWithLDAPIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithLDAPIdentityResult>
    <Credentials>
      <AccessKeyId>Y4RJU1RNFGK48LGO9I2S</AccessKeyId>
      <SecretAccessKey>sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg</SecretAccessKey>
      <Expiration>2019-08-08T20:26:12.123456789Z</Expiration>
      <SessionToken>eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9</SessionToken>
    </Credentials>
  </AssumeRoleWithLDAPIdentityResult>
  <ResponseMetadata/>
</AssumeRoleWithLDAPIdentityResponse>"#;

#[test]
fn aws_documented_answer_decodes() {
    let c = decode_credentials(StatusCode::OK, AWS_ASSUME_ROLE.as_bytes()).expect("credentials");
    assert_eq!(c.access_key_id, "ASIAIOSFODNN7EXAMPLE");
    assert_eq!(
        c.secret_access_key,
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
    );
    assert!(c.session_token.starts_with("AQoDYXdzEPT"));
    assert_eq!(c.expiration.unix_seconds(), 1_573_306_481);
    let debug = format!("{c:?}");
    assert!(
        !debug.contains("wJalr") && !debug.contains("AQoD"),
        "{debug}"
    );
}

#[test]
fn minio_answer_with_nanoseconds_decodes() {
    let c = decode_credentials(StatusCode::OK, MINIO_LDAP.as_bytes()).expect("credentials");
    assert_eq!(c.access_key_id, "Y4RJU1RNFGK48LGO9I2S");
    assert_eq!(c.expiration.millis(), 123);
}

#[test]
fn error_response_is_a_service_error() {
    let body = br#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
      <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error>
      <RequestId>req-1</RequestId></ErrorResponse>"#;
    let Err(Error::Service(e)) = decode_credentials(StatusCode::FORBIDDEN, body) else {
        panic!("expected a service error");
    };
    assert_eq!(e.code, ErrorCode::AccessDenied);
    assert_eq!(e.message, "not allowed");
    assert_eq!(e.request_id.as_deref(), Some("req-1"));
}

#[test]
fn malformed_and_incomplete_answers_are_errors() {
    let cases: &[&[u8]] = &[
        b"",
        b"not xml",
        b"<AssumeRoleResponse><AssumeRoleResult></AssumeRoleResult></AssumeRoleResponse>",
        b"<R><RResult><Credentials><AccessKeyId>A</AccessKeyId></Credentials></RResult></R>",
        b"<R><RResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey>\
          <SessionToken>T</SessionToken><Expiration>tomorrow</Expiration></Credentials></RResult></R>",
        b"<R><RResult><Credentials><AccessKeyId></AccessKeyId><SecretAccessKey>S</SecretAccessKey>\
          <SessionToken>T</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></RResult></R>",
    ];
    for body in cases {
        let err = decode_credentials(StatusCode::OK, body).expect_err("must fail");
        assert!(!err.to_string().contains("SecretAccessKey>S"), "{err}");
    }
    let err = decode_credentials(StatusCode::SERVICE_UNAVAILABLE, b"").expect_err("503");
    assert!(matches!(err, Error::Service(_)));
}

#[test]
fn forms_encode_every_parameter() {
    let form = StsRequest::assume_role("arn:aws:iam::1:role/r", "s 1")
        .external_id("ext+id")
        .duration_seconds(3600)
        .policy(r#"{"Version":"2012-10-17"}"#)
        .form();
    assert_eq!(
        form,
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr\
         &RoleSessionName=s%201&ExternalId=ext%2Bid&DurationSeconds=3600\
         &Policy=%7B%22Version%22%3A%222012-10-17%22%7D"
    );
    let web = StsRequest::assume_role_with_web_identity("arn", "s", "jwt.token.sig").form();
    assert!(web.starts_with("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&"));
    assert!(web.ends_with("&WebIdentityToken=jwt.token.sig"));
    let ldap = StsRequest::assume_role_with_ldap_identity("u", "p&w").form();
    assert_eq!(
        ldap,
        "Action=AssumeRoleWithLDAPIdentity&Version=2011-06-15&LDAPUsername=u&LDAPPassword=p%26w"
    );
    let debug = format!(
        "{:?}",
        StsRequest::assume_role_with_ldap_identity("u", "hunter2")
    );
    assert!(!debug.contains("hunter2"), "{debug}");
}
