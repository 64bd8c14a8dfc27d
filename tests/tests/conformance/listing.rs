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

/// Issue 15: keys whose URL-encoded and raw forms differ, listed with V1
/// markers two at a time, never ended on s3s-fs (it echoes
/// `EncodingType=url` but sends keys raw, so the decoded marker went back).
#[tokio::test(flavor = "multi_thread")]
async fn keys_with_plus_percent_space_list_exactly_with_markers() {
    let client = client();
    let b = bucket(&client, "odd-keys").await;
    let keys: Vec<String> = [
        "p+x/1",
        "p%x/1",
        "p x/1",
        "dir ü+%/a",
        "p%2Bx/1",
        "a+b",
        "a b",
        "q%20/1",
        "plain/1",
    ]
    .map(String::from)
    .to_vec();
    fill(&client, &b, &keys).await;
    let mut top: Vec<String> = keys
        .iter()
        .map(|k| match k.split_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => k.clone(),
        })
        .collect();
    top.sort();
    let mut all = keys.clone();
    all.sort();
    for v1 in [true, false] {
        for (recursive, expected) in [(false, &top), (true, &all)] {
            for page in [1, 2, 1000] {
                let list = client
                    .list_objects(&b)
                    .use_v1(v1)
                    .recursive(recursive)
                    .page_size(page);
                let listed = tokio::time::timeout(std::time::Duration::from_secs(60), names(list))
                    .await
                    .expect("the listing ends");
                let mut listed: Vec<String> = listed.into_iter().map(|(k, _)| k).collect();
                listed.sort();
                assert_eq!(
                    &listed, expected,
                    "v1 {v1} recursive {recursive} page {page}"
                );
            }
        }
    }
}
