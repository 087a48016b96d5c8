//! Load client for `benches/participation/run.sh`: many residents at once,
//! voting in the demo consultation through its public web form and sending
//! service requests through Open311 (`POST /open311/v2/requests.json`, the
//! path client apps use), mixed in one run.
//!
//! Each resident has its own loopback source address (127.2.x.y), as distinct
//! people have distinct addresses, so the server's per-address limits (5
//! reports, 10 answers to a consultation per 10 minutes) apply to each of
//! them as in real life; one keep-alive connection per resident; all
//! residents start together (closed loop; with `--think-ms T` each resident
//! pauses between 0 and T before each step, a person reading and typing).
//!
//! A voter behaves like a browser: it loads the consultation page (GET),
//! keeps the cookies it is given (the CSRF cookie) and the form's `csrf`
//! token, then posts its answer with `Origin` and `Sec-Fetch-Site:
//! same-origin`: a ranking of the options it found on the page (or one
//! option in a vote), every second voter with the optional demographics
//! (age band, gender, one of the districts offered, disability). An answer
//! is acknowledged by the redirect to its receipt (`303` to
//! `/ballots/{code}?notice=sent`). The consultation's own ceiling (6,000
//! answers per 10 minutes) is a product limit: size `--voters` under it.
//!
//! The run is bounded: `--voters` answers (the first residents vote once
//! each, before their reports) and residents × `--each` reports.
//!
//! Prints one `RESULT key=value ...` line (latency in microseconds: all
//! requests, then `report_`, `page_` and `ballot_` for each kind) and writes
//! the `service_request_id` of every acknowledged report to `--acked FILE`
//! and the receipt code of every acknowledged answer to
//! `--acked-ballots FILE`, one a line, so the script can compare them with
//! the rows in the database.
//!
//! `cargo run --release -p civitas-cli --example participation_load -- \
//!   --address 127.0.0.1:8080 --residents 1000 --each 5 --voters 1000 \
//!   --acked acked.txt --acked-ballots ballots.txt`

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Options {
    address: SocketAddr,
    residents: usize,
    each: usize,
    /// The first this many residents answer the consultation once.
    voters: usize,
    jurisdiction: String,
    /// The consultation page's path; found on the city's list when empty.
    consultation: String,
    acked: String,
    acked_ballots: String,
    timeout: Duration,
    /// Each resident waits up to this long (spread evenly by resident and
    /// step) before each step; 0 sends back to back.
    think: Duration,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        address: "127.0.0.1:8080".parse().map_err(|_| "address")?,
        residents: 1000,
        each: 5,
        voters: 0,
        jurisdiction: "demo-city".into(),
        consultation: String::new(),
        acked: "acked.txt".into(),
        acked_ballots: "acked-ballots.txt".into(),
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
            "--voters" => o.voters = value.parse().map_err(|_| "--voters N")?,
            "--jurisdiction" => o.jurisdiction = value.clone(),
            "--consultation" => o.consultation = value.clone(),
            "--acked" => o.acked = value.clone(),
            "--acked-ballots" => o.acked_ballots = value.clone(),
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
    if o.voters > o.residents {
        return Err("--voters at most --residents".into());
    }
    Ok(o)
}

/// Resident `i`'s own loopback address.
fn resident(i: usize) -> Ipv4Addr {
    Ipv4Addr::new(127, 2, (i / 250) as u8, (i % 250 + 1) as u8)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// An Open311 report.
    Report,
    /// The consultation page, loaded before answering.
    Page,
    /// The answer posted through the public form.
    Ballot,
}

/// What one request came to.
enum Outcome {
    /// Acknowledged (201 with this id / 303 to this receipt code; 200 for a
    /// page), after this long.
    Acked(Kind, String, Duration),
    /// Another status, after this long.
    Status(Kind, u16, Duration),
    /// Connection or protocol failure, or the time limit.
    Failed(Kind),
}

