package dev.cutover.config.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.ConfigException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an operator's cutover has established so far, kept in {@code state.json} of ONE state directory: which tables
 * and parameter trees were verified equal (and when). {@code verify}, {@code migrate ssm} and the demo write it;
 * {@code flags set} reads it to refuse sending reads to data nobody verified. Every command finds the directory the
 * same way ({@link #locate}), so they cannot disagree about it.
 */
public final class CutoverState {
    /** The environment variable naming the state directory when no {@code --state-dir} is given. */
    public static final String STATE_DIR_ENV = "CUTOVER_STATE_DIR";
    /** The state directory when neither {@code --state-dir} nor {@value #STATE_DIR_ENV} names one. */
    public static final String DEFAULT_DIR = ".cutover";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path directory;
    private final Path file;

    public CutoverState(Path directory) {
        this.directory = directory;
        this.file = directory.resolve("state.json");
    }

    /**
     * The one state location: {@code explicitDirectory} (a command's {@code --state-dir}) if given, else
     * {@code $CUTOVER_STATE_DIR}, else {@code .cutover} in the working directory.
     */
    public static CutoverState locate(Path explicitDirectory) {
        if (explicitDirectory != null) {
            return new CutoverState(explicitDirectory);
        }
        String env = System.getenv(STATE_DIR_ENV);
        return new CutoverState(Path.of(env == null || env.isBlank() ? DEFAULT_DIR : env));
    }

    /** The directory holding {@code state.json}. */
    public Path directory() {
        return directory;
    }

    /** Logical names of tables and parameter trees verified equal. */
    public synchronized Set<String> verified() {
        Set<String> out = new LinkedHashSet<>();
        Iterator<String> names = read().path("verified").fieldNames();
        names.forEachRemaining(out::add);
        return out;
    }

    /** Records that {@code logicalName} was verified equal, with a one-line summary (counts, never values). */
    public synchronized void recordVerified(String logicalName, String summary) {
        ObjectNode root = read();
        ObjectNode verified = root.has("verified") ? (ObjectNode) root.get("verified") : root.putObject("verified");
        ObjectNode entry = verified.putObject(logicalName);
        entry.put("at", Instant.now().toString());
        entry.put("summary", summary);
        write(root);
    }

    /** Forgets a verification, e.g. after a failed re-verify. */
    public synchronized void clearVerified(String logicalName) {
        ObjectNode root = read();
        if (root.has("verified")) {
            ((ObjectNode) root.get("verified")).remove(logicalName);
            write(root);
        }
    }

    private ObjectNode read() {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new ConfigException(file + " is not a JSON object; delete it to start over (it only records verifications)");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage() + "; delete it to start over", e);
        }
    }

    private void write(ObjectNode root) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
