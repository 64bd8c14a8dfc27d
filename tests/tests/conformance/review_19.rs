//! `make_bucket(..).object_lock(true)` on a bucket the caller already owns
//! leaves it as it was, on every server (Ceph RGW answers 200 to making an
//! owned bucket again; the lock check used to remove it then).

use crate::support::{client, target};

#[tokio::test]
async fn a_lock_request_never_removes_a_bucket_that_was_there() {
    let client = client();
    let (full, empty) = (
        target().unique_bucket("lockfull"),
        target().unique_bucket("lockempty"),
    );
    for b in [&full, &empty] {
        client.make_bucket(b).await.unwrap();
    }
    client.put_object(&full, "keep", "data").await.unwrap();
    for b in [&full, &empty] {
        let err = client.make_bucket(b).object_lock(true).await.unwrap_err();
        // s3s-fs and Garage refuse the second make (409); Ceph makes it
        // again (200) and the lock check reports the bucket as owned.
        assert!(
            matches!(
                err.code(),
                Some("BucketAlreadyOwnedByYou" | "BucketAlreadyExists")
            ),
            "{b}: {err}"
        );
        assert!(
            client.bucket_exists(b).await.unwrap(),
            "{b} was removed: {err}"
        );
    }
    assert_eq!(client.stat_object(&full, "keep").await.unwrap().size, 4);
    for b in [&full, &empty] {
        client.remove_bucket_force(b).await.unwrap();
    }
}
