package dev.cutover.sandbox.dynalite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dynalite (npm, Apache-2.0), an independent DynamoDB implementation whose validation was written against the live
 * service, as a child process on 127.0.0.1: the reference the engine is compared with. Installs itself on first use with
 * {@code npm ci} from the lock file committed in {@code sandbox/src/test/dynalite}; needs node and npm on the PATH.
 */
public final class Dynalite implements AutoCloseable {

    private final Process process;
    private final URI endpoint;

    private Dynalite(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Installs dynalite if needed and starts it in memory, tables ACTIVE at once. */
    public static Dynalite start() {
        Path home = home();
        install(home);
        int port = freePort();
        try {
            Process process = new ProcessBuilder(List.of("node", home.resolve("node_modules/dynalite/cli.js").toString(),
                    "--port", Integer.toString(port), "--host", "127.0.0.1",
                    "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"))
                    .redirectErrorStream(true)
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.contains("listening")) {
                process.destroyForcibly();
                throw new IllegalStateException("dynalite did not start: " + line);
            }
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // keep the pipe empty
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "dynalite-output");
            drain.setDaemon(true);
            drain.start();
            return new Dynalite(process, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start dynalite with node (is node on the PATH?)", e);
        }
    }

    /** Where the committed package.json and package-lock.json live, found from the working directory up. */
    static Path home() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("sandbox/src/test/dynalite");
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate;
            }
            candidate = p.resolve("src/test/dynalite");
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("sandbox/src/test/dynalite/package-lock.json not found above " + dir);
    }

    private static synchronized void install(Path home) {
        if (Files.isRegularFile(home.resolve("node_modules/dynalite/cli.js"))) {
            return;
        }
        try {
            Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + home + " failed (exit " + (npm.isAlive() ? "timeout" : npm.exitValue())
                        + "); run it by hand to see why");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run npm (is node installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing dynalite", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
