//! The client, every public future and stream are `Send + Sync`, checked at
//! compile time (as tokio's `async_send_sync` does).

use newtera::*;

fn is_send_sync<T: Send + Sync>(_: &T) {}

fn into_future_send_sync<F: std::future::IntoFuture>(f: F)
where
    F::IntoFuture: Send + Sync,
{
    let _ = f;
}

#[allow(
    dead_code,
    reason = "compiled, never run: the check is the type-checking"
)]
fn everything_is_send_and_sync(client: Newtera) {
    is_send_sync(&client);
    is_send_sync(&client.list_buckets());
    is_send_sync(&client.bucket_exists("b"));
    is_send_sync(&client.remove_bucket("b"));
    is_send_sync(&client.remove_object("b", "k"));
    is_send_sync(&client.remove_incomplete_upload("b", "k"));
    is_send_sync(&client.remove_objects("b", vec!["k"]));
    is_send_sync(&client.list_objects("b").into_stream());
    is_send_sync(&client.list_incomplete_uploads("b").into_stream());
    is_send_sync(&client.presigned_post_policy(PostPolicy::new("b", std::time::SystemTime::now())));
    into_future_send_sync(client.make_bucket("b"));
    into_future_send_sync(client.get_object("b", "k"));
    into_future_send_sync(client.fget_object("b", "k", "/tmp/x"));
    into_future_send_sync(client.put_object("b", "k", "v"));
    into_future_send_sync(client.fput_object("b", "k", "/tmp/x"));
    into_future_send_sync(client.stat_object("b", "k"));
    into_future_send_sync(client.copy_object("b", "k", newtera::CopySource::new("b", "j")));
    into_future_send_sync(client.presigned_get_object("b", "k"));
    into_future_send_sync(client.presigned_put_object("b", "k"));
    into_future_send_sync(client.remove_object("b", "k").version_id("v"));
    into_future_send_sync(client.remove_bucket_force("b"));
    into_future_send_sync(client.get_object_tags("b", "k"));
    into_future_send_sync(client.set_object_retention(
        "b",
        "k",
        RetentionMode::Governance,
        std::time::SystemTime::now(),
    ));
    into_future_send_sync(client.is_object_legal_hold_enabled("b", "k"));
    is_send_sync(&client.remove_object("b", "k"));
    is_send_sync(&client.get_object_tags("b", "k"));
    is_send_sync(&client.get_bucket_versioning("b"));
    is_send_sync(&client.get_object_lock_config("b"));
    is_send_sync(&client.list_object_versions("b").into_stream());
    let body: Option<ObjectBody> = None;
    is_send_sync(&body);
    let blocking: Option<newtera::blocking::Newtera> = None;
    is_send_sync(&blocking);
}

#[test]
fn client_is_cheap_to_clone_and_debug_hides_secrets() {
    let client = Newtera::builder("http://127.0.0.1:9")
        .credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        .build()
        .unwrap();
    let clone = client.clone();
    let shown = format!("{client:?} {clone:?}");
    assert!(shown.contains("127.0.0.1"));
    assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
}
