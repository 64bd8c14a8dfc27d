//! Listing: pagination across more than 1,000 keys, with and without a
//! delimiter, prefixes, start-after, V1.

use futures_util::{StreamExt, TryStreamExt, stream};

use crate::support::{bucket, client};

async fn fill(client: &newtera::Newtera, bucket: &str, keys: &[String]) {
    stream::iter(keys.iter().cloned())
        .map(|k| {
            let client = client.clone();
            let bucket = bucket.to_owned();
            async move { client.put_object(&bucket, &k, "x").await }
        })
        .buffer_unordered(32)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
}

async fn names(list: newtera::ListObjects) -> Vec<(String, bool)> {
    list.into_stream()
        .map_ok(|o| (o.object_name, o.is_dir))
        .try_collect()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_through_more_than_a_thousand_keys() {
    let client = client();
    let b = bucket(&client, "many").await;
    let mut keys: Vec<String> = (0..1100).map(|i| format!("flat/{i:05}")).collect();
    keys.extend((0..30).map(|i| format!("dirs/d{i:02}/file")));
    keys.push("top".into());
    fill(&client, &b, &keys).await;

    let all = names(client.list_objects(&b).recursive(true)).await;
    assert_eq!(all.len(), keys.len());
    assert!(all.iter().all(|(_, dir)| !dir));

    let flat = names(
        client
            .list_objects(&b)
            .prefix("flat/")
            .recursive(true)
            .page_size(250),
    )
    .await;
    let expected: Vec<String> = (0..1100).map(|i| format!("flat/{i:05}")).collect();
    assert_eq!(
        flat.into_iter().map(|(k, _)| k).collect::<Vec<_>>(),
        expected,
        "in order, every page"
    );

    let top = names(client.list_objects(&b)).await;
    assert_eq!(
        top,
        vec![
            ("top".to_owned(), false),
            ("dirs/".to_owned(), true),
            ("flat/".to_owned(), true)
        ]
    );

    let dirs = names(client.list_objects(&b).prefix("dirs/").page_size(7)).await;
    assert_eq!(dirs.len(), 30, "common prefixes page too");
    assert!(dirs.iter().all(|(k, dir)| *dir && k.ends_with('/')));

    let after = names(
        client
            .list_objects(&b)
            .prefix("flat/")
            .recursive(true)
            .start_after("flat/01090"),
    )
    .await;
    assert_eq!(after.len(), 9);

    let v1 = names(
        client
            .list_objects(&b)
            .prefix("flat/")
            .recursive(true)
            .use_v1(true)
            .page_size(400),
    )
    .await;
    assert_eq!(v1.len(), 1100, "ListObjects V1 with markers");
}

#[tokio::test]
async fn an_empty_bucket_lists_nothing() {
    let client = client();
    let b = bucket(&client, "empty").await;
    assert!(
        names(client.list_objects(&b).recursive(true))
            .await
            .is_empty()
    );
    assert!(names(client.list_objects(&b)).await.is_empty());
}

#[tokio::test]
async fn listing_a_missing_bucket_fails_in_the_stream() {
    let client = client();
    let mut s = client
        .list_objects(&crate::support::target().unique_bucket("nolist"))
        .into_stream();
    let err = s.next().await.expect("an item").unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(s.next().await.is_none(), "the stream ends after an error");
}