struct Response {
    status: u16,
    /// Lower-cased names.
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

async fn connect(from: Ipv4Addr, to: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((from, 0)))?;
    let stream = socket.connect(to).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Sends one request on a keep-alive connection and reads the response
/// (`Content-Length` or chunked).
async fn exchange(stream: &mut BufReader<TcpStream>, request: &str) -> std::io::Result<Response> {
    stream.get_mut().write_all(request.as_bytes()).await?;
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        stream.read_line(&mut line).await?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let mut response = Response {
        status,
        headers,
        body: String::new(),
    };
    let mut body = Vec::new();
    if response
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            line.clear();
            stream.read_line(&mut line).await?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| std::io::Error::other("bad chunk size"))?;
            let mut chunk = vec![0; size + 2];
            stream.read_exact(&mut chunk).await?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        let length = response
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        body.resize(length, 0);
        stream.read_exact(&mut body).await?;
    }
    response.body = String::from_utf8_lossy(&body).into_owned();
    Ok(response)
}

fn request_id(body: &str) -> Option<i64> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value[0]["service_request_id"].as_str()?.parse().ok()
}

/// The receipt code of `/ballots/{code}?notice=sent`, in its stored form.
fn receipt_code(location: &str) -> Option<String> {
    let code = location.strip_prefix("/ballots/")?.split('?').next()?;
    let plain: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (plain.len() == 16).then(|| {
        plain
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    })
}

/// A browser's cookie jar, reduced to what one site sets.
#[derive(Default)]
struct Jar(BTreeMap<String, String>);

