//! Object Lock: the bucket's default retention, object retention in
//! GOVERNANCE and COMPLIANCE mode, legal holds, and what each lets a
//! removal do. Ceph RGW implements them; Garage and s3s-fs do not, and
//! their actual answers are asserted.

use std::time::{Duration, SystemTime};

use newtera::{Newtera, ObjectLockConfiguration, RetentionMode, RetentionPeriod};
use newtera_testkit::ServerKind;

use crate::support::{client, kind, target, unsupported};

async fn version_of(client: &Newtera, b: &str, key: &str) -> String {
    let stat = client.stat_object(b, key).await.unwrap();
    stat.version_id.expect("a version id on a locked bucket")
}

/// Asserts that removing this version is refused the way S3 refuses a
/// locked version.
async fn refused(client: &Newtera, b: &str, key: &str, version: &str, bypass: bool) {
    let err = client
        .remove_object(b, key)
        .version_id(version)
        .bypass_governance_retention(bypass)
        .await
        .unwrap_err();
    assert!(err.is_access_denied(), "{key} (bypass {bypass}): {err}");
}

#[tokio::test]
async fn locked_versions_resist_removal_by_mode_and_hold() {
    let client = client();
    let b = target().unique_bucket("lock");
    let made = client.make_bucket(&b).object_lock(true).await;
    if kind() != ServerKind::Ceph {
        return unsupported_lock(&client, &b, made).await;
    }
    made.unwrap();
    let config = client.get_object_lock_config(&b).await.unwrap().unwrap();
    assert!(
        config.enabled && config.default_retention.is_none(),
        "{config:?}"
    );

    // No retention, no hold: both read as absent.
    client.put_object(&b, "plain", "p").await.unwrap();
    let plain = version_of(&client, &b, "plain").await;
    assert_eq!(
        client.get_object_retention(&b, "plain").await.unwrap(),
        None
    );
    assert!(
        !client
            .is_object_legal_hold_enabled(&b, "plain")
            .await
            .unwrap()
    );

    // A legal hold stops removal whatever the bypass.
    client
        .enable_object_legal_hold(&b, "plain")
        .version_id(&plain)
        .await
        .unwrap();
    assert!(
        client
            .is_object_legal_hold_enabled(&b, "plain")
            .await
            .unwrap()
    );
    refused(&client, &b, "plain", &plain, true).await;

    // The default retention applies to new objects; GOVERNANCE yields to
    // the bypass only.
    let default = ObjectLockConfiguration::new(RetentionMode::Governance, RetentionPeriod::Days(1));
    client.set_object_lock_config(&b, default).await.unwrap();
    assert_eq!(
        client.get_object_lock_config(&b).await.unwrap(),
        Some(default)
    );
    client.put_object(&b, "gov", "g").await.unwrap();
    let gov = version_of(&client, &b, "gov").await;
    let retention = client
        .get_object_retention(&b, "gov")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(retention.mode, RetentionMode::Governance);
    let left = retention
        .retain_until
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(left > Duration::from_secs(23 * 3600), "{left:?}");
    refused(&client, &b, "gov", &gov, false).await;
    let removed = client
        .remove_object(&b, "gov")
        .version_id(&gov)
        .bypass_governance_retention(true)
        .await
        .unwrap();
    assert_eq!(removed.version_id.as_deref(), Some(gov.as_str()));
    client.delete_object_lock_config(&b).await.unwrap();
    let config = client.get_object_lock_config(&b).await.unwrap().unwrap();
    assert!(
        config.enabled && config.default_retention.is_none(),
        "{config:?}"
    );

    // Shortening a GOVERNANCE retention needs the bypass too.
    client.put_object(&b, "gov2", "g").await.unwrap();
    let hour = SystemTime::now() + Duration::from_secs(3600);
    client
        .set_object_retention(&b, "gov2", RetentionMode::Governance, hour)
        .await
        .unwrap();
    let shorter = SystemTime::now() + Duration::from_secs(60);
    let err = client
        .set_object_retention(&b, "gov2", RetentionMode::Governance, shorter)
        .await
        .unwrap_err();
    assert!(err.is_access_denied(), "{err}");
    client
        .set_object_retention(&b, "gov2", RetentionMode::Governance, shorter)
        .bypass_governance_retention(true)
        .await
        .unwrap();
    let got = client
        .get_object_retention(&b, "gov2")
        .await
        .unwrap()
        .unwrap();
    let millis = |t: SystemTime| {
        t.duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_millis()
    };
    assert_eq!(millis(got.retain_until) / 1000, millis(shorter) / 1000);

    // COMPLIANCE: nobody removes it before the date, bypass or not.
    client.put_object(&b, "comp", "c").await.unwrap();
    let comp = version_of(&client, &b, "comp").await;
    let until = SystemTime::now() + Duration::from_secs(6);
    client
        .set_object_retention(&b, "comp", RetentionMode::Compliance, until)
        .version_id(&comp)
        .await
        .unwrap();
    let got = client
        .get_object_retention(&b, "comp")
        .version_id(&comp)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.mode, RetentionMode::Compliance);
    refused(&client, &b, "comp", &comp, false).await;
    refused(&client, &b, "comp", &comp, true).await;

    // The forced removal stops at the held version and keeps the bucket.
    let err = client
        .remove_bucket_force(&b)
        .bypass_governance_retention(true)
        .await
        .unwrap_err();
    assert!(err.is_access_denied(), "{err}");
    assert!(client.bucket_exists(&b).await.unwrap());
    client
        .disable_object_legal_hold(&b, "plain")
        .version_id(&plain)
        .await
        .unwrap();
    assert!(
        !client
            .is_object_legal_hold_enabled(&b, "plain")
            .await
            .unwrap()
    );

    // Once the COMPLIANCE date passes, everything goes.
    if let Ok(wait) = until.duration_since(SystemTime::now()) {
        tokio::time::sleep(wait + Duration::from_secs(1)).await;
    }
    client
        .remove_bucket_force(&b)
        .bypass_governance_retention(true)
        .await
        .unwrap();
    assert!(!client.bucket_exists(&b).await.unwrap());
}

