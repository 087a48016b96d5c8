//! Load client for `benches/participation/run.sh`: many residents submitting
//! service requests at once through Open311 (`POST /open311/v2/requests.json`,
//! the path client apps use; the web form would add a CSRF round trip).
//!
//! Each resident has its own loopback source address (127.2.x.y), as distinct
//! people have distinct addresses, so the server's per-address limit (5 per
//! 10 minutes) applies to each of them as in real life; one keep-alive
//! connection per resident; all residents start together, and each sends
//! its submissions one after another (closed loop; with `--think-ms T` each
//! resident pauses between 0 and T before each submission). The run
//! is bounded by residents × submissions each.
//!
//! Prints one `RESULT key=value ...` line (latency in microseconds) and
//! writes the `service_request_id` of every acknowledged submission, one a
//! line, to `--acked FILE`, so the script can compare them with the rows in
//! the database.
//!
//! `cargo run --release -p civitas-cli --example participation_load -- \
//!   --address 127.0.0.1:8080 --residents 1000 --each 5 --acked acked.txt`

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Options {
    address: SocketAddr,
    residents: usize,
    each: usize,
    jurisdiction: String,
    acked: String,
    timeout: Duration,
    /// Each resident waits up to this long (spread evenly by resident and
    /// submission) before each submission; 0 sends back to back.
    think: Duration,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        address: "127.0.0.1:8080".parse().map_err(|_| "address")?,
        residents: 1000,
        each: 5,
        jurisdiction: "demo-city".into(),
        acked: "acked.txt".into(),
        timeout: Duration::from_secs(30),
        think: Duration::ZERO,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).ok_or(format!("{} needs a value", pair[0]))?;
        match pair[0].as_str() {
            "--address" => o.address = value.parse().map_err(|_| "--address HOST:PORT")?,
            "--residents" => o.residents = value.parse().map_err(|_| "--residents N")?,
            "--each" => o.each = value.parse().map_err(|_| "--each N")?,
            "--jurisdiction" => o.jurisdiction = value.clone(),
            "--acked" => o.acked = value.clone(),
            "--think-ms" => {
                o.think = Duration::from_millis(value.parse().map_err(|_| "--think-ms N")?)
            }
            "--timeout" => {
                o.timeout = Duration::from_secs(value.parse().map_err(|_| "--timeout SECONDS")?)
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    if o.residents == 0 || o.residents > 60_000 {
        return Err("--residents between 1 and 60000".into());
    }
    Ok(o)
}

/// Resident `i`'s own loopback address.
fn resident(i: usize) -> Ipv4Addr {
    Ipv4Addr::new(127, 2, (i / 250) as u8, (i % 250 + 1) as u8)
}

/// What one submission came to.
enum Outcome {
    /// 201 with this id, after this long.
    Acked(i64, Duration),
    /// Another status, after this long.
    Status(u16, Duration),
    /// Connection or protocol failure, or the time limit.
    Failed,
}

async fn connect(from: Ipv4Addr, to: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((from, 0)))?;
    let stream = socket.connect(to).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Sends one request on a keep-alive connection and reads the response.
async fn submit(
    stream: &mut BufReader<TcpStream>,
    o: &Options,
    body: &str,
) -> std::io::Result<(u16, String)> {
    let request = format!(
        "POST /open311/v2/requests.json HTTP/1.1\r\nHost: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        o.address,
        body.len()
    );
    stream.get_mut().write_all(request.as_bytes()).await?;
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    let mut length = 0usize;
    loop {
        line.clear();
        stream.read_line(&mut line).await?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

fn request_id(body: &str) -> Option<i64> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value[0]["service_request_id"].as_str()?.parse().ok()
}

async fn one_resident(i: usize, o: Arc<Options>, start: Arc<tokio::sync::Barrier>) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(o.each);
    let mut stream = match connect(resident(i), o.address).await {
        Ok(s) => Some(BufReader::new(s)),
        Err(_) => None,
    };
    start.wait().await;
    for n in 0..o.each {
        if !o.think.is_zero() {
            // A fixed, evenly spread pause: a person reading and typing.
            let spread = (i * 7919 + n * 104_729) % 1000;
            tokio::time::sleep(o.think * spread as u32 / 1000).await;
        }
        let body = format!(
            "jurisdiction_id={}&service_code=pothole&description=Load+test+resident+{i}+report+{n}%3A+hole+in+the+road\
             &address_string=Street+{i}+number+{n}&email=resident{i}%40example.org",
            o.jurisdiction
        );
        let began = Instant::now();
        if stream.is_none() {
            stream = connect(resident(i), o.address)
                .await
                .ok()
                .map(BufReader::new);
        }
        let Some(s) = stream.as_mut() else {
            outcomes.push(Outcome::Failed);
            continue;
        };
        match tokio::time::timeout(o.timeout, submit(s, &o, &body)).await {
            Ok(Ok((201, body))) => match request_id(&body) {
                Some(id) => outcomes.push(Outcome::Acked(id, began.elapsed())),
                None => outcomes.push(Outcome::Failed),
            },
            Ok(Ok((status, _))) => outcomes.push(Outcome::Status(status, began.elapsed())),
            _ => {
                outcomes.push(Outcome::Failed);
                stream = None;
            }
        }
    }
    outcomes
}

fn percentile(sorted: &[u128], p: f64) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let o = match options() {
        Ok(o) => Arc::new(o),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let start = Arc::new(tokio::sync::Barrier::new(o.residents + 1));
    let tasks: Vec<_> = (0..o.residents)
        .map(|i| tokio::spawn(one_resident(i, o.clone(), start.clone())))
        .collect();
    start.wait().await;
    let began = Instant::now();
    let mut latencies = Vec::new();
    let mut acked = Vec::new();
    let (mut other, mut failed) = (std::collections::BTreeMap::new(), 0usize);
    for task in tasks {
        for outcome in task.await.unwrap_or_default() {
            match outcome {
                Outcome::Acked(id, t) => {
                    acked.push(id);
                    latencies.push(t.as_micros());
                }
                Outcome::Status(status, t) => {
                    *other.entry(status).or_insert(0usize) += 1;
                    latencies.push(t.as_micros());
                }
                Outcome::Failed => failed += 1,
            }
        }
    }
    let elapsed = began.elapsed();
    latencies.sort_unstable();
    let ids: String = acked.iter().map(|id| format!("{id}\n")).collect();
    if let Err(e) = std::fs::write(&o.acked, ids) {
        eprintln!("error: cannot write {}: {e}", o.acked);
        std::process::exit(2);
    }
    let others: Vec<String> = other.iter().map(|(s, n)| format!("{s}:{n}")).collect();
    println!(
        "RESULT residents={} think_ms={} sent={} acked={} other_status={} failed={} duration_us={} rps={:.0} p50_us={} p99_us={} max_us={}",
        o.residents,
        o.think.as_millis(),
        o.residents * o.each,
        acked.len(),
        if others.is_empty() {
            "none".to_string()
        } else {
            others.join(",")
        },
        failed,
        elapsed.as_micros(),
        (latencies.len() as f64) / elapsed.as_secs_f64(),
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or(0),
    );
}
