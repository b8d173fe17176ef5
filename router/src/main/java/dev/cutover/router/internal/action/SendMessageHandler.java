package dev.cutover.router.internal.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.Side;
import dev.cutover.config.Template;
import dev.cutover.config.action.SqsSendMessage;
import dev.cutover.router.RouterRequest;
import dev.cutover.router.internal.backend.BackendResult;
import dev.cutover.router.internal.http.CallPlanner;
import dev.cutover.router.internal.http.HttpFailure;
import dev.cutover.router.internal.http.RequestValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * sqs:SendMessage of the request body exactly as sent, answering 202 {@code {"messageId", "idempotencyKey"}}. Every SQS
 * limit is checked before the call, so a request SQS would refuse is the caller's 400, never a 502: message size
 * (body plus attributes) at most 256 KiB, only the characters SQS allows, group and deduplication ids of 1 to 128
 * printable ASCII characters.
 */
final class SendMessageHandler implements ActionHandler {
    /** The message attribute carrying the idempotency key both sides share. */
    static final String IDEMPOTENCY_KEY_ATTRIBUTE = "idempotencyKey";
    /** SQS's maximum message size: body, attribute names, types and values together. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final int MAX_ID_LENGTH = 128;
    private static final Pattern FIFO_ID = Pattern.compile("[\\x21-\\x7E]{1," + MAX_ID_LENGTH + "}");

    private final HandlerContext context;
    private final SqsSendMessage action;
    private final boolean fifo;

    SendMessageHandler(HandlerContext context, SqsSendMessage action) {
        this.context = context;
        this.action = action;
        this.fifo = context.resources(Side.LEGACY).queue(action.queue()).fifo();
    }

    @Override
    public boolean sendsBody() {
        return true;
    }

    /** The message of one request, checked against SQS's limits. */
    private record Message(SendMessageHandler handler, String body, Map<String, String> attributes, Optional<String> groupId,
            String idempotencyKey) implements PlannedCall {
        @Override
        public BackendResult call(Side side, Duration deadline) {
            return handler.call(side, deadline, this);
        }
    }

    @Override
    public PlannedCall plan(RequestValues values) {
        RouterRequest request = values.request();
        String body = request.body();
        Map<String, String> attributes = new LinkedHashMap<>();
        action.attributes().forEach((name, template) -> attributes.put(name, values.render(template, "message attribute " + name)));
        Optional<String> group = action.messageGroupId().map(t -> values.render(t, "messageGroupId"));
        String key = idempotencyKey(values, request);
        attributes.put(IDEMPOTENCY_KEY_ATTRIBUTE, key);
        check(body, attributes, group, key);
        return new Message(this, body, attributes, group, key);
    }

    private void check(String body, Map<String, String> attributes, Optional<String> group, String key) {
        int invalid = firstInvalidCharacter(body);
        if (invalid >= 0) {
            throw HttpFailure.badRequest("the request body has a character SQS does not allow in a message (U+"
                    + String.format("%04X", invalid) + "); allowed: tab, newline, carriage return and U+0020 to U+10FFFF"
                    + " except surrogates, U+FFFE and U+FFFF");
        }
        long size = body.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            if (firstInvalidCharacter(a.getValue()) >= 0) {
                throw HttpFailure.badRequest("message attribute " + a.getKey() + " has a character SQS does not allow");
            }
            size += a.getKey().getBytes(StandardCharsets.UTF_8).length + "String".length()
                    + a.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_MESSAGE_BYTES) {
            throw HttpFailure.badRequest("the message would be " + size + " bytes (body and attributes); SQS allows at most "
                    + MAX_MESSAGE_BYTES + " (256 KiB): send a smaller body");
        }
        if (fifo) {
            group.ifPresent(g -> fifoId("messageGroupId", g));
            fifoId(action.deduplicationId().isPresent() ? "deduplicationId" : "the idempotency key (deduplication id)", key);
        }
    }

    private static void fifoId(String what, String value) {
        if (!FIFO_ID.matcher(value).matches()) {
            throw HttpFailure.badRequest(what + " must be 1 to " + MAX_ID_LENGTH + " printable ASCII characters for a FIFO queue,"
                    + " but was " + value.length() + " characters"
                    + (value.length() <= MAX_ID_LENGTH ? " with a character SQS refuses" : ""));
        }
    }

    /** The index's code point of the first character SQS refuses, or -1. */
    static int firstInvalidCharacter(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                    || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!ok) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** The deduplication template when configured, else the caller's Idempotency-Key header, else the request id. */
    private String idempotencyKey(RequestValues values, RouterRequest request) {
        if (action.deduplicationId().isPresent()) {
            return values.render(action.deduplicationId().get(), "deduplicationId");
        }
        String header = request.header(CallPlanner.IDEMPOTENCY_KEY_HEADER);
        if (header != null) {
            return RequestValues.checked(new Template.Ref(Template.Source.HEADER, CallPlanner.IDEMPOTENCY_KEY_HEADER), header);
        }
        return request.requestId();
    }

    private BackendResult call(Side side, Duration deadline, Message m) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        SendMessageRequest.Builder b = SendMessageRequest.builder().queueUrl(context.clients().queueUrl(side, action.queue()))
                .messageBody(m.body()).messageAttributes(attributes).overrideConfiguration(HandlerContext.deadline(deadline));
        if (fifo) {
            b.messageGroupId(m.groupId().orElseThrow()).messageDeduplicationId(m.idempotencyKey());
        }
        SendMessageResponse r = context.clients().sqs(side).sendMessage(b.build());
        ObjectNode body = BackendResult.NODES.objectNode();
        body.put("messageId", r.messageId());
        body.put("idempotencyKey", m.idempotencyKey());
        return new BackendResult(202, body);
    }
}