/// A server without Object Lock makes the bucket and ignores the header;
/// the client reads the lock back, removes the bucket and fails.
async fn unsupported_lock(client: &Newtera, b: &str, made: newtera::Result<()>) {
    unsupported("Object Lock (x-amz-bucket-object-lock-enabled, GetObjectLockConfiguration)");
    println!(
        "{}: make_bucket with Object Lock answers {made:?}",
        kind().name()
    );
    assert_eq!(made.unwrap_err().code(), Some("NotImplemented"));
    assert!(
        !client.bucket_exists(b).await.unwrap(),
        "the unlocked bucket is gone"
    );
    let plain = crate::support::bucket(client, "unlocked").await;
    let retention = client.get_object_retention(&plain, "k").await;
    let hold = client.enable_object_legal_hold(&plain, "k").await;
    println!(
        "{}: retention {retention:?}, legal hold {hold:?}",
        kind().name()
    );
    assert_eq!(retention.unwrap_err().code(), Some("NotImplemented"));
    assert_eq!(hold.unwrap_err().code(), Some("NotImplemented"));
    client.remove_bucket(&plain).await.unwrap();
}

#[tokio::test]
async fn a_bucket_without_object_lock_has_no_configuration() {
    let client = client();
    let b = crate::support::bucket(&client, "nolock").await;
    let config = client.get_object_lock_config(&b).await;
    println!(
        "{}: GetObjectLockConfiguration answers {config:?}",
        kind().name()
    );
    match kind() {
        ServerKind::Ceph => assert_eq!(config.unwrap(), None),
        _ => assert_eq!(config.unwrap_err().code(), Some("NotImplemented")),
    }
    let bad = ObjectLockConfiguration::new(RetentionMode::Compliance, RetentionPeriod::Years(0));
    let err = client.set_object_lock_config(&b, bad).await.unwrap_err();
    assert!(err.is_invalid_argument(), "{err}");
    client.remove_bucket(&b).await.unwrap();
}
