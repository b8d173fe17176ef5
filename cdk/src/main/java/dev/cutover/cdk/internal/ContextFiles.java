package dev.cutover.cdk.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cdk.CdkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The context the CDK CLI would pass, for runs without the CLI: cdk.json's "context", then
 * cdk.context.json on top (the CLI's precedence), then Java system properties
 * {@code cutover.context.KEY=VALUE} (what {@code -c KEY=VALUE} is to the CLI).
 */
public final class ContextFiles {
    public static final String PROPERTY_PREFIX = "cutover.context.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContextFiles() {
    }

    public static Map<String, Object> read(Path baseDir) {
        Map<String, Object> context = new LinkedHashMap<>();
        Map<String, Object> cdkJson = readObject(baseDir.resolve("cdk.json"));
        if (cdkJson.get("context") instanceof Map<?, ?> fromCdkJson) {
            fromCdkJson.forEach((k, v) -> context.put(k.toString(), v));
        }
        context.putAll(readObject(baseDir.resolve("cdk.context.json")));
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(PROPERTY_PREFIX))
                .forEach(n -> context.put(n.substring(PROPERTY_PREFIX.length()), System.getProperty(n)));
        return context;
    }

    private static Map<String, Object> readObject(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new CdkException(file + " is not a JSON object: " + e.getMessage(), e);
        }
    }
}
