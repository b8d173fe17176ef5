package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.value.AttributeValue;
import dev.cutover.dynamodb.internal.value.AttributeValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The engine's one JSON factory and mapper, and a small writer for responses. */
final class Json {

    static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return MAPPER.createObjectNode();
            }
            if (parser.nextToken() != null) {
                throw DynamoDbException.serialization("Start of structure or map found where not expected");
            }
            if (!node.isObject()) {
                throw DynamoDbException.serialization("Start of structure or map found where not expected");
            }
            return node;
        } catch (IOException e) {
            throw DynamoDbException.serialization("The request body is not valid JSON");
        }
    }

    /** Serialises an item to the compact DynamoDB JSON the engine stores. */
    static byte[] itemBytes(Map<String, AttributeValue> item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            AttributeValues.writeItem(g, item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Map<String, AttributeValue> readItemBytes(byte[] json) {
        try {
            return AttributeValues.readItem(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a response body with a generator; {@link #bytes()} closes it. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        final JsonGenerator g;

        Writer() {
            try {
                g = FACTORY.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] bytes() {
            try {
                g.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    /** A generator step that may throw IOException. */
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Body body) {
        Writer w = new Writer();
        try {
            body.write(w.g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.bytes();
    }
}
