//! `remove_objects`: batches of 1,000, lazy, failures reported per key.

use futures_util::{StreamExt, TryStreamExt, stream};

use newtera_testkit::ServerKind;

use crate::support::{bucket, client, kind, unsupported};

#[tokio::test(flavor = "multi_thread")]
async fn removes_more_than_a_thousand_keys() {
    let client = client();
    let b = bucket(&client, "batch").await;
    let keys: Vec<String> = (0..1205).map(|i| format!("k/{i}")).collect();
    stream::iter(keys.clone())
        .map(|k| {
            let (client, b) = (client.clone(), b.clone());
            async move { client.put_object(&b, &k, "x").await }
        })
        .buffer_unordered(32)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    let errors: Vec<_> = client.remove_objects(&b, keys).try_collect().await.unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let left = client
        .list_objects(&b)
        .recursive(true)
        .into_stream()
        .count()
        .await;
    assert_eq!(left, 0);
}

#[tokio::test]
async fn is_lazy_and_reports_keys_that_fail() {
    let client = client();
    let b = bucket(&client, "batchfail").await;
    client.put_object(&b, "a", "x").await.unwrap();
    let too_long = "x".repeat(1025);
    let s = client.remove_objects(
        &b,
        vec!["a".to_owned(), too_long.clone(), "missing".to_owned()],
    );
    // Nothing happened yet: the stream was not polled.
    assert!(client.stat_object(&b, "a").await.is_ok());
    let errors: Vec<_> = s.try_collect().await.unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].object_name, too_long);
    assert!(
        client
            .stat_object(&b, "a")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn a_missing_bucket_fails_the_batch() {
    let client = client();
    let missing = crate::support::target().unique_bucket("nobatch");
    let result: Result<Vec<_>, _> = client
        .remove_objects(&missing, vec!["a"])
        .try_collect()
        .await;
    if kind() == ServerKind::S3sFs {
        unsupported("NoSuchBucket on DeleteObjects: a missing bucket answers 200");
        assert!(result.is_ok(), "{result:?}");
        return;
    }
    assert!(result.unwrap_err().is_not_found());
}

/// Keys no XML body can carry (control characters) are removed one by one
/// while the rest go in a batch: one such key must not keep the others.
#[tokio::test]
async fn keys_with_control_characters_are_removed_too() {
    let client = client();
    let b = bucket(&client, "ctlkeys").await;
    let keys = [
        "ctl\u{1}key",
        "esc\u{1b}[31mred",
        "plain",
        "tab\tand\nnewline",
    ];
    for key in keys {
        client.put_object(&b, key, "x").await.unwrap();
    }
    let names: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    let failures: Vec<_> = client
        .remove_objects(&b, names)
        .try_collect()
        .await
        .unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    for key in keys {
        let err = client.stat_object(&b, key).await.unwrap_err();
        assert!(err.is_not_found(), "{key:?}: {err}");
    }
}
