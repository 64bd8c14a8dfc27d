//! `ceph.conf` for the loopback cluster.

use std::path::Path;

/// The KMS keys of the `testing` backend (base64 of 32 bytes each), by id.
pub(crate) const KMS_KEYS: [(&str, &str); 2] = [
    ("testkey-1", "YmluCmJvb3N0CmJvb3N0LWJ1aWxkCmNlcGguY29uZgo="),
    ("testkey-2", "aWIKTWFrZWZpbGUKbWFuCm91dApzcmMKVGVzdGluZwo="),
];

/// The name radosgw runs under (its section in `ceph.conf`).
pub(crate) const RGW_NAME: &str = "client.rgw.0";

/// Renders the configuration.
///
/// Notes on the choices, each learned the hard way:
/// - `auth * required = none` everywhere, and in the radosgw section also
///   `auth client required = none` with `ms mon client mode = crc secure`:
///   with its own defaults radosgw loops forever on an auth error (-13).
/// - `osd class update on start` / `osd crush update on start` off: with
///   no keyring the OSD's own crush update is refused (`wrong fsid`) and
///   the OSD exits; the cluster places the OSD in the crush map itself.
/// - `paxos propose interval = 0.1` brings start-up from ~17 s to ~4 s.
/// - memstore, pool size 1, a few PGs, autoscale off: one small OSD.
pub(crate) fn render(
    dir: &Path,
    fsid: &str,
    mon_port: u16,
    rgw_port: u16,
    sts_key: &str,
) -> String {
    let dir = dir.display();
    let kms_keys: Vec<String> = KMS_KEYS
        .iter()
        .map(|(id, key)| format!("{id}={key}"))
        .collect();
    let kms_keys = kms_keys.join(" ");
    format!(
        r#"[global]
fsid = {fsid}
mon host = v1:127.0.0.1:{mon_port}
mon initial members = a
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = true
ms bind ipv4 = true
ms bind ipv6 = false
public network = 127.0.0.0/8
run dir = {dir}/run
admin socket = {dir}/run/$cluster-$name.asok
log file = {dir}/log/$name.log
mon data = {dir}/mon/$cluster-$id
osd data = {dir}/osd/$cluster-$id
keyring = /dev/null
osd objectstore = memstore
memstore device bytes = 8589934592
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
osd class update on start = false
osd crush update on start = false
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
mon warn on msgr2 not enabled = false
paxos propose interval = 0.1

[{RGW_NAME}]
rgw frontends = beast endpoint=127.0.0.1:{rgw_port}
rgw dns name = localhost
rgw data = {dir}/rgw
auth client required = none
ms mon client mode = crc secure
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = {kms_keys}
rgw sts key = {sts_key}
rgw s3 auth use sts = true
rgw lc debug interval = 10
rgw enable static website = true
debug rgw = 1
"#
    )
}
