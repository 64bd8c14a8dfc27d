//! Canned bucket policies, the ones `mc anonymous set` offers: anonymous
//! read (download), read and write (public), write only (upload), or
//! nothing. Each is the policy document as JSON text, for
//! [`Newtera::set_bucket_policy`](crate::Newtera::set_bucket_policy);
//! `none` is [`Newtera::delete_bucket_policy`](crate::Newtera::delete_bucket_policy).
//! (IAM JSON policy reference; the actions are those of S3's API reference.)

use serde_json::{Value, json};

const READ_BUCKET: [&str; 2] = ["s3:GetBucketLocation", "s3:ListBucket"];
const WRITE_BUCKET: [&str; 2] = ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"];
const READ_OBJECT: [&str; 1] = ["s3:GetObject"];
const WRITE_OBJECT: [&str; 4] = [
    "s3:PutObject",
    "s3:AbortMultipartUpload",
    "s3:DeleteObject",
    "s3:ListMultipartUploadParts",
];

/// Anyone may list the bucket and download its objects.
pub fn public_read(bucket: &str) -> String {
    document(bucket, &READ_BUCKET, &READ_OBJECT)
}

/// Anyone may upload objects (and abort uploads), but not read them.
pub fn public_write(bucket: &str) -> String {
    document(bucket, &WRITE_BUCKET, &WRITE_OBJECT)
}

/// Anyone may list, download, upload and delete objects.
pub fn public_read_write(bucket: &str) -> String {
    let bucket_actions: Vec<&str> = READ_BUCKET
        .iter()
        .chain(WRITE_BUCKET.iter().skip(1))
        .copied()
        .collect();
    let object_actions: Vec<&str> = READ_OBJECT.iter().chain(&WRITE_OBJECT).copied().collect();
    document(bucket, &bucket_actions, &object_actions)
}

fn document(bucket: &str, bucket_actions: &[&str], object_actions: &[&str]) -> String {
    let statement = |actions: &[&str], resource: String| -> Value {
        json!({
            "Effect": "Allow",
            "Principal": {"AWS": ["*"]},
            "Action": actions,
            "Resource": [resource],
        })
    };
    json!({
        "Version": "2012-10-17",
        "Statement": [
            statement(bucket_actions, format!("arn:aws:s3:::{bucket}")),
            statement(object_actions, format!("arn:aws:s3:::{bucket}/*")),
        ],
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actions(policy: &str, resource: &str) -> Vec<String> {
        let v: Value = serde_json::from_str(policy).unwrap_or_default();
        v["Statement"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["Resource"][0] == resource)
            .flat_map(|s| s["Action"].as_array().cloned().unwrap_or_default())
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect()
    }

    #[test]
    fn canned_policies_grant_what_they_say() {
        let read = public_read("photos");
        assert_eq!(actions(&read, "arn:aws:s3:::photos/*"), ["s3:GetObject"]);
        assert!(actions(&read, "arn:aws:s3:::photos").contains(&"s3:ListBucket".into()));
        let write = public_write("photos");
        let objects = actions(&write, "arn:aws:s3:::photos/*");
        assert!(objects.contains(&"s3:PutObject".into()));
        assert!(!objects.contains(&"s3:GetObject".into()));
        let both = actions(&public_read_write("photos"), "arn:aws:s3:::photos/*");
        assert!(both.contains(&"s3:GetObject".into()) && both.contains(&"s3:PutObject".into()));
    }
}
