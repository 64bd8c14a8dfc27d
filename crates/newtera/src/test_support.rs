//! Unit-test setup shared by the modules that need a real server.

use crate::Newtera;

/// A client for a fresh embedded s3s-fs server holding one empty `bucket`;
/// keep the server alive as long as the client is used.
pub(crate) async fn embedded_client(bucket: &str) -> (Newtera, newtera_testkit::EmbeddedServer) {
    let server = newtera_testkit::EmbeddedServer::start().expect("server");
    let client = Newtera::builder(server.endpoint())
        .credentials(server.access_key(), server.secret_key())
        .region("us-east-1")
        .build()
        .expect("client");
    client.make_bucket(bucket).await.expect("bucket");
    (client, server)
}
