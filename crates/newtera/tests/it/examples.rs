//! Every example in `examples/`, run against the embedded server.

#![allow(
    clippy::duplicate_mod,
    reason = "each example includes `examples/common` itself, as a standalone program must"
)]
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/bucket_exists.rs"]
mod bucket_exists;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/fget_object.rs"]
mod fget_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/fput_object.rs"]
mod fput_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/get_object.rs"]
mod get_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/list_buckets.rs"]
mod list_buckets;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/list_objects.rs"]
mod list_objects;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/presigned_get_object.rs"]
mod presigned_get_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/presigned_post_policy.rs"]
mod presigned_post_policy;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/presigned_put_object.rs"]
mod presigned_put_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/put_object.rs"]
mod put_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/remove_incomplete_upload.rs"]
mod remove_incomplete_upload;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/remove_object.rs"]
mod remove_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/remove_objects.rs"]
mod remove_objects;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/stat_object.rs"]
mod stat_object;

#[tokio::test(flavor = "multi_thread")]
async fn every_seed_example_runs() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = newtera::Newtera::builder(server.endpoint())
        .credentials(server.access_key(), server.secret_key())
        .build()
        .unwrap();
    list_buckets::run(&client)
        .await
        .unwrap_or_else(|e| panic!("list_buckets: {e}"));
    bucket_exists::run(&client)
        .await
        .unwrap_or_else(|e| panic!("bucket_exists: {e}"));
    list_objects::run(&client)
        .await
        .unwrap_or_else(|e| panic!("list_objects: {e}"));
    get_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("get_object: {e}"));
    fget_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("fget_object: {e}"));
    put_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("put_object: {e}"));
    fput_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("fput_object: {e}"));
    stat_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("stat_object: {e}"));
    remove_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("remove_object: {e}"));
    remove_objects::run(&client)
        .await
        .unwrap_or_else(|e| panic!("remove_objects: {e}"));
    remove_incomplete_upload::run(&client)
        .await
        .unwrap_or_else(|e| panic!("remove_incomplete_upload: {e}"));
    presigned_get_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("presigned_get_object: {e}"));
    presigned_put_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("presigned_put_object: {e}"));
    let curl = presigned_post_policy::run(&client)
        .await
        .unwrap_or_else(|e| panic!("presigned_post_policy: {e}"));
    post_with_curl(&client, &curl).await;
}

/// Runs the printed `curl` command as a user pasting it would (`sh -c`;
/// curl must be installed) and checks that the object arrived.
async fn post_with_curl(client: &newtera::Newtera, command: &str) {
    let status = std::process::Command::new("sh")
        .args(["-c", command])
        .status()
        .expect("sh runs (and curl is installed)");
    assert!(
        status.success(),
        "the printed curl command failed: {command}"
    );
    let stat = client
        .stat_object("mybucket", "myobject.txt")
        .await
        .expect("the form upload arrived");
    assert_eq!(stat.size, 26);
}
