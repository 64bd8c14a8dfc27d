//! 64 tasks share one client and mix put, get, list and delete: no error,
//! and every object read back byte for byte.

use std::time::Duration;

use futures_util::TryStreamExt;
use newtera::Newtera;

use crate::case;
use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{data, real_bucket, real_client, server_name};

pub(crate) fn cases() -> Vec<Case> {
    vec![case!("concurrency::64_tasks_one_client", sixty_four_tasks)]
}

const TASKS: usize = 64;
/// Rounds per task: a fixed count (not a time) so the table is stable; the
/// whole case is bounded by the harness limit.
const ROUNDS: usize = 6;

async fn sixty_four_tasks() -> Outcome {
    let client = real_client();
    let bucket = real_bucket(&client, "rel-concurrency").await;
    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..TASKS {
        let (client, bucket) = (client.clone(), bucket.clone());
        tasks.spawn(async move { worker(&client, &bucket, task).await });
    }
    let mut ops = 0;
    while let Some(done) = tasks.join_next().await {
        ops += done
            .expect("task panicked")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let left: Vec<_> = client
        .list_objects(&bucket)
        .recursive(true)
        .into_stream()
        .try_collect()
        .await
        .expect("final list");
    // Each task keeps its last object; all of them are there and intact.
    assert_eq!(left.len(), TASKS);
    for task in 0..TASKS {
        let key = format!("t{task:02}/r{}", ROUNDS - 1);
        let got = client.get_object(&bucket, &key).await.expect("get");
        let want = payload(task, ROUNDS - 1);
        assert!(got.bytes().await.expect("body") == want, "{key}");
    }
    Outcome::Rows(vec![Row::new(
        "Concurrency",
        format!(
            "{TASKS} tasks sharing one client, {ROUNDS} rounds of put / get+verify / list / delete ({})",
            server_name()
        ),
        ops,
        "no error; every object's content verified; listings consistent; final objects intact",
    )])
}

/// Sizes from empty to 96 KiB, different per task and round.
fn payload(task: usize, round: usize) -> Vec<u8> {
    let len = (task * 1531 + round * 7919) % (96 << 10);
    data(len, (task * 7 + round) as u8)
}

async fn worker(client: &Newtera, bucket: &str, task: usize) -> Result<u64, String> {
    let mut ops = 0;
    for round in 0..ROUNDS {
        let key = format!("t{task:02}/r{round}");
        let body = payload(task, round);
        client
            .put_object(bucket, &key, body.clone())
            .await
            .map_err(|e| format!("put {key}: {e}"))?;
        let got = client
            .get_object(bucket, &key)
            .await
            .map_err(|e| format!("get {key}: {e}"))?;
        let bytes = got.bytes().await.map_err(|e| format!("body {key}: {e}"))?;
        if bytes != body {
            return Err(format!("{key}: content differs"));
        }
        let listed: Vec<_> = client
            .list_objects(bucket)
            .prefix(format!("t{task:02}/"))
            .recursive(true)
            .into_stream()
            .try_collect()
            .await
            .map_err(|e| format!("list {key}: {e}"))?;
        let names: Vec<_> = listed.iter().map(|o| o.object_name.as_str()).collect();
        if names != [key.as_str()] {
            return Err(format!("{key}: listing shows {names:?}"));
        }
        if round + 1 < ROUNDS {
            client
                .remove_object(bucket, &key)
                .await
                .map_err(|e| format!("delete {key}: {e}"))?;
            ops += 1;
        }
        ops += 3;
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    Ok(ops)
}
