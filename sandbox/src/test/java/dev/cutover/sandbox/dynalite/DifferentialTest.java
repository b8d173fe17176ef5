package dev.cutover.sandbox.dynalite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.dynamodb.DynamoDbEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential fidelity test: replays the request corpus in {@code src/test/resources/dynamodb-corpus} against the
 * project's engine (in-process) and against dynalite (an independent implementation whose validation was written
 * against the live service), step by step, and compares HTTP status, the error {@code __type} (after '#') and the
 * normalised body. Error messages are compared too, but a mismatch is only reported in the summary printed at the end.
 *
 * <p>Each corpus file is an ordered list of steps run against a fresh engine and a fresh dynalite. A step is
 * {@code {"name", "op", "body" | "rawBody", "expect"?, "why"?, "engine"?, "dynaliteOp"?, "dynaliteBody"?, "dynaliteFixup"?}}:
 * <ul>
 *   <li>{@code expect: "same"} (the default): both answers must agree.</li>
 *   <li>{@code expect: "differs"}: dynalite differs from AWS's documented behaviour; {@code why} cites the documentation
 *   and the engine's answer must equal {@code engine} ({@code status}, {@code type}, optional {@code body}); a
 *   {@code dynaliteFixup} ({@code op}, {@code body}) then brings dynalite's state back in line.</li>
 *   <li>{@code expect: "engine-only"}: dynalite has no support (transactions, TTL updates, ...); only the engine runs
 *   and must answer {@code engine}. {@code dynaliteOp}/{@code dynaliteBody}, when given, are sent to dynalite instead
 *   so that both stores keep the same items.</li>
 * </ul>
 * Bodies may use three macros: a string {@code "$repeat(c,n)"} becomes c repeated n times; an object
 * {@code {"$nest": n, "type": "M"|"L", "leaf": av}} becomes an attribute value nested n levels deep; an array element
 * {@code {"$times": n, "template": x}} becomes n copies of x with {@code $i} in its strings replaced by 0..n-1.
 */
class DifferentialTest {

    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "us-east-1";
    private static final List<String> FILES = List.of("control-plane.json", "items.json", "update-expressions.json",
            "conditions.json", "query-scan.json", "batches.json", "transactions.json", "limits.json");
    /** Fields that differ from run to run on any implementation (times, ids, stream labels). */
    private static final Set<String> VOLATILE = Set.of("CreationDateTime", "TableId", "LatestStreamLabel", "LatestStreamArn",
            "LastIncreaseDateTime", "LastDecreaseDateTime", "LastUpdateToPayPerRequestDateTime", "RequestId");
    /**
     * Known differences in a field the table description carries, named here and listed in the summary: compared on
     * neither side.
     */
    private static final Map<String, String> FIELD_DIFFERENCES = Map.of(
            "DeletionProtectionEnabled", "TableDescription.DeletionProtectionEnabled is in the API reference and the service"
                    + " always returns it; dynalite 4 predates it (engine follows the documentation)",
            "TableThroughputModeSummary", "dynalite returns TableThroughputModeSummary, which the API reference's"
                    + " TableDescription does not have (engine follows the documentation)",
            "ConsumedCapacity.ReadCapacityUnits/WriteCapacityUnits", "the engine adds them next to CapacityUnits as the service"
                    + " does (API reference ConsumedCapacity); dynalite 4 gives CapacityUnits only, which is compared exactly");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<Dynalite> STARTED = new ArrayList<>();
    private static final Summary SUMMARY = new Summary();

    @TestFactory
    Stream<DynamicNode> corpus_eachRequest_answersAsDynaliteOrTheDocumentationDoes() {
        return FILES.stream().map(file -> {
            Run run = new Run();
            List<DynamicNode> tests = new ArrayList<>();
            int n = 0;
            for (JsonNode step : load(file)) {
                n++;
                String name = String.format("%03d %s", n, step.path("name").asText());
                tests.add(DynamicTest.dynamicTest(name, () -> run.check(file, name, step)));
            }
            tests.add(DynamicTest.dynamicTest("end of " + file, run::close));
            return DynamicContainer.dynamicContainer(file, tests);
        });
    }

    @AfterAll
    static void summary() {
        STARTED.forEach(Dynalite::close);
        System.out.println(SUMMARY.render());
    }

    /** One corpus file's run: a fresh engine and a fresh dynalite, started on the first step. */
    private static final class Run {
        private DynamoDbEngine engine;
        private Dynalite dynalite;