impl Jar {
    fn keep(&mut self, response: &Response) {
        for (name, value) in &response.headers {
            if name != "set-cookie" {
                continue;
            }
            let pair = value.split(';').next().unwrap_or_default();
            if let Some((k, v)) = pair.split_once('=') {
                self.0.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
    }

    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The answer this voter gives, built from the form it was shown.
fn ballot_body(i: usize, page: &str) -> Option<String> {
    let value = |re: &str| -> Vec<String> {
        regex_lite::Regex::new(re)
            .map(|r| {
                r.captures_iter(page)
                    .map(|c| c[1].to_string())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let token = value(r#"name="csrf" value="([^"]+)""#).into_iter().next()?;
    let mut body = format!("csrf={token}");
    let ranks = value(r#"name="rank-(\d+)""#);
    let choices = value(r#"name="choice" value="(\d+)""#);
    if !ranks.is_empty() {
        // A ranking of all the options, or of the first three (rank n
        // goes to option (i + n) mod count), as residents do.
        let count = ranks.len();
        let ranked = if i.is_multiple_of(3) {
            count.min(3)
        } else {
            count
        };
        for n in 0..ranked {
            body.push_str(&format!("&rank-{}={}", ranks[(i + n) % count], n + 1));
        }
    } else if !choices.is_empty() {
        body.push_str(&format!("&choice={}", choices[i % choices.len()]));
    } else {
        return None;
    }
    body.push_str("&comment_kind=comment&comment=&website=");
    if i.is_multiple_of(2) {
        const AGE: [&str; 6] = ["under-18", "18-29", "30-44", "45-64", "65-74", "75-plus"];
        const GENDER: [&str; 3] = ["woman", "man", "another"];
        let districts = page
            .split_once(r#"name="district""#)
            .and_then(|(_, rest)| rest.split_once("</select>"))
            .map(|(select, _)| {
                regex_lite::Regex::new(r#"<option value="(\d+)""#)
                    .map(|r| {
                        r.captures_iter(select)
                            .map(|c| c[1].to_string())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        body.push_str(&format!(
            "&age_band={}&gender={}&disability={}",
            AGE[i % AGE.len()],
            GENDER[i % GENDER.len()],
            if i.is_multiple_of(7) { "yes" } else { "no" }
        ));
        if !districts.is_empty() {
            body.push_str(&format!("&district={}", districts[i % districts.len()]));
        }
    } else {
        body.push_str("&age_band=&gender=&district=&disability=");
    }
    Some(body)
}

/// One resident's connection, reopened after a failure.
struct Connection {
    from: Ipv4Addr,
    stream: Option<BufReader<TcpStream>>,
}

impl Connection {
    /// One timed exchange: the response and how long it took.
    async fn send(&mut self, o: &Options, request: &str) -> Option<(Response, Duration)> {
        let began = Instant::now();
        if self.stream.is_none() {
            self.stream = connect(self.from, o.address).await.ok().map(BufReader::new);
        }
        let stream = self.stream.as_mut()?;
        match tokio::time::timeout(o.timeout, exchange(stream, request)).await {
            Ok(Ok(response)) => Some((response, began.elapsed())),
            _ => {
                self.stream = None;
                None
            }
        }
    }
}

/// A fixed, evenly spread pause before step `n` of resident `i`.
async fn think(o: &Options, i: usize, n: usize) {
    if !o.think.is_zero() {
        let spread = (i * 7919 + n * 104_729) % 1000;
        tokio::time::sleep(o.think * spread as u32 / 1000).await;
    }
}

async fn vote(i: usize, o: &Options, connection: &mut Connection, outcomes: &mut Vec<Outcome>) {
    let mut jar = Jar::default();
    think(o, i, 1000).await;
    let get = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nAccept: text/html\r\nSec-Fetch-Site: none\r\n\r\n",
        o.consultation, o.address
    );
    let page = match connection.send(o, &get).await {
        Some((page, took)) if page.status == 200 => {
            outcomes.push(Outcome::Acked(Kind::Page, String::new(), took));
            page
        }
        Some((page, took)) => {
            outcomes.push(Outcome::Status(Kind::Page, page.status, took));
            outcomes.push(Outcome::Failed(Kind::Ballot));
            return;
        }
        None => {
            outcomes.push(Outcome::Failed(Kind::Page));
            outcomes.push(Outcome::Failed(Kind::Ballot));
            return;
        }
    };
    jar.keep(&page);
    let Some(body) = ballot_body(i, &page.body) else {
        outcomes.push(Outcome::Failed(Kind::Ballot));
        return;
    };
    think(o, i, 1001).await;
    let post = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\nSec-Fetch-Site: same-origin\r\n\
         Cookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        o.consultation,
        o.address,
        o.address,
        jar.header(),
        body.len()
    );
    outcomes.push(match connection.send(o, &post).await {
        Some((answer, took)) => match (
            answer.status,
            answer.header("location").and_then(receipt_code),
        ) {
            (303, Some(code)) => Outcome::Acked(Kind::Ballot, code, took),
            (303, None) => Outcome::Failed(Kind::Ballot),
            (status, _) => Outcome::Status(Kind::Ballot, status, took),
        },
        None => Outcome::Failed(Kind::Ballot),
    });
}

async fn one_resident(i: usize, o: Arc<Options>, start: Arc<tokio::sync::Barrier>) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(o.each + 2);
    let from = resident(i);
    let mut connection = Connection {
        from,
        stream: connect(from, o.address).await.ok().map(BufReader::new),
    };
    start.wait().await;
    if i < o.voters {
        vote(i, &o, &mut connection, &mut outcomes).await;
    }
    for n in 0..o.each {
        think(&o, i, n).await;
        let body = format!(
            "jurisdiction_id={}&service_code=pothole&description=Load+test+resident+{i}+report+{n}%3A+hole+in+the+road\
             &address_string=Street+{i}+number+{n}&email=resident{i}%40example.org",
            o.jurisdiction
        );
        let request = format!(
            "POST /open311/v2/requests.json HTTP/1.1\r\nHost: {}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            o.address,
            body.len()
        );
        outcomes.push(match connection.send(&o, &request).await {
            Some((answer, took)) if answer.status == 201 => match request_id(&answer.body) {
                Some(id) => Outcome::Acked(Kind::Report, id.to_string(), took),
                None => Outcome::Failed(Kind::Report),
            },
            Some((answer, took)) => Outcome::Status(Kind::Report, answer.status, took),
            None => Outcome::Failed(Kind::Report),
        });
    }
    outcomes
}

/// The consultation page's path, from the city's list of consultations.
async fn find_consultation(o: &Options) -> Result<String, String> {
    let list = format!("/cities/{}/consultations", o.jurisdiction);
    let mut connection = Connection {
        from: Ipv4Addr::LOCALHOST,
        stream: None,
    };
    let request = format!("GET {list} HTTP/1.1\r\nHost: {}\r\n\r\n", o.address);
    let (page, _) = connection
        .send(o, &request)
        .await
        .ok_or(format!("cannot load {list}"))?;
    let pattern = format!(r#"href="({}/\d+)""#, regex_lite::escape(&list));
    regex_lite::Regex::new(&pattern)
        .map_err(|e| e.to_string())?
        .captures(&page.body)
        .map(|c| c[1].to_string())
        .ok_or(format!(
            "no consultation on {list} (status {})",
            page.status
        ))
}

fn percentile(sorted: &[u128], p: f64) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// What the requests of one kind (or all) came to.
#[derive(Default)]
struct Tally {
    sent: usize,
    acked: Vec<String>,
    other: BTreeMap<u16, usize>,
    failed: usize,
    latencies: Vec<u128>,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome) {
        self.sent += 1;
        match outcome {
            Outcome::Acked(_, id, t) => {
                self.acked.push(id.clone());
                self.latencies.push(t.as_micros());
            }
            Outcome::Status(_, status, t) => {
                *self.other.entry(*status).or_insert(0) += 1;
                self.latencies.push(t.as_micros());
            }
            Outcome::Failed(_) => self.failed += 1,
        }
    }

    /// `key=value` pairs, each key after `prefix`.
    fn fields(&mut self, prefix: &str) -> String {
        self.latencies.sort_unstable();
        let others: Vec<String> = self.other.iter().map(|(s, n)| format!("{s}:{n}")).collect();
        format!(
            "{prefix}sent={} {prefix}acked={} {prefix}other_status={} {prefix}failed={} \
             {prefix}p50_us={} {prefix}p99_us={} {prefix}max_us={}",
            self.sent,
            self.acked.len(),
            if others.is_empty() {
                "none".to_string()
            } else {
                others.join(",")
            },
            self.failed,
            percentile(&self.latencies, 50.0),
            percentile(&self.latencies, 99.0),
            self.latencies.last().copied().unwrap_or(0),
        )
    }
}

fn write_lines(path: &str, lines: &[String]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("error: cannot write {path}: {e}");
        std::process::exit(2);
    }
}

#[tokio::main]
async fn main() {
    let mut o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    if o.voters > 0 && o.consultation.is_empty() {
        match find_consultation(&o).await {
            Ok(path) => o.consultation = path,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }
    let o = Arc::new(o);
    let start = Arc::new(tokio::sync::Barrier::new(o.residents + 1));
    let tasks: Vec<_> = (0..o.residents)
        .map(|i| tokio::spawn(one_resident(i, o.clone(), start.clone())))
        .collect();
    start.wait().await;
    let began = Instant::now();
    let mut all = Tally::default();
    let mut kinds: BTreeMap<Kind, Tally> = BTreeMap::new();
    for task in tasks {
        for outcome in task.await.unwrap_or_default() {
            all.add(&outcome);
            let kind = match &outcome {
                Outcome::Acked(k, ..) | Outcome::Status(k, ..) | Outcome::Failed(k) => *k,
            };
            kinds.entry(kind).or_default().add(&outcome);
        }
    }
    let elapsed = began.elapsed();
    let mut report = kinds.remove(&Kind::Report).unwrap_or_default();
    let mut page = kinds.remove(&Kind::Page).unwrap_or_default();
    let mut ballot = kinds.remove(&Kind::Ballot).unwrap_or_default();
    write_lines(&o.acked, &report.acked);
    write_lines(&o.acked_ballots, &ballot.acked);
    println!(
        "RESULT residents={} voters={} each={} think_ms={} consultation={} duration_us={} rps={:.0} {} {} {} {}",
        o.residents,
        o.voters,
        o.each,
        o.think.as_millis(),
        if o.consultation.is_empty() {
            "none"
        } else {
            o.consultation.as_str()
        },
        elapsed.as_micros(),
        (all.latencies.len() as f64) / elapsed.as_secs_f64(),
        all.fields(""),
        report.fields("report_"),
        page.fields("page_"),
        ballot.fields("ballot_"),
    );
}
