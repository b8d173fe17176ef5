package dev.cutover.config.action;

import dev.cutover.config.Arns;
import dev.cutover.config.ConfigException;
import dev.cutover.config.Permission;
import dev.cutover.config.Queue;
import dev.cutover.config.SideResources;
import dev.cutover.config.Template;
import dev.cutover.config.internal.ActionSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SendMessage of the request body, byte for byte, to a logical queue, with string message attributes and, for FIFO
 * queues, group and deduplication ids from templates. The router adds the {@code idempotencyKey} attribute.
 *
 * <pre>{@code action: {type: "sqs:SendMessage", queue: orders, messageGroupId: "{body.customerId}", attributes: {op: create}}}</pre>
 */
public record SqsSendMessage(String queue, Map<String, Template> attributes, Optional<Template> messageGroupId,
        Optional<Template> deduplicationId) implements Action {
    public static final String TYPE = "sqs:SendMessage";
    /** SQS: at most 10 message attributes; the router uses one for the idempotency key. */
    public static final int MAX_ATTRIBUTES = 9;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("(?!(?i:aws\\.|amazon\\.))[A-Za-z0-9_-][A-Za-z0-9_.-]{0,255}");

    public SqsSendMessage {
        attributes = Map.copyOf(attributes);
    }

    static SqsSendMessage parse(ActionSyntax s) {
        s.node().allowOnly("type", "queue", "attributes", "messageGroupId", "deduplicationId");
        Queue queue = s.queue("queue");
        Map<String, Template> attributes = s.templates("attributes");
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new ConfigException(s.path() + ".attributes has " + attributes.size() + " entries; SQS allows 10 message attributes"
                    + " and the router adds idempotencyKey, so list at most " + MAX_ATTRIBUTES);
        }
        for (String name : attributes.keySet()) {
            if (!ATTRIBUTE_NAME.matcher(name).matches() || name.contains("..") || name.endsWith(".") || name.equals("idempotencyKey")) {
                throw new ConfigException(s.path() + ".attributes." + name + " is not a valid SQS message attribute name: up to 256"
                        + " of [A-Za-z0-9_.-], not starting with '.', 'AWS.' or 'Amazon.', no '..', not ending with '.',"
                        + " and not idempotencyKey (the router sets it)");
            }
        }
        Optional<Template> group = s.optionalTemplate("messageGroupId");
        Optional<Template> dedup = s.optionalTemplate("deduplicationId");
        if (queue.fifo() && group.isEmpty()) {
            throw new ConfigException(s.path() + ".messageGroupId is required for the FIFO queue '" + queue.name() + "'");
        }
        if (!queue.fifo() && (group.isPresent() || dedup.isPresent())) {
            throw new ConfigException(s.path() + ": messageGroupId and deduplicationId apply only to FIFO queues, but '"
                    + queue.name() + "' is a standard queue");
        }
        s.requireBody("sqs:SendMessage sends the request body");
        return new SqsSendMessage(s.node().string("queue"), attributes, group, dedup);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isRead() {
        return false;
    }

    @Override
    public Service service() {
        return Service.SQS;
    }

    @Override
    public String logicalResource() {
        return queue;
    }

    @Override
    public List<Permission> permissions(SideResources resources, Arns arns, String neededBy) {
        return List.of(Permission.of("sqs:SendMessage", arns.queue(resources.queue(queue).name()), neededBy));
    }

    @Override
    public List<Template> templates() {
        List<Template> out = new ArrayList<>(attributes.values());
        messageGroupId.ifPresent(out::add);
        deduplicationId.ifPresent(out::add);
        return out;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.sendMessage(this);
    }
}