        void check(String file, String name, JsonNode step) throws IOException {
            if (engine == null) {
                engine = DynamoDbEngine.builder().ttlSweepInterval(Duration.ZERO).build();
                dynalite = Dynalite.start();
                STARTED.add(dynalite);
            }
            String expect = step.path("expect").asText("same");
            String op = step.path("op").asText();
            byte[] body = body(step, "body");
            Answer mine = Answer.of(engine.handle(ACCOUNT, REGION, op, body));
            String label = file + " " + name;
            switch (expect) {
                case "same" -> {
                    Answer theirs = dynalite(op, body);
                    try {
                        assertThat(mine.status()).as(label + " status; engine=%s dynalite=%s", mine, theirs).isEqualTo(theirs.status());
                        assertThat(mine.type()).as(label + " __type; engine=%s dynalite=%s", mine, theirs).isEqualTo(theirs.type());
                        assertThat(normalise(op, mine.comparable())).as(label + " body")
                                .isEqualTo(normalise(op, theirs.comparable()));
                    } catch (AssertionError e) {
                        SUMMARY.count(label, "failed", mine, theirs);
                        throw e;
                    }
                    SUMMARY.count(label, "same", mine, theirs);
                }
                case "differs" -> {
                    Answer theirs = dynalite(op, body);
                    if (step.has("dynaliteFixup")) {
                        JsonNode fixup = step.get("dynaliteFixup");
                        dynalite(fixup.path("op").asText(), MAPPER.writeValueAsBytes(expand(fixup.path("body"))));
                    }
                    SUMMARY.count(label + " — " + step.path("why").asText(), "differs", mine, theirs);
                    assertDocumented(label, op, step, mine);
                }
                case "engine-only" -> {
                    if (step.has("dynaliteOp")) {
                        Answer theirs = dynalite(step.get("dynaliteOp").asText(), body(step, "dynaliteBody"));
                        assertThat(theirs.status()).as(label + " dynalite stand-in " + theirs).isEqualTo(200);
                    }
                    SUMMARY.count(label + " — " + step.path("why").asText(), "engine-only", mine, null);
                    assertDocumented(label, op, step, mine);
                }
                default -> throw new IllegalArgumentException(label + ": expect must be same, differs or engine-only, but was " + expect);
            }
        }

        /**
         * One call to dynalite. Its CreateTable, UpdateTable and DeleteTable finish asynchronously even with the delays set
         * to 0 (the table shows CREATING, UPDATING or DELETING for a moment), which the engine's do not: after one, wait
         * until dynalite's table is ACTIVE with every index ACTIVE, or gone, so the next step (a BatchWriteItem, a
         * ListTables, a fixup DeleteTable that a CREATING table would refuse) does not depend on how busy the machine is.
         */
        private Answer dynalite(String op, byte[] body) {
            Answer answer = send(op, body);
            if ((op.equals("CreateTable") || op.equals("UpdateTable")) && answer.status() == 200) {
                await(body, "ACTIVE", described -> described.status() == 200 && allActive(described.body()));
            }
            if (op.equals("DeleteTable") && answer.status() == 200) {
                await(body, "gone", described -> described.status() == 400);
            }
            return answer;
        }

