//! PostgreSQL clusters a fault test owns (stopped, crashed, replicated,
//! promoted) and HAProxy in front of a primary and its replica.

use super::*;

/// A PostgreSQL cluster of the test's own, which it may stop and start.
pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    pub port: u16,
    /// More `-c name=value` settings for the server.
    settings: String,
}

impl Cluster {
    fn pg_ctl(&self) -> Command {
        let mut cmd = as_postgres(self.bin.join("pg_ctl"));
        cmd.arg("-D").arg(self.dir.path().join("data"));
        cmd
    }

    /// initdb and start, as user postgres when the test runs as root.
    pub fn start() -> Self {
        Self::start_with("")
    }

    fn empty(settings: &str) -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's binaries: scripts/test installs them")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .max()
            .expect("a PostgreSQL version");
        let dir = tempfile::Builder::new()
            .prefix("palisade-fault-pg.")
            .tempdir()
            .unwrap();
        if is_root() {
            let status = Command::new("chown")
                .arg("postgres")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        Self {
            bin,
            dir,
            port: unused_port(),
            settings: settings.to_owned(),
        }
    }

    /// The same with more server settings (`-c name=value …`).
    pub fn start_with(settings: &str) -> Self {
        let cluster = Self::empty(settings);
        let init = as_postgres(cluster.bin.join("initdb"))
            .arg("-D")
            .arg(cluster.dir.path().join("data"))
            .args(["-U", "postgres", "-A", "trust", "-N"])
            .output()
            .unwrap();
        assert!(
            init.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        cluster.run_start();
        cluster
    }

    /// A streaming replica of `primary` (pg_basebackup -R), started.
    pub fn replica_of(primary: &Cluster) -> Self {
        let replica = Self::empty("");
        let copy = as_postgres(replica.bin.join("pg_basebackup"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &primary.port.to_string(),
                "-U",
                "postgres",
                "-R",
                "-X",
                "stream",
                "-D",
            ])
            .arg(replica.dir.path().join("data"))
            .output()
            .unwrap();
        assert!(
            copy.status.success(),
            "pg_basebackup: {}",
            String::from_utf8_lossy(&copy.stderr)
        );
        replica.run_start();
        replica
    }

    /// `pg_ctl promote`: a replica becomes a primary.
    pub fn promote(&self) {
        self.pg_ctl_ok(&["-w", "promote"]);
    }

    /// `pg_ctl stop -m immediate`: the machine is gone.
    pub fn crash(&self) {
        self.pg_ctl_ok(&["-m", "immediate", "-w", "stop"]);
    }

    pub(super) fn run_start(&self) {
        let log = self.dir.path().join("log");
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100 {}",
            self.port,
            self.dir.path().display(),
            self.settings
        );
        let log = log.to_string_lossy();
        self.pg_ctl_ok(&["-l", &log, "-w", "-o", &options, "start"]);
    }

    /// `pg_ctl ARGS`, which must succeed.
    fn pg_ctl_ok(&self, args: &[&str]) {
        let out = self.pg_ctl().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "pg_ctl {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `pg_ctl stop -m fast`: sessions are ended, queries in flight answered
    /// 57P01.
    pub fn stop_fast(&self) {
        self.pg_ctl_ok(&["-m", "fast", "-w", "stop"]);
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg_ctl().args(["-m", "immediate", "stop"]).output();
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

/// `program`, as user postgres when we are root (initdb refuses root).
fn as_postgres(program: PathBuf) -> Command {
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

/// HAProxy in front of a primary and its replica (TCP, health-checked as
/// PostgreSQL): the stable address applications use through a failover.
pub(super) fn haproxy(
    primary: &Cluster,
    replica: &Cluster,
    dir: &std::path::Path,
) -> (crate::process::Group, u16) {
    let port = unused_port();
    let config = dir.join("haproxy.cfg");
    std::fs::write(
        &config,
        format!(
            "global\n  maxconn 400\ndefaults\n  mode tcp\n  timeout connect 1s\n  timeout client 60s\n  timeout server 60s\n\
             listen postgres\n  bind 127.0.0.1:{port}\n  option pgsql-check user postgres\n  \
             default-server inter 200ms fall 2 rise 2 on-marked-down shutdown-sessions\n  \
             server primary 127.0.0.1:{} check\n  server replica 127.0.0.1:{} check backup\n",
            primary.port, replica.port
        ),
    )
    .unwrap();
    let group =
        crate::process::Group::spawn(Command::new("haproxy").arg("-db").arg("-f").arg(&config));
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "haproxy did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    (group, port)
}
