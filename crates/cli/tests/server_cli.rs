//! `civitas serve`, `migrate`, `user` and `config` as a person runs them:
//! bad input gives one clear line on standard error, exit code 2, and
//! writes nothing.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn civitas(args: &[&str], stdin: &str, dir: &std::path::Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_civitas"))
        .args(args)
        .current_dir(dir)
        .env_remove("CIVITAS_DATABASE_URL")
        .env_remove("CIVITAS_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run civitas");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("civitas output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn unknown_flags_exit_2_with_usage() {
    let dir = tempfile::tempdir().expect("dir");
    let output = civitas(&["serve", "--no-such-flag"], "", dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--no-such-flag"));
}

#[test]
fn a_malformed_database_url_is_named_and_nothing_is_created() {
    let dir = tempfile::tempdir().expect("dir");
    let output = civitas(&["migrate", "--database-url", "civitas.db"], "", dir.path());
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    assert!(
        message.contains("sqlite://") && message.contains("postgres://"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(99),
        0,
        "nothing written"
    );
}

#[test]
fn an_unreachable_postgres_server_is_reported() {
    let dir = tempfile::tempdir().expect("dir");
    let output = civitas(
        &[
            "migrate",
            "--database-url",
            "postgres://postgres:secret@127.0.0.1:1/civitas",
        ],
        "",
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("cannot reach the PostgreSQL database"),
        "{message}"
    );
    assert!(
        !message.contains("secret"),
        "the password is hidden: {message}"
    );
}

#[test]
fn a_port_in_use_is_reported_before_the_database_is_touched() {
    let dir = tempfile::tempdir().expect("dir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = taken.local_addr().expect("address").to_string();
    let output = civitas(
        &[
            "serve",
            "--bind",
            &address,
            "--database-url",
            "sqlite://civitas.db",
        ],
        "",
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("already in use"), "{message}");
    assert!(
        !dir.path().join("civitas.db").exists(),
        "no database file was created"
    );
}

#[test]
fn migrate_then_add_the_first_platform_admin_with_a_piped_password() {
    let dir = tempfile::tempdir().expect("dir");
    let url = "sqlite://civitas.db";
    let migrated = civitas(&["migrate", "--database-url", url], "", dir.path());
    assert_eq!(migrated.status.code(), Some(0), "{}", stderr(&migrated));
    let added = civitas(
        &[
            "user",
            "add",
            "--email",
            "Root@City.example",
            "--role",
            "platform-admin",
            "--database-url",
            url,
        ],
        "a long passphrase\n",
        dir.path(),
    );
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    assert!(String::from_utf8_lossy(&added.stdout).contains("root@city.example"));

    let again = civitas(
        &[
            "user",
            "add",
            "--email",
            "root@city.example",
            "--role",
            "platform-admin",
            "--database-url",
            url,
        ],
        "a long passphrase\n",
        dir.path(),
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("--email: is already in use"),
        "{}",
        stderr(&again)
    );

    let weak = civitas(
        &[
            "user",
            "add",
            "--email",
            "b@city.example",
            "--role",
            "platform-admin",
            "--database-url",
            url,
        ],
        "short\n",
        dir.path(),
    );
    assert_eq!(weak.status.code(), Some(2));
    assert!(
        stderr(&weak).contains("--password: expected at least 8 characters"),
        "{}",
        stderr(&weak)
    );

    let no_city = civitas(
        &[
            "user",
            "add",
            "--email",
            "c@city.example",
            "--role",
            "viewer",
            "--database-url",
            url,
        ],
        "a long passphrase\n",
        dir.path(),
    );
    assert_eq!(no_city.status.code(), Some(2));
    assert!(stderr(&no_city).contains("--city"), "{}", stderr(&no_city));

    let invite = civitas(
        &[
            "user",
            "invite",
            "--email",
            "d@city.example",
            "--city",
            "nowhere",
            "--role",
            "viewer",
            "--database-url",
            url,
        ],
        "",
        dir.path(),
    );
    assert_eq!(invite.status.code(), Some(2));
    assert!(
        stderr(&invite).contains("--city \"nowhere\""),
        "{}",
        stderr(&invite)
    );

    let reset = civitas(
        &[
            "user",
            "password",
            "--email",
            "nobody@city.example",
            "--database-url",
            url,
        ],
        "a long passphrase\n",
        dir.path(),
    );
    assert_eq!(reset.status.code(), Some(2));
    assert!(stderr(&reset).contains("no account has this address"));
}

#[test]
fn the_password_is_never_a_flag() {
    let dir = tempfile::tempdir().expect("dir");
    let output = civitas(
        &[
            "user",
            "add",
            "--email",
            "a@b.example",
            "--role",
            "platform-admin",
            "--password",
            "x",
        ],
        "",
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_configuration_example_parses_and_a_bad_file_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    let example = civitas(&["config", "example"], "", dir.path());
    assert_eq!(example.status.code(), Some(0));
    std::fs::write(dir.path().join("civitas.toml"), &example.stdout).expect("write");
    let ok = civitas(&["migrate", "--config", "civitas.toml"], "", dir.path());
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(dir.path().join("civitas.db").exists());

    std::fs::write(dir.path().join("bad.toml"), "databse_url = 'x'\n").expect("write");
    let bad = civitas(&["migrate", "--config", "bad.toml"], "", dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("bad.toml") && stderr(&bad).contains("databse_url"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().expect("dir");
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
        &["user", "add", "--help"],
        &["config", "--help"],
    ] {
        let output = civitas(args, "", dir.path());
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}