        /** Polls dynalite's DescribeTable of {@code body}'s table until {@code done} (60 s at most). */
        private void await(byte[] body, String state, Predicate<Answer> done) {
            byte[] describe;
            try {
                describe = MAPPER.writeValueAsBytes(Map.of("TableName", MAPPER.readTree(body).path("TableName").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Answer described = send("DescribeTable", describe);
            while (!done.test(described)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("dynalite's table is not " + state + " 60 s after " + new String(body, StandardCharsets.UTF_8)
                            + ": " + described);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                described = send("DescribeTable", describe);
            }
        }

        private static boolean allActive(JsonNode describeTableBody) {
            JsonNode table = describeTableBody.path("Table");
            if (!"ACTIVE".equals(table.path("TableStatus").asText())) {
                return false;
            }
            for (JsonNode index : table.path("GlobalSecondaryIndexes")) {
                if (!"ACTIVE".equals(index.path("IndexStatus").asText())) {
                    return false;
                }
            }
            return true;
        }

        private Answer send(String op, byte[] body) {
            HttpRequest request = HttpRequest.newBuilder(dynalite.endpoint())
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "DynamoDB_20120810." + op)
                    .header("X-Amz-Date", "20240101T000000Z")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/" + REGION
                            + "/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=00")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            try {
                HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
                return Answer.of(response.statusCode(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void close() {
            if (dynalite != null) {
                dynalite.close();
                STARTED.remove(dynalite);
                engine.close();
            }
        }
    }

    private static void assertDocumented(String label, String op, JsonNode step, Answer mine) {
        JsonNode documented = step.path("engine");
        assertThat(documented.isObject()).as(label + " needs an \"engine\" expectation").isTrue();
        assertThat(mine.status()).as(label + " status; engine=%s", mine).isEqualTo(documented.path("status").asInt(200));
        assertThat(mine.type()).as(label + " __type; engine=%s", mine).isEqualTo(documented.path("type").asText(""));
        if (documented.has("message")) {
            assertThat(mine.message()).as(label + " message").isEqualTo(documented.get("message").asText());
        }
        if (documented.has("body")) {
            assertThat(normalise(op, mine.comparable())).as(label + " body")
                    .isEqualTo(normalise(op, expand(documented.get("body").deepCopy())));
        }
    }

    /** A status and parsed body; {@code type} is the part of {@code __type} after '#', empty on success. */
    private record Answer(int status, JsonNode body) {

        static Answer of(DynamoDbEngine.Response r) {
            return of(r.status(), r.body());
        }

        static Answer of(int status, byte[] bytes) {
            try {
                JsonNode body = bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
                if (body.isTextual() && body.asText().isEmpty()) {
                    // dynalite answers the operations without output (TagResource, UntagResource) with "", the service with {}
                    body = MAPPER.createObjectNode();
                }
                return new Answer(status, body);
            } catch (IOException e) {
                return new Answer(status, TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8)));
            }
        }

        String type() {
            String t = body.path("__type").asText("");
            return t.substring(t.indexOf('#') + 1);
        }

        String message() {
            return body.has("message") ? body.get("message").asText() : body.path("Message").asText("");
        }

        /** The body without the error's type and message, which are compared on their own. */
        JsonNode comparable() {
            JsonNode copy = body.deepCopy();
            if (copy instanceof ObjectNode o) {
                o.remove(List.of("__type", "message", "Message"));
            }
            return copy;
        }

        @Override
        public String toString() {
            String text = body.toString();
            return status + " " + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
        }
    }

    // ---------------------------------------------------------------- normalisation

    static JsonNode normalise(String op, JsonNode node) {
        JsonNode n = strip(node, false);
        if (n instanceof ObjectNode o) {
            if (op.equals("Scan") && o.get("Items") instanceof ArrayNode items) {
                o.set("Items", sorted(items));
            }
            if (op.equals("BatchGetItem") && o.get("Responses") instanceof ObjectNode responses) {
                responses.fieldNames().forEachRemaining(t -> responses.set(t, sorted((ArrayNode) responses.get(t))));
            }
            if (op.equals("ListTagsOfResource") && o.get("Tags") instanceof ArrayNode tags) {
                o.set("Tags", sorted(tags));
            }
        }
        return n;
    }

    /** Drops volatile fields, writes every number as a plain decimal (1 and 1.0 are the same capacity). */
    private static JsonNode strip(JsonNode node, boolean capacity) {
        if (node instanceof ObjectNode o) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                boolean capacityUnits = capacity && (k.equals("ReadCapacityUnits") || k.equals("WriteCapacityUnits"));
                if (!VOLATILE.contains(k) && !FIELD_DIFFERENCES.containsKey(k) && !capacityUnits) {
                    out.set(k, strip(e.getValue(), capacity || k.equals("ConsumedCapacity")));
                }
            }
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            a.forEach(x -> out.add(strip(x, capacity)));
            return out;
        }
        if (node.isNumber()) {
            return DecimalNode.valueOf(node.decimalValue().stripTrailingZeros());
        }
        return node;
    }

    private static ArrayNode sorted(ArrayNode items) {
        List<JsonNode> list = new ArrayList<>();
        items.forEach(list::add);
        list.sort(Comparator.comparing(DifferentialTest::canonical));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        list.forEach(out::add);
        return out;
    }

    /** A key-order-independent text for sorting. */
    private static String canonical(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            StringBuilder sb = new StringBuilder("{");
            keys.forEach(k -> sb.append(k).append(':').append(canonical(o.get(k))).append(','));
            return sb.append('}').toString();
        }
        return node.toString();
    }

