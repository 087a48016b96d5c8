//! Residents' submissions survive a crash, and the retention sweep from the
//! command line.
//!
//! The kill test runs the real `civitas serve` on a file SQLite database,
//! sends a burst of Open311 submissions (each from its own loopback address,
//! as many residents would, so the per-address limit does not refuse them),
//! kills the server with SIGKILL while submissions are in flight, restarts
//! it on the same file and checks that every submission the server
//! acknowledged (201 with its `service_request_id`) is stored, with its text.

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Server {
    child: Child,
    base: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `civitas serve` on `url` and waits for the address it prints.
fn serve(url: &str, dir: &std::path::Path, demo: bool) -> Server {
    let mut args = vec!["serve", "--bind", "127.0.0.1:0", "--database-url", url];
    if demo {
        args.push("--demo");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_civitas"))
        .args(&args)
        .current_dir(dir)
        .env_remove("CIVITAS_CONFIG")
        .env("CIVITAS_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start civitas serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server printed its address before stopping")
            .expect("read stdout");
        if let Some(rest) = line.strip_prefix("Civitas is running at http://") {
            let address = rest.split_whitespace().next().unwrap_or_default();
            break address.parse().expect("address");
        }
    };
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, base }
}

/// One HTTP/1.1 exchange from the loopback address `from`: (status, body).
async fn exchange(
    base: SocketAddr,
    from: Ipv4Addr,
    method: &str,
    path: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((from, 0)))?;
    let mut stream = socket.connect(base).await?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {base}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// The `service_request_id` of an Open311 JSON answer.
fn request_id(body: &str) -> Option<i64> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value[0]["service_request_id"].as_str()?.parse().ok()
}

/// Resident `i`'s own loopback address: 127.1.x.y.
fn resident(i: usize) -> Ipv4Addr {
    Ipv4Addr::new(127, 1, (i / 250) as u8, (i % 250 + 1) as u8)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_submission_survives_a_sigkill_mid_burst() {
    const RESIDENTS: usize = 600;
    const KILL_AFTER: usize = 150;
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("civitas.db").display());
    let server = serve(&url, dir.path(), true);
    let base = server.base;
    let server = Arc::new(std::sync::Mutex::new(Some(server)));

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for i in 0..RESIDENTS {
        let acknowledged = acknowledged.clone();
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            // Residents arrive over about a second, 64 at a time at most.
            tokio::time::sleep(Duration::from_millis((i as u64 % 64) * 2 + (i as u64 / 64) * 100)).await;
            let description = format!("Kill test resident {i}: broken bench in the park");
            let body = format!(
                "jurisdiction_id=demo-city&service_code=waste&description={}&address_string=Park+{i}",
                description.replace(' ', "+").replace(':', "%3A")
            );
            let answer = exchange(base, resident(i), "POST", "/open311/v2/requests.json", &body).await;
            let acked = match answer {
                Ok((201, body)) => request_id(&body).map(|id| (id, description)),
                _ => None,
            };
            if acked.is_some() && acknowledged.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
                // SIGKILL: no graceful shutdown, requests in flight are cut.
                if let Some(mut s) = server.lock().unwrap_or_else(|p| p.into_inner()).take() {
                    let _ = s.child.kill();
                    let _ = s.child.wait();
                }
            }
            acked
        }));
    }
    let mut acked = Vec::new();
    for task in tasks {
        if let Some(pair) = task.await.expect("task") {
            acked.push(pair);
        }
    }
    assert!(
        server.lock().unwrap_or_else(|p| p.into_inner()).is_none(),
        "the server was killed during the burst"
    );
    assert!(acked.len() >= KILL_AFTER, "{} acknowledged", acked.len());
    assert!(
        acked.len() < RESIDENTS,
        "the kill cut the burst short ({} of {RESIDENTS} acknowledged)",
        acked.len()
    );

    // Restart on the same file: every acknowledged submission is there.
    let restarted = serve(&url, dir.path(), false);
    let mut missing = Vec::new();
    for (id, description) in &acked {
        let (status, body) = exchange(
            restarted.base,
            Ipv4Addr::LOCALHOST,
            "GET",
            &format!("/open311/v2/requests/{id}.json?jurisdiction_id=demo-city"),
            "",
        )
        .await
        .expect("ask the restarted server");
        if status != 200 || !body.contains(description.as_str()) {
            missing.push(*id);
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged submissions lost: {missing:?}",
        missing.len(),
        acked.len()
    );
    eprintln!(
        "{} of {RESIDENTS} submissions acknowledged before and during the kill; all {} stored after restart",
        acked.len(),
        acked.len()
    );
}

#[test]
fn purge_counts_then_deletes_and_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("civitas.db").display());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_civitas"))
            .args(args)
            .args(["--database-url", &url])
            .current_dir(dir.path())
            .env_remove("CIVITAS_CONFIG")
            .output()
            .expect("run civitas")
    };
    let migrated = run(&["migrate"]);
    assert_eq!(migrated.status.code(), Some(0));
    let dry = run(&["participation", "purge", "--dry-run"]);
    assert_eq!(
        dry.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(
        out.contains("Total: contact details of 0 request(s) and demographics of 0 consultation answer(s) would be deleted (dry run"),
        "{out}"
    );
    let real = run(&["participation", "purge"]);
    assert_eq!(real.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&real.stdout)
            .contains(
                "Total: contact details of 0 request(s) and demographics of 0 consultation answer(s) deleted."
            )
    );
    let help = Command::new(env!("CARGO_BIN_EXE_civitas"))
        .args(["participation", "purge", "--help"])
        .output()
        .expect("help");
    assert!(String::from_utf8_lossy(&help.stdout).contains("--dry-run"));
}
