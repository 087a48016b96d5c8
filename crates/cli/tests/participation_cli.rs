//! Residents' submissions survive a crash, and the retention sweep from the
//! command line.
//!
//! The kill tests run the real `civitas serve` on a file SQLite database,
//! send a burst of submissions (each from its own loopback address, as many
//! residents would, so the per-address limits do not refuse them), kill the
//! server with SIGKILL while submissions are in flight, restart it on the
//! same file and check that every submission the server acknowledged is
//! stored: Open311 reports (201 with their `service_request_id`, read back
//! with their text) and answers to the demo consultation sent through its
//! web form like a browser (page, CSRF cookie and token, post; 303 to the
//! receipt, whose code opens the answer after the restart).

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
    let (status, _, body) = exchange_with(base, from, method, path, "", body).await?;
    Ok((status, body))
}

/// One HTTP/1.1 exchange with extra header lines (each ending in CRLF):
/// (status, the response's head, body).
async fn exchange_with(
    base: SocketAddr,
    from: Ipv4Addr,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
) -> std::io::Result<(u16, String, String)> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((from, 0)))?;
    let mut stream = socket.connect(base).await?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {base}\r\nConnection: close\r\n{headers}\
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
    let (head, body) = text
        .split_once("\r\n\r\n")
        .map(|(h, b)| (h.to_string(), b.to_string()))
        .unwrap_or_default();
    Ok((status, head, body))
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

/// The values of a response head's `Set-Cookie` lines, as a `Cookie` header's value.
fn cookies_of(head: &str) -> String {
    head.lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie").then(|| {
                value
                    .trim()
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The first match's first group, if any.
fn first(pattern: &str, text: &str) -> Option<String> {
    regex_lite::Regex::new(pattern)
        .expect("pattern")
        .captures(text)
        .map(|c| c[1].to_string())
}

/// A resident answers the demo consultation as a browser does: loads the
/// page, keeps its cookies and the form's token, ranks two options and
/// posts. The receipt code when the server acknowledged the answer (303 to
/// the receipt).
async fn answer_consultation(
    base: SocketAddr,
    from: Ipv4Addr,
    path: &str,
    i: usize,
) -> Option<String> {
    let (status, head, page) = exchange_with(base, from, "GET", path, "", "").await.ok()?;
    if status != 200 {
        return None;
    }
    let token = first(r#"name="csrf" value="([^"]+)""#, &page)?;
    let options: Vec<String> = regex_lite::Regex::new(r#"name="rank-(\d+)""#)
        .expect("pattern")
        .captures_iter(&page)
        .map(|c| c[1].to_string())
        .collect();
    if options.len() < 2 {
        return None;
    }
    let body = format!(
        "csrf={token}&rank-{}=1&rank-{}=2&age_band=30-44&gender=&district=&disability=&comment_kind=comment&comment=&website=",
        options[i % options.len()],
        options[(i + 1) % options.len()]
    );
    let headers = format!(
        "Origin: http://{base}\r\nSec-Fetch-Site: same-origin\r\nCookie: {}\r\n",
        cookies_of(&head)
    );
    let (status, head, _) = exchange_with(base, from, "POST", path, &headers, &body)
        .await
        .ok()?;
    if status != 303 {
        return None;
    }
    first(r"(?im)^location: /ballots/([A-Z0-9-]+)\?notice=sent", &head)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_ballot_survives_a_sigkill_mid_burst() {
    const RESIDENTS: usize = 400;
    const KILL_AFTER: usize = 100;
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("civitas.db").display());
    let server = serve(&url, dir.path(), true);
    let base = server.base;
    let (_, list) = exchange(
        base,
        Ipv4Addr::LOCALHOST,
        "GET",
        "/cities/demo-city/consultations",
        "",
    )
    .await
    .expect("the list of consultations");
    let path = first(r#"href="(/cities/demo-city/consultations/\d+)""#, &list)
        .expect("the demo consultation on the list");
    let server = Arc::new(std::sync::Mutex::new(Some(server)));

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for i in 0..RESIDENTS {
        let acknowledged = acknowledged.clone();
        let server = server.clone();
        let path = path.clone();
        tasks.push(tokio::spawn(async move {
            // Residents arrive over about a second, 32 at a time at most.
            tokio::time::sleep(Duration::from_millis(
                (i as u64 % 32) * 2 + (i as u64 / 32) * 80,
            ))
            .await;
            // Their own addresses: 127.3.x.y.
            let from = Ipv4Addr::new(127, 3, (i / 250) as u8, (i % 250 + 1) as u8);
            let code = answer_consultation(base, from, &path, i).await;
            if code.is_some()
                && acknowledged.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER
                && let Some(mut s) = server.lock().unwrap_or_else(|p| p.into_inner()).take()
            {
                // SIGKILL: no graceful shutdown, requests in flight are cut.
                let _ = s.child.kill();
                let _ = s.child.wait();
            }
            code
        }));
    }
    let mut codes = Vec::new();
    for task in tasks {
        if let Some(code) = task.await.expect("task") {
            codes.push(code);
        }
    }
    assert!(
        server.lock().unwrap_or_else(|p| p.into_inner()).is_none(),
        "the server was killed during the burst"
    );
    assert!(codes.len() >= KILL_AFTER, "{} acknowledged", codes.len());
    assert!(
        codes.len() < RESIDENTS,
        "the kill cut the burst short ({} of {RESIDENTS} acknowledged)",
        codes.len()
    );

    // Restart on the same file: every acknowledged answer opens with its code.
    let restarted = serve(&url, dir.path(), false);
    let mut missing = Vec::new();
    for code in &codes {
        let (status, _) = exchange(
            restarted.base,
            Ipv4Addr::LOCALHOST,
            "GET",
            &format!("/ballots/{code}"),
            "",
        )
        .await
        .expect("ask the restarted server");
        if status != 200 {
            missing.push(code.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged answers lost: {missing:?}",
        missing.len(),
        codes.len()
    );
    eprintln!(
        "{} of {RESIDENTS} answers acknowledged before and during the kill; all {} found by their receipt codes after restart",
        codes.len(),
        codes.len()
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