    // ---------------------------------------------------------------- corpus

    private static List<JsonNode> load(String file) {
        try (InputStream in = DifferentialTest.class.getResourceAsStream("/dynamodb-corpus/" + file)) {
            if (in == null) {
                throw new IllegalStateException("corpus file dynamodb-corpus/" + file + " is missing");
            }
            List<JsonNode> steps = new ArrayList<>();
            MAPPER.readTree(in).forEach(steps::add);
            return steps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] body(JsonNode step, String field) {
        String raw = field.equals("body") ? "rawBody" : "rawDynaliteBody";
        if (step.has(raw)) {
            return step.get(raw).asText().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return MAPPER.writeValueAsBytes(expand(step.path(field).deepCopy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode expand(JsonNode node) {
        if (node.isTextual()) {
            String s = node.asText();
            if (s.startsWith("$repeat(") && s.endsWith(")")) {
                String[] args = s.substring(8, s.length() - 1).split(",");
                return TextNode.valueOf(args[0].repeat(Integer.parseInt(args[1].trim())));
            }
            return node;
        }
        if (node instanceof ObjectNode o) {
            if (o.has("$nest")) {
                JsonNode value = expand(o.get("leaf"));
                String type = o.path("type").asText("M");
                for (int i = 0; i < o.get("$nest").asInt(); i++) {
                    ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
                    if (type.equals("L")) {
                        wrapper.putArray("L").add(value);
                    } else {
                        wrapper.putObject("M").set("a", value);
                    }
                    value = wrapper;
                }
                return value;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            o.fields().forEachRemaining(e -> out.set(e.getKey(), expand(e.getValue())));
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode x : a) {
                if (x instanceof ObjectNode o && o.has("$times")) {
                    for (int i = 0; i < o.get("$times").asInt(); i++) {
                        out.add(expand(replaceIndex(o.get("template"), Integer.toString(i))));
                    }
                } else {
                    out.add(expand(x));
                }
            }
            return out;
        }
        return node;
    }

    private static JsonNode replaceIndex(JsonNode node, String i) {
        if (node.isTextual()) {
            return TextNode.valueOf(node.asText().replace("$i", i));
        }
        if (node instanceof ObjectNode o) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            o.fields().forEachRemaining(e -> out.set(e.getKey().replace("$i", i), replaceIndex(e.getValue(), i)));
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            a.forEach(x -> out.add(replaceIndex(x, i)));
            return out;
        }
        return node;
    }

    /** Counts per expectation, named differences and mismatching error messages, printed after the run. */
    private static final class Summary {
        private final ConcurrentLinkedQueue<String> differs = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> engineOnly = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        private int same;

        synchronized void count(String label, String kind, Answer mine, Answer theirs) {
            switch (kind) {
                case "same" -> {
                    same++;
                    if (!mine.message().equals(theirs.message())) {
                        messages.add(label + "\n      engine:   " + mine.message() + "\n      dynalite: " + theirs.message());
                    }
                }
                case "differs" -> differs.add(label + "\n      engine:   " + mine + "\n      dynalite: " + theirs);
                case "failed" -> failed.add(label);
                default -> engineOnly.add(label);
            }
        }

        synchronized String render() {
            StringBuilder sb = new StringBuilder("\n==== DynamoDB differential corpus ====\n");
            sb.append("requests: ").append(same + failed.size() + differs.size() + engineOnly.size()).append(", same as dynalite: ")
                    .append(same).append(", NOT the same: ").append(failed.size())
                    .append(", documented differences: ").append(differs.size())
                    .append(", engine-only (dynalite has no support): ").append(engineOnly.size()).append('\n');
            failed.forEach(d -> sb.append("  MISMATCH ").append(d).append('\n'));
            sb.append("-- fields compared on neither side:\n");
            FIELD_DIFFERENCES.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
            sb.append("-- documented differences (dynalite deviates from AWS; the engine follows the documentation):\n");
            differs.forEach(d -> sb.append("  ").append(d).append('\n'));
            sb.append("-- engine-only:\n");
            engineOnly.forEach(d -> sb.append("  ").append(d).append('\n'));
            sb.append("-- error messages that differ (status and __type agree):\n");
            messages.forEach(d -> sb.append("  ").append(d).append('\n'));
            return sb.toString();
        }
    }
}
